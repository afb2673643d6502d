import type { ZodError } from 'zod';
import { ERROR_CODES, type ErrorBody, type ErrorCode, type ErrorDetail } from '../protocol/errors.js';

/** An error with a stable code (its HTTP status follows from it); every error body the gateway sends has this shape. */
export class GatewayError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.statusCode = ERROR_CODES[code];
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
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The catalogue: one constructor per kind of refusal. */
export const Errors = {
  validation: (part: 'body' | 'query' | 'params' | 'auth', issues: ErrorDetail[]) =>
    new GatewayError(
      'VALIDATION_FAILED',
      `invalid ${part}: ${issues
        .slice(0, 3)
        .map((i) => `${i.path || '(root)'}: ${i.message}`)
        .join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`,
      issues,
    ),
  badKey: () => new GatewayError('BAD_SOURCE_KEY', 'missing or unknown source key'),
  unauthorized: (why = 'missing or invalid session token') => new GatewayError('UNAUTHORIZED', why),
  badCredentials: () => new GatewayError('BAD_CREDENTIALS', 'wrong username or password'),
  outOfScope: (what: string, scope: string, details?: ErrorDetail[]) => new GatewayError('OUT_OF_SCOPE', `${what} is outside scope ${scope}`, details),
  forbidden: (why: string) => new GatewayError('FORBIDDEN', why),
  notFound: (what: string) => new GatewayError('NOT_FOUND', `${what} not found`),
  conflict: (code: Extract<ErrorCode, 'ALREADY_ACKED' | 'CONFLICT' | 'NOT_ALLOWED_FROM_STATE' | 'GUARD_FAILED'>, why: string) => new GatewayError(code, why),
  tooLarge: (what: string) => new GatewayError('BATCH_TOO_LARGE', what),
  unsupportedMedia: (why: string, details?: ErrorDetail[]) => new GatewayError('UNSUPPORTED_MEDIA_TYPE', why, details),
  rateLimited: (retryAfterS: number) => new GatewayError('RATE_LIMITED', `rate limit exceeded; retry in ${retryAfterS} s`),
  unavailable: (why: string) => new GatewayError('UNAVAILABLE', why),
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
  return new GatewayError('INTERNAL', 'internal error');
}

/**
 * A refusal as a Socket.IO middleware passes it on: the client's `connect_error` carries the
 * error body as `data` (match on `data.code`).
 */
export function socketError(err: unknown): Error & { data: ErrorBody } {
  const e = toGatewayError(err);
  return Object.assign(new Error(e.message), { data: e.toBody() });
}
