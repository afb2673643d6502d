import type { ZodError } from 'zod';
import type { ErrorBody } from '../protocol/errors.js';

/** An error with its HTTP status and a stable code; every error body the gateway sends has this shape. */
export class GatewayError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    const body: ErrorBody = {
      statusCode: this.statusCode,
      code: this.code,
      error: STATUS_TEXT[this.statusCode] ?? 'Error',
      message: this.message,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The catalogue: one constructor per kind of refusal. */
export const Errors = {
  validation: (part: 'body' | 'query' | 'params', issues: { path: string; message: string }[]) =>
    new GatewayError(
      400,
      'VALIDATION_FAILED',
      `invalid ${part}: ${issues
        .slice(0, 3)
        .map((i) => `${i.path || '(root)'}: ${i.message}`)
        .join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`,
      issues,
    ),
  badKey: () => new GatewayError(401, 'BAD_SOURCE_KEY', 'missing or unknown source key'),
  unauthorized: (why = 'missing or invalid session token') => new GatewayError(401, 'UNAUTHORIZED', why),
  badCredentials: () => new GatewayError(401, 'BAD_CREDENTIALS', 'wrong username or password'),
  outOfScope: (what: string, scope: string, details?: { path: string; message: string }[]) =>
    new GatewayError(403, 'OUT_OF_SCOPE', `${what} is outside scope ${scope}`, details),
  forbidden: (why: string) => new GatewayError(403, 'FORBIDDEN', why),
  notFound: (what: string) => new GatewayError(404, 'NOT_FOUND', `${what} not found`),
  tooLarge: (what: string) => new GatewayError(413, 'BATCH_TOO_LARGE', what),
  rateLimited: (retryAfterS: number) =>
    new GatewayError(429, 'RATE_LIMITED', `rate limit exceeded; retry in ${retryAfterS} s`),
  unavailable: (why: string) => new GatewayError(503, 'UNAVAILABLE', why),
};

/** Zod issues as `{ path: "events.3.lon", message }`, the form API.md promises. */
export function zodDetails(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  return new GatewayError(500, 'INTERNAL', 'internal error');
}
