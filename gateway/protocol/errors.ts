import { z } from 'zod';
import { ERROR_CODES, type ErrorBody as ErrorBodyType, type ErrorCode } from './error-codes.js';

export { ERROR_CODES, isErrorBody, socketErrorBody, type ErrorCode, type ErrorDetail } from './error-codes.js';

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

/** The one shape of every error body the gateway sends (HTTP bodies, socket `connect_error` data, ingest acks). */
export const ErrorBody = z
  .object({
    statusCode: z.number().int(),
    code: ErrorCodeSchema,
    error: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });
export type ErrorBody = ErrorBodyType;
