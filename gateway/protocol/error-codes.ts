// Zod-free, so the screen can import it without the schema library.

/**
 * Every refusal the gateway gives, by code, with its HTTP status: the same codes over HTTP and
 * Socket.IO, so a client tells them apart by code, never by the text of the message.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  BAD_SOURCE_KEY: 401,
  BAD_CREDENTIALS: 401,
  OUT_OF_SCOPE: 403,
  FORBIDDEN: 403,
  /** the caller's role may not take this workflow action */
  ROLE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  /** the workflow does not allow this action from the case's current state */
  NOT_ALLOWED_FROM_STATE: 409,
  /** a workflow guard refused the action (e.g. dispatch without an assignee) */
  GUARD_FAILED: 409,
  ALREADY_ACKED: 409,
  CONFLICT: 409,
  BATCH_TOO_LARGE: 413,
  /** an upload whose declared type is not an image type taken, or disagrees with its content */
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The one shape of every error body the gateway sends (HTTP bodies, socket `connect_error` data, ingest acks). */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
  details?: ErrorDetail[];
}

export function isErrorBody(value: unknown): value is ErrorBody {
  const v = value as Partial<ErrorBody> | null;
  return typeof v === 'object' && v !== null && typeof v.statusCode === 'number' && typeof v.message === 'string' && typeof v.code === 'string' && v.code in ERROR_CODES;
}

/** The error body of a refused socket connection, if `err` carries one (socket.io's `connect_error`). */
export function socketErrorBody(err: unknown): ErrorBody | null {
  const data = (err as { data?: unknown } | null)?.data;
  return isErrorBody(data) ? data : null;
}
