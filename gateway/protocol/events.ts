import { z } from 'zod';

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
  media: z.array(z.url().max(2000)).max(20).optional(),
});
export type IngestEvent = z.infer<typeof IngestEvent>;

export const MAX_BATCH = 5000;

export const IngestEventBatch = z.strictObject({
  events: z.array(IngestEvent).min(1).max(MAX_BATCH),
});
export type IngestEventBatch = z.infer<typeof IngestEventBatch>;

/** The acknowledgement a source gets once its batch is committed. */
export interface IngestAck {
  accepted: number;
  duplicates: number;
  lastSeq: number;
}

/** An event as the gateway shows it to screens and REST clients (API.md "EventView"). */
export interface EventView {
  seq: number;
  id: string;
  sourceId: string;
  source: string;
  category: string;
  status: EventStatus;
  urgency: Urgency;
  lon: number;
  lat: number;
  districtCode: string;
  streetCode: string;
  gridCode: string | null;
  occurredAt: string;
  updatedAt: string;
  deadline: string | null;
  overdue: boolean;
  title: string;
}
