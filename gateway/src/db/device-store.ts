import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { DeviceAlarmView, DeviceStatus } from '../../protocol/devices.js';
import { TERMINAL_STATUSES } from '../../protocol/statuses.js';
import type { Database } from './database.js';

export interface DeviceRow {
  id: string;
  kind: string;
  name: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  areaCode: string;
  department: string | null;
  secretHash: string;
  intervalS: number;
  disabled: boolean;
  demo: boolean;
}

export const ALARM_COLUMNS = 'a.seq, a.device_id, d.kind, epoch_ms(a.ts) AS ts_ms, a.code, a.level, a.rule, a.value, a.message, a.area_code, d.grid_code, d.lon, d.lat';
export interface AlarmRow {
  seq: bigint;
  device_id: string;
  kind: string | null;
  ts_ms: bigint;
  code: string;
  level: number;
  rule: string | null;
  value: number | null;
  message: string;
  area_code: string;
  grid_code: string | null;
  lon: number | null;
  lat: number | null;
}
export function alarmView(r: AlarmRow): DeviceAlarmView {
  return {
    seq: Number(r.seq),
    deviceId: r.device_id,
    kind: r.kind ?? '',
    ts: new Date(Number(r.ts_ms)).toISOString(),
    code: r.code,
    level: r.level,
    rule: r.rule,
    value: r.value,
    message: r.message,
    areaCode: r.area_code,
    gridCode: r.grid_code,
    lon: r.lon ?? 0,
    lat: r.lat ?? 0,
  };
}

/** The device registry and the latest state of each device, in DuckDB (parameterised SQL only). */
export class DeviceStore {
  constructor(private readonly db: Database) {}

  async devices(): Promise<DeviceRow[]> {
    const rows = await this.db.query<{
      id: string; kind: string; name: string; lon: number; lat: number; grid_code: string | null; area_code: string;
      department: string | null; secret_hash: string; interval_s: number; disabled: boolean; demo: boolean;
    }>('SELECT id, kind, name, lon, lat, grid_code, area_code, department, secret_hash, interval_s, disabled, demo FROM devices ORDER BY id');
    return rows.map((r) => ({
      id: r.id, kind: r.kind, name: r.name, lon: r.lon, lat: r.lat, gridCode: r.grid_code, areaCode: r.area_code,
      department: r.department, secretHash: r.secret_hash, intervalS: r.interval_s, disabled: r.disabled, demo: r.demo,
    }));
  }

  /** Adds devices in one transaction (the demo network is thousands at once). */
  async insert(rows: readonly DeviceRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db.control(async (c) => {
      const app = await c.createAppender('devices');
      try {
        for (const d of rows) {
          app.appendVarchar(d.id);
          app.appendVarchar(d.kind);
          app.appendVarchar(d.name);
          app.appendDouble(d.lon);
          app.appendDouble(d.lat);
          if (d.gridCode) app.appendVarchar(d.gridCode);
          else app.appendNull();
          app.appendVarchar(d.areaCode);
          if (d.department) app.appendVarchar(d.department);
          else app.appendNull();
          app.appendVarchar(d.secretHash);
          app.appendInteger(d.intervalS);
          app.appendBoolean(d.disabled);
          app.appendBoolean(d.demo);
          app.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n));
          app.endRow();
        }
        app.flushSync();
      } finally {
        app.closeSync();
      }
    });
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.exec('UPDATE devices SET disabled = $2 WHERE id = $1', [id, disabled]);
  }

  /** Demo mode off: no demo device may remain. */
  async deleteDemo(): Promise<void> {
    await this.db.exec('DELETE FROM devices WHERE demo');
  }

  /** The latest telemetry of each device. */
  async latestTelemetry(): Promise<{ deviceId: string; tsMs: number; values: Record<string, number> }[]> {
    const rows = await this.db.query<{ device_id: string; ts_ms: bigint; vals: string }>(
      'SELECT device_id, epoch_ms(ts) AS ts_ms, vals FROM device_telemetry QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY ts DESC, seq DESC) = 1',
    );
    return rows.map((r) => ({ deviceId: r.device_id, tsMs: Number(r.ts_ms), values: JSON.parse(r.vals) as Record<string, number> }));
  }

  /** The latest status of each device. */
  async latestStatus(): Promise<{ deviceId: string; status: DeviceStatus; tsMs: number }[]> {
    const rows = await this.db.query<{ device_id: string; status: DeviceStatus; ts_ms: bigint }>(
      'SELECT device_id, status, epoch_ms(ts) AS ts_ms FROM device_status QUALIFY row_number() OVER (PARTITION BY device_id ORDER BY seq DESC) = 1',
    );
    return rows.map((r) => ({ deviceId: r.device_id, status: r.status, tsMs: Number(r.ts_ms) }));
  }

  /** The open cases devices reported (one per device at most, by the rule the gateway keeps). */
  async openSensorCases(source: string): Promise<{ eventId: string; deviceId: string }[]> {
    const rows = await this.db.query<{ id: string; reporter_id: string }>(
      `SELECT id, reporter_id FROM events WHERE source = $1 AND reporter_kind = 'sensor' AND status NOT IN (${TERMINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`,
      [source],
    );
    return rows.map((r) => ({ eventId: r.id, deviceId: r.reporter_id }));
  }

  /** The newest alarms inside a scope. */
  async latestAlarms(scope: string, limit: number): Promise<DeviceAlarmView[]> {
    const rows = await this.db.query<AlarmRow>(
      `SELECT ${ALARM_COLUMNS} FROM device_alarms a LEFT JOIN devices d ON d.id = a.device_id
       WHERE starts_with(a.area_code, $1) ORDER BY a.seq DESC LIMIT ${Math.floor(limit)}`,
      [scope],
    );
    return rows.map(alarmView);
  }
}
