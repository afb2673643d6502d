// The perception network's streams: what devices measure (telemetry), whether they are reachable
// (status) and what they raise (alarms, their own or the rules'). MQTT publishes and HTTP ingest
// both reach DuckDB through the single writer as these.
import {
  DeviceTelemetry,
  type DeviceAlarmView,
  type DeviceStatus,
  type DeviceStatusView,
  type DeviceTelemetryView,
} from '../../../protocol/devices.js';
import { ALARM_COLUMNS, alarmView, type AlarmRow } from '../device-store.js';
import { defineStream, jsonInsertSink } from './stream.js';

/** What a device's streams need of its registry entry. */
export interface DevicePlace {
  id: string;
  kind: string;
  areaCode: string;
  gridCode: string | null;
  lon: number;
  lat: number;
}

export interface DeviceStatusItem {
  deviceId: string;
  ts: string;
  status: DeviceStatus;
  cause: DeviceStatusView['cause'];
}

export interface DeviceAlarmItem {
  deviceId: string;
  ts: string;
  code: string;
  level: number;
  rule: string | null;
  value: number | null;
  message: string;
}

/** Looks a device up in the registry: enabled devices only. */
export type DeviceLookup = (id: string) => DevicePlace | undefined;

export function deviceStreams(lookup: DeviceLookup) {
  const telemetry = defineStream<DeviceTelemetry, DevicePlace, DeviceTelemetryView>({
    name: 'deviceTelemetry',
    tables: ['device_telemetry'],
    ingest: {
      item: DeviceTelemetry,
      place(t) {
        const d = lookup(t.deviceId);
        return d ? { areaCode: d.areaCode, place: d } : { issues: [{ path: 'deviceId', message: `unknown or disabled device ${t.deviceId}` }] };
      },
    },
    // a QoS 1 message delivered twice (a device that missed its PUBACK) stores once
    idempotency: { rule: 'newer', key: (t) => t.deviceId, version: (t) => Date.parse(t.ts) },
    view: (t, d, { seq }) => ({ seq, deviceId: t.deviceId, ts: new Date(Date.parse(t.ts)).toISOString(), values: t.values, areaCode: d.areaCode }),
    // readings arrive one MQTT message at a time: many small commits, none on the event loop
    openSink: (db) =>
      jsonInsertSink<DeviceTelemetry, DeviceTelemetryView>(
        db,
        'device_telemetry',
        { seq: 'BIGINT', source: 'VARCHAR', device_id: 'VARCHAR', ts: 'TIMESTAMPTZ', received_at: 'TIMESTAMPTZ', area_code: 'VARCHAR', vals: 'VARCHAR' },
        ({ source, item, view }, now) => [view.seq, source, view.deviceId, Date.parse(view.ts), now, view.areaCode, JSON.stringify(item.values)],
      ),
    async loadIdempotency(read) {
      const rows = await read('SELECT source, device_id, epoch_ms(max(ts)) FROM device_telemetry GROUP BY ALL');
      return rows.map(([source, id, maxTs]) => [`${source as string}\u0000${id as string}`, Number(maxTs)] as [string, number]);
    },
    areaOf: (v) => v.areaCode,
    replay: {
      async changes(db, scope, after, upTo, limit) {
        const rows = await db.query<{ seq: bigint; device_id: string; ts_ms: bigint; vals: string; area_code: string }>(
          `SELECT seq, device_id, epoch_ms(ts) AS ts_ms, vals, area_code FROM device_telemetry WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)
           QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY seq DESC) = 1 ORDER BY seq LIMIT ${Math.floor(limit)}`,
          [after, upTo, scope],
        );
        return rows.map((r) => ({ seq: Number(r.seq), deviceId: r.device_id, ts: new Date(Number(r.ts_ms)).toISOString(), values: JSON.parse(r.vals) as Record<string, number>, areaCode: r.area_code }));
      },
      async count(db, scope, after, upTo) {
        const rows = await db.query<{ n: bigint }>('SELECT count(DISTINCT device_id) AS n FROM device_telemetry WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)', [after, upTo, scope]);
        return Number(rows[0]?.n ?? 0);
      },
    },
  });

  const status = defineStream<DeviceStatusItem, DevicePlace, DeviceStatusView>({
    name: 'deviceStatus',
    tables: ['device_status'],
    // only a change counts: a device saying "online" twice is one row
    idempotency: { rule: 'changed', key: (s) => s.deviceId, version: (s) => s.status },
    view: (s, d, { seq }) => ({ seq, deviceId: s.deviceId, kind: d.kind, status: s.status, cause: s.cause, ts: new Date(Date.parse(s.ts)).toISOString(), areaCode: d.areaCode, gridCode: d.gridCode }),
    openSink: (db) =>
      jsonInsertSink<DeviceStatusItem, DeviceStatusView>(
        db,
        'device_status',
        { seq: 'BIGINT', device_id: 'VARCHAR', ts: 'TIMESTAMPTZ', status: 'VARCHAR', cause: 'VARCHAR', area_code: 'VARCHAR' },
        ({ view }) => [view.seq, view.deviceId, Date.parse(view.ts), view.status, view.cause, view.areaCode],
      ),
    async loadIdempotency(read) {
      const rows = await read(`SELECT device_id, status FROM device_status QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY seq DESC) = 1`);
      return rows.map(([id, s]) => [`${DEVICE_SOURCE}\u0000${id as string}`, s as string] as [string, string]);
    },
    areaOf: (v) => v.gridCode ?? v.areaCode,
    replay: {
      async changes(db, scope, after, upTo, limit) {
        const rows = await db.query<{ seq: bigint; device_id: string; kind: string | null; status: DeviceStatus; cause: DeviceStatusView['cause']; ts_ms: bigint; area_code: string; grid_code: string | null }>(
          `SELECT s.seq, s.device_id, d.kind, s.status, s.cause, epoch_ms(s.ts) AS ts_ms, s.area_code, d.grid_code
           FROM device_status s LEFT JOIN devices d ON d.id = s.device_id WHERE s.seq > $1 AND s.seq <= $2 AND starts_with(s.area_code, $3)
           QUALIFY row_number() OVER (PARTITION BY s.device_id ORDER BY s.seq DESC) = 1 ORDER BY s.seq LIMIT ${Math.floor(limit)}`,
          [after, upTo, scope],
        );
        return rows.map((r) => ({ seq: Number(r.seq), deviceId: r.device_id, kind: r.kind ?? '', status: r.status, cause: r.cause, ts: new Date(Number(r.ts_ms)).toISOString(), areaCode: r.area_code, gridCode: r.grid_code }));
      },
      async count(db, scope, after, upTo) {
        const rows = await db.query<{ n: bigint }>('SELECT count(DISTINCT device_id) AS n FROM device_status WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)', [after, upTo, scope]);
        return Number(rows[0]?.n ?? 0);
      },
    },
  });

  const alarms = defineStream<DeviceAlarmItem, DevicePlace, DeviceAlarmView>({
    name: 'deviceAlarms',
    tables: ['device_alarms'],
    idempotency: { rule: 'once', key: (a) => `${a.deviceId}\u0000${Date.parse(a.ts)}\u0000${a.code}` },
    view: (a, d, { seq }) => ({
      seq,
      deviceId: a.deviceId,
      kind: d.kind,
      ts: new Date(Date.parse(a.ts)).toISOString(),
      code: a.code,
      level: a.level,
      rule: a.rule,
      value: a.value,
      message: a.message,
      areaCode: d.areaCode,
      gridCode: d.gridCode,
      lon: d.lon,
      lat: d.lat,
    }),
    openSink: (db) =>
      jsonInsertSink<DeviceAlarmItem, DeviceAlarmView>(
        db,
        'device_alarms',
        { seq: 'BIGINT', source: 'VARCHAR', device_id: 'VARCHAR', ts: 'TIMESTAMPTZ', code: 'VARCHAR', level: 'INTEGER', rule: 'VARCHAR', value: 'DOUBLE', message: 'VARCHAR', area_code: 'VARCHAR' },
        ({ source, view }) => [view.seq, source, view.deviceId, Date.parse(view.ts), view.code, view.level, view.rule, view.value, view.message, view.areaCode],
      ),
    async loadIdempotency(read) {
      const rows = await read('SELECT source, device_id, epoch_ms(ts), code FROM device_alarms');
      return rows.map(([source, id, t, code]) => [`${source as string}\u0000${id as string}\u0000${Number(t)}\u0000${code as string}`, true] as [string, true]);
    },
    areaOf: (v) => v.gridCode ?? v.areaCode,
    replay: {
      async changes(db, scope, after, upTo, limit) {
        const rows = await db.query<AlarmRow>(
          `SELECT ${ALARM_COLUMNS} FROM device_alarms a LEFT JOIN devices d ON d.id = a.device_id
           WHERE a.seq > $1 AND a.seq <= $2 AND starts_with(a.area_code, $3) ORDER BY a.seq LIMIT ${Math.floor(limit)}`,
          [after, upTo, scope],
        );
        return rows.map(alarmView);
      },
      async count(db, scope, after, upTo) {
        const rows = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM device_alarms WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)', [after, upTo, scope]);
        return Number(rows[0]?.n ?? 0);
      },
    },
  });

  return { telemetry, status, alarms };
}

/** The writer's source name for what devices send and what the gateway derives from it. */
export const DEVICE_SOURCE = 'devices';
