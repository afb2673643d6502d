// The perception network (感知网络): devices publishing over MQTT, their registry, and what
// screens see of them. Topics: gc/<deviceId>/telemetry | status | alarm.
import { z } from 'zod';

const isoWithOffset = z.iso.datetime({ offset: true });

/** A device id: also its MQTT username and the second level of its topics (no / + # or spaces). */
export const DeviceId = z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, 'a device id: 2–64 letters, digits, . _ -');
export const DeviceKind = z.string().regex(/^[a-z][a-z0-9_]{1,31}$/, 'a device kind such as "water_level"');
export const DeviceStatus = z.enum(['online', 'offline']);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** `gc/<id>/telemetry`: measurements by name. */
export const TelemetryPayload = z.strictObject({
  ts: isoWithOffset,
  values: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'a lower-case measurement name'), z.number().finite()).refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= 32, '1 to 32 values'),
});
export type TelemetryPayload = z.infer<typeof TelemetryPayload>;

/** `gc/<id>/alarm`: an alarm the device raises itself (smoke, gas, cover opened…). */
export const AlarmPayload = z.strictObject({
  ts: isoWithOffset,
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'an alarm code'),
  level: z.number().int().min(0).max(3),
});
export type AlarmPayload = z.infer<typeof AlarmPayload>;

/** One telemetry item as the writer stores it (also `POST /api/ingest/deviceTelemetry`). */
export const DeviceTelemetry = z.strictObject({ deviceId: DeviceId, ts: isoWithOffset, values: TelemetryPayload.shape.values });
export type DeviceTelemetry = z.infer<typeof DeviceTelemetry>;

export const DeviceTelemetryView = z.object({
  seq: z.number().int(),
  deviceId: z.string(),
  ts: z.string(),
  values: z.record(z.string(), z.number()),
  areaCode: z.string(),
}).meta({ id: 'DeviceTelemetryView' });
export type DeviceTelemetryView = z.infer<typeof DeviceTelemetryView>;

/** How a device's status changed: it said so, its last will, the silence clock, or it spoke again. */
export const StatusCause = z.enum(['device', 'will', 'silence', 'traffic']);
export const DeviceStatusView = z.object({
  seq: z.number().int(),
  deviceId: z.string(),
  kind: z.string(),
  status: DeviceStatus,
  cause: StatusCause,
  ts: z.string(),
  areaCode: z.string(),
  gridCode: z.string().nullable(),
}).meta({ id: 'DeviceStatusView' });
export type DeviceStatusView = z.infer<typeof DeviceStatusView>;

export const DeviceAlarmView = z.object({
  seq: z.number().int(),
  deviceId: z.string(),
  kind: z.string(),
  ts: z.string(),
  code: z.string(),
  level: z.number().int(),
  /** the rule that raised it, or null for an alarm the device sent */
  rule: z.string().nullable(),
  value: z.number().nullable(),
  message: z.string(),
  areaCode: z.string(),
  gridCode: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
}).meta({ id: 'DeviceAlarmView' });
export type DeviceAlarmView = z.infer<typeof DeviceAlarmView>;

/** A registry entry as `GET /api/devices` answers it. */
export const DeviceView = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  gridCode: z.string().nullable(),
  areaCode: z.string(),
  department: z.string().nullable(),
  intervalS: z.number().int(),
  disabled: z.boolean(),
  status: DeviceStatus,
  /** an alarm of this device has an open case */
  alarm: z.boolean(),
  caseId: z.string().nullable(),
  lastSeen: z.string().nullable(),
  latest: z.object({ ts: z.string(), values: z.record(z.string(), z.number()) }).nullable(),
}).meta({ id: 'DeviceView' });
export type DeviceView = z.infer<typeof DeviceView>;

const AreaCodeParam = z.string().regex(/^\d{4,15}$/, 'an area code of 4 to 15 digits');
export const DevicesQuery = z.strictObject({
  area: AreaCodeParam.optional(),
  kind: DeviceKind.optional(),
  status: z.enum(['online', 'offline', 'alarm', 'disabled']).optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
});
export const DevicesResponse = z.object({ devices: z.array(DeviceView), total: z.number().int(), truncated: z.boolean(), seq: z.number().int() });
export type DevicesResponse = z.infer<typeof DevicesResponse>;

/** Counts per area one level below the scope, and the latest alarms: what the device widget shows. */
export const DeviceSummaryQuery = z.strictObject({ area: AreaCodeParam.optional(), alarms: z.coerce.number().int().min(0).max(200).default(20) });
export const DeviceAreaCount = z.object({ code: z.string(), total: z.number().int(), online: z.number().int(), offline: z.number().int(), alarm: z.number().int() });
export type DeviceAreaCount = z.infer<typeof DeviceAreaCount>;
export const DeviceSummaryResponse = z.object({
  scope: z.string(),
  totals: DeviceAreaCount,
  areas: z.array(DeviceAreaCount),
  alarms: z.array(DeviceAlarmView),
  seq: z.number().int(),
}).meta({ id: 'DeviceSummary' });
export type DeviceSummaryResponse = z.infer<typeof DeviceSummaryResponse>;
/** The `/screen` message `deviceCounts`: the summary's counts for the screen's scope, pushed when they change. */
export const DeviceCounts = DeviceSummaryResponse.omit({ alarms: true }).meta({ id: 'DeviceCounts' });
export type DeviceCounts = z.infer<typeof DeviceCounts>;
