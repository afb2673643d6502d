import { z } from 'zod';

import { MediaRef } from './media-ref.js';
import { EVENT_STATUSES } from './statuses.js';

export { EVENT_STATUSES };
export const EventStatus = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatus>;

export const Urgency = z.enum(['normal', 'urgent']);
export type Urgency = z.infer<typeof Urgency>;

export const ReporterKind = z.enum(['worker', 'sensor', 'hotline', 'citizen']);

const isoWithOffset = z.iso.datetime({ offset: true });

/** An event as a source sends it (API.md "Event"). */
export const IngestEvent = z.strictObject({
  id: z.string().min(1).max(128),
  occurredAt: isoWithOffset,
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  category: z.string().regex(/^\d{4}$/, 'a 4-digit class code, e.g. "0102"'),
  urgency: Urgency.default('normal'),
  title: z.string().max(200).optional(),
  description: z.string().max(4000).optional(),
  gridCode: z
    .string()
    .regex(/^\d{14,15}$/, 'a 14- or 15-digit grid code')
    .optional(),
  reporter: z.strictObject({
    kind: ReporterKind,
    id: z.string().min(1).max(128),
  }),
  media: z.array(MediaRef).max(20).optional(),
});
export type IngestEvent = z.infer<typeof IngestEvent>;

export const MAX_BATCH = 5000;

export const IngestEventBatch = z.strictObject({
  events: z.array(IngestEvent).min(1).max(MAX_BATCH),
});
export type IngestEventBatch = z.infer<typeof IngestEventBatch>;

/** The acknowledgement a source gets once its batch is committed. */
export const IngestAck = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /** the highest seq committed with the batch */
  lastSeq: z.number().int(),
}).meta({ id: 'IngestAck' });
export type IngestAck = z.infer<typeof IngestAck>;

/** An event as the gateway shows it to screens and REST clients: its latest state, with the seq of its latest change. */
export const EventView = z.object({
  seq: z.number().int(),
  /** the gateway's id (`ev-<seq of its creation>`) */
  id: z.string(),
  /** the source's own id */
  sourceId: z.string(),
  source: z.string(),
  category: z.string(),
  status: EventStatus,
  urgency: Urgency,
  lon: z.number(),
  lat: z.number(),
  districtCode: z.string(),
  /** '' for a case placed at district level only */
  streetCode: z.string(),
  gridCode: z.string().nullable(),
  occurredAt: z.string(),
  updatedAt: z.string(),
  /** the deadline of the current step (SLA), or null */
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  title: z.string(),
}).meta({ id: 'EventView' });
export type EventView = z.infer<typeof EventView>;
