import type { z } from 'zod';
import { Errors, zodDetails } from '../errors.js';

/** Parses a request part with a zod schema, or throws a 400 naming the part and path. */
export function parsePart<T extends z.ZodType>(part: 'body' | 'query' | 'params', schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw Errors.validation(part, zodDetails(r.error));
  return r.data;
}
