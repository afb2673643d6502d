import { z } from 'zod';

const isoWithOffset = z.iso.datetime({ offset: true });
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const areaCode = z.string().regex(/^\d{4}(\d{2}(\d{3}(\d{3}(\d{2,3})?)?)?)?$/, 'an area code (4, 6, 9, 12, 14 or 15 digits)');

export const Position = z.strictObject({
  workerId: z.string().min(1).max(128),
  ts: isoWithOffset,
  lon,
  lat,
});
export type Position = z.infer<typeof Position>;
export const PositionBatch = z.strictObject({ positions: z.array(Position).min(1).max(5000) });

export const CameraStatus = z.enum(['online', 'offline', 'fault']);
export type CameraStatus = z.infer<typeof CameraStatus>;
/** Who set a camera's status: its source's report, or the gateway finding its stream not answering. */
export const CameraStatusBy = z.enum(['source', 'probe']);
export const Camera = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(200),
  lon,
  lat,
  hlsUrl: z.string().min(1).max(2000),
  status: CameraStatus.default('online'),
});
export type Camera = z.infer<typeof Camera>;
export const CameraBatch = z.strictObject({ cameras: z.array(Camera).min(1).max(5000) });

export const Stat = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'a lower-case key such as "population.resident"'),
  areaCode,
  ts: isoWithOffset,
  value: z.number().finite(),
});
export type Stat = z.infer<typeof Stat>;
export const StatBatch = z.strictObject({ stats: z.array(Stat).min(1).max(5000) });

/** What screens receive for positions, cameras and stats. */
export const PositionView = z.object({
  seq: z.number().int(),
  workerId: z.string(),
  source: z.string(),
  ts: z.string(),
  lon: z.number(),
  lat: z.number(),
  gridCode: z.string().nullable(),
  /** the narrowest area the position was placed in */
  areaCode: z.string(),
}).meta({ id: 'PositionView' });
export type PositionView = z.infer<typeof PositionView>;

export const CameraView = z.object({
  seq: z.number().int(),
  id: z.string(),
  source: z.string(),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  gridCode: z.string().nullable(),
  /** the narrowest area the camera was placed in */
  areaCode: z.string(),
  hlsUrl: z.string(),
  status: CameraStatus,
  statusBy: CameraStatusBy,
}).meta({ id: 'CameraView' });
export type CameraView = z.infer<typeof CameraView>;

export const StatView = z.object({
  seq: z.number().int(),
  key: z.string(),
  areaCode: z.string(),
  ts: z.string(),
  value: z.number(),
}).meta({ id: 'StatView' });
export type StatView = z.infer<typeof StatView>;

/** An alert as screens see it (early warning, overdue escalation). */
export const AlertView = z.object({
  seq: z.number().int(),
  id: z.string(),
  kind: z.enum(['overdue', 'threshold', 'surge']),
  rule: z.string().nullable(),
  /** the area whose screens see it (and every area above) */
  scope: z.string(),
  areaCode: z.string(),
  category: z.string().nullable(),
  eventId: z.string().nullable(),
  value: z.number().nullable(),
  baseline: z.number().nullable(),
  message: z.string(),
  raisedAt: z.string(),
  ackedBy: z.string().nullable(),
  ackedAt: z.string().nullable(),
}).meta({ id: 'AlertView' });
export type AlertView = z.infer<typeof AlertView>;
