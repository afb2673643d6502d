// The perception network's streams: what devices measure (telemetry), whether they are reachable
// (status) and what they raise (alarms, their own or the rules'). MQTT publishes and HTTP ingest
// both reach DuckDB through the single writer as these.
import { DuckDBTimestampTZValue, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import {
  DeviceTelemetry,
  type DeviceAlarmView,
  type DeviceStatus,
  type DeviceStatusView,
  type DeviceTelemetryView,
} from '../../../protocol/devices.js';
import { ALARM_COLUMNS, alarmView, type AlarmRow } from '../device-store.js';
import { appenderSink, defineStream, type Sink } from './stream.js';

/** Readings in flight at once: one written by DuckDB while the gateway builds the next. */
const INSERT_SLOTS = 2;

/**
 * Readings arrive one MQTT message at a time, so a commit is many small rows: one INSERT of a
 * JSON document of columns, run on DuckDB's threads (as events are, see event-insert.ts), keeps
 * the event loop reading sockets while it commits, where an appender's flush would block it.
 */
const INSERT_TELEMETRY = `
  INSERT INTO device_telemetry (seq, source, device_id, ts, received_at, area_code, vals)
  SELECT seq, source, device_id, make_timestamptz(ts_ms * 1000), make_timestamptz(j.now_ms * 1000), area_code, vals
  FROM (
    SELECT j, unnest(j.seq) AS seq, unnest(j.source) AS source, unnest(j.device_id) AS device_id,
      unnest(j.ts_ms) AS ts_ms, unnest(j.area_code) AS area_code, unnest(j.vals) AS vals
    FROM (SELECT json_transform($1::JSON, '{"now_ms":"BIGINT","seq":"BIGINT[]","source":"VARCHAR[]","device_id":"VARCHAR[]",
      "ts_ms":"BIGINT[]","area_code":"VARCHAR[]","vals":"VARCHAR[]"}') AS j)
  )`;

const ts = (ms: number) => new DuckDBTimestampTZValue(BigInt(ms) * 1000n);

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
    async openSink(db): Promise<Sink<DeviceTelemetry, DeviceTelemetryView>> {
      const slots: { conn: DuckDBConnection; stmt: DuckDBPreparedStatement }[] = [];
      for (let i = 0; i < INSERT_SLOTS; i++) {
        const conn = await db.connect();
        slots.push({ conn, stmt: await conn.prepare(INSERT_TELEMETRY) });
      }
      let next = 0;
      return {
        async write(rows, now) {
          const cols = { now_ms: now, seq: [] as number[], source: [] as string[], device_id: [] as string[], ts_ms: [] as number[], area_code: [] as string[], vals: [] as string[] };
          for (const { source, item, view } of rows) {
            cols.seq.push(view.seq);
            cols.source.push(source);
            cols.device_id.push(view.deviceId);
            cols.ts_ms.push(Date.parse(view.ts));
            cols.area_code.push(view.areaCode);
            cols.vals.push(JSON.stringify(item.values));
          }
          const slot = slots[next++ % slots.length]!;
          slot.stmt.bindVarchar(1, JSON.stringify(cols));
          await slot.stmt.run();
        },
        close() {
          for (const s of slots) {
            s.stmt.destroySync();
            s.conn.closeSync();
          }
        },
      };
    },
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
      appenderSink<DeviceStatusItem, DeviceStatusView>(db, 'device_status', (app, { view }) => {
        app.appendBigInt(BigInt(view.seq));
        app.appendVarchar(view.deviceId);
        app.appendTimestampTZ(ts(Date.parse(view.ts)));
        app.appendVarchar(view.status);
        app.appendVarchar(view.cause);
        app.appendVarchar(view.areaCode);
      }),
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
      appenderSink<DeviceAlarmItem, DeviceAlarmView>(db, 'device_alarms', (app, { source, view }) => {
        app.appendBigInt(BigInt(view.seq));
        app.appendVarchar(source);
        app.appendVarchar(view.deviceId);
        app.appendTimestampTZ(ts(Date.parse(view.ts)));
        app.appendVarchar(view.code);
        app.appendInteger(view.level);
        if (view.rule) app.appendVarchar(view.rule);
        else app.appendNull();
        if (view.value === null) app.appendNull();
        else app.appendDouble(view.value);
        app.appendVarchar(view.message);
        app.appendVarchar(view.areaCode);
      }),
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
