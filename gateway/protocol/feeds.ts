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
export interface PositionView {
  seq: number;
  workerId: string;
  source: string;
  ts: string;
  lon: number;
  lat: number;
  gridCode: string | null;
}
export interface CameraView {
  seq: number;
  id: string;
  source: string;
  name: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  hlsUrl: string;
  status: z.infer<typeof CameraStatus>;
}
export interface StatView {
  seq: number;
  key: string;
  areaCode: string;
  ts: string;
  value: number;
}

/** An alert as screens see it (early warning, overdue escalation). */
export interface AlertView {
  seq: number;
  id: string;
  kind: 'overdue' | 'threshold' | 'surge';
  rule: string | null;
  /** the area whose screens see it (and every area above) */
  scope: string;
  areaCode: string;
  category: string | null;
  eventId: string | null;
  value: number | null;
  baseline: number | null;
  message: string;
  raisedAt: string;
  ackedBy: string | null;
  ackedAt: string | null;
}
