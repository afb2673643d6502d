import { z } from 'zod';
import { EventStatus } from './events.js';

/** Counts by status and category for one scope, pushed on a tick and served by REST. */
export const ScopeSummary = z.object({
  scope: z.string(),
  /** the counts are exactly those of every change up to this seq */
  seq: z.number().int(),
  total: z.number().int(),
  byStatus: z.partialRecord(EventStatus, z.number().int()),
  byCategory: z.record(z.string(), z.number().int()),
  /** events whose occurredAt is within the last 24 hours */
  last24h: z.number().int(),
  at: z.string(),
}).meta({ id: 'ScopeSummary' });
export type ScopeSummary = z.infer<typeof ScopeSummary>;
