// The grid worker's phone (移动端): my tasks, reports (信息采集), positions while on duty, and the
// photos uploaded with them. Cases themselves are read and moved through the case routes.
import { z } from 'zod';
import { EventView, IngestEvent } from './events.js';

export { MEDIA_PATH, MediaRef } from './media-ref.js';

/** The largest image `POST /api/media` takes (the phone resizes photos well under it). */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

/** The image types `POST /api/media` takes, each recognised by its content. */
export const MEDIA_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;

export const MediaResponse = z.object({
  /** where the image is served (to those whose scope holds a case that uses it, and its uploader) */
  url: z.string(),
  contentType: z.enum(Object.keys(MEDIA_TYPES) as [keyof typeof MEDIA_TYPES]),
  bytes: z.number().int(),
});
export type MediaResponse = z.infer<typeof MediaResponse>;
export const MediaNameParam = z.object({ name: z.string().regex(/^[0-9a-f]{64}\.(jpg|png|webp)$/, '<sha-256>.<jpg|png|webp>') });

/** A worker's report: an Event as sources send it, without `reporter` (the worker is the reporter). `id` is the phone's own, the idempotency key. */
export const ReportBody = IngestEvent.omit({ reporter: true });
export type ReportBody = z.infer<typeof ReportBody>;
export const ReportResponse = z.object({
  event: EventView,
  /** the same id was reported before: nothing changed */
  duplicate: z.boolean(),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

export const TasksResponse = z.object({
  /** open cases dispatched to me */
  tasks: z.array(EventView),
  /** the other open cases of my grid */
  grid: z.array(EventView),
});
export type TasksResponse = z.infer<typeof TasksResponse>;

const isoWithOffset = z.iso.datetime({ offset: true });
export const MyPosition = z.strictObject({ ts: isoWithOffset, lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });
/** Positions while on duty; the worker id is the session's. */
export const MyPositionsBody = z.strictObject({ positions: z.array(MyPosition).min(1).max(100) });
export type MyPositionsBody = z.infer<typeof MyPositionsBody>;

/** The phone's on-duty switch: on duty, a worker is among the dispatch candidates and sends positions. */
export const DutyBody = z.strictObject({ onDuty: z.boolean() });
export type DutyBody = z.infer<typeof DutyBody>;
