// The feeds sources keep current: grid workers' positions, the camera index, statistics by area.
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import { Camera, Position, Stat, type CameraView, type PositionView, type StatView } from '../../../protocol/feeds.js';
import type { AreaIndex, Placement } from '../../geo/areas.js';
import type { Database, SqlParams } from '../database.js';
import { appenderSink, defineStream, type Placed } from './stream.js';

const ts = (ms: number) => new DuckDBTimestampTZValue(BigInt(ms) * 1000n);

function placeByLocation(lon: number, lat: number, areas: AreaIndex): Placed<Placement> | { issues: { path: string; message: string }[] } {
  const place = areas.place(lon, lat);
  return place ? { areaCode: place.areaCode, place } : { issues: [{ path: '', message: `location ${lon},${lat} is outside the city's areas` }] };
}

/**
 * The latest row per entity among the changes in (after, upTo] inside a scope (by `area_code`),
 * oldest first: a screen that was away catches up on where things are now.
 */
async function latestChanges<R>(db: Database, table: string, columns: string, entity: string, scope: string, after: number, upTo: number, limit: number): Promise<R[]> {
  const params: SqlParams = [after, upTo, scope];
  return db.query<R>(
    `SELECT ${columns} FROM ${table} WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)
     QUALIFY row_number() OVER (PARTITION BY ${entity} ORDER BY seq DESC) = 1
     ORDER BY seq LIMIT ${Math.floor(limit)}`,
    params,
  );
}

async function countLatest(db: Database, table: string, entity: string, scope: string, after: number, upTo: number): Promise<number> {
  const rows = await db.query<{ n: bigint }>(
    `SELECT count(DISTINCT (${entity})) AS n FROM ${table} WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)`,
    [after, upTo, scope],
  );
  return Number(rows[0]?.n ?? 0);
}

const POSITION_COLUMNS = 'seq, source, worker_id, epoch_ms(ts) AS ts_ms, lon, lat, grid_code, area_code';
interface PositionRow {
  seq: bigint;
  source: string;
  worker_id: string;
  ts_ms: bigint;
  lon: number;
  lat: number;
  grid_code: string | null;
  area_code: string;
}
export function positionView(r: PositionRow): PositionView {
  return { seq: Number(r.seq), workerId: r.worker_id, source: r.source, ts: new Date(Number(r.ts_ms)).toISOString(), lon: r.lon, lat: r.lat, gridCode: r.grid_code, areaCode: r.area_code };
}

/** Grid workers' positions: append-only (trajectories are read back); only a newer time per worker counts. */
export const positionStream = defineStream<Position, Placement, PositionView>({
  name: 'positions',
  tables: ['positions'],
  ingest: { item: Position, place: (p, areas) => placeByLocation(p.lon, p.lat, areas) },
  idempotency: { rule: 'newer', key: (p) => p.workerId, version: (p) => Date.parse(p.ts) },
  view: (p, place, { seq, source }) => ({
    seq,
    workerId: p.workerId,
    source,
    ts: new Date(Date.parse(p.ts)).toISOString(),
    lon: p.lon,
    lat: p.lat,
    gridCode: place.gridCode,
    areaCode: place.areaCode,
  }),
  openSink: (db) =>
    appenderSink<Position, PositionView>(db, 'positions', (app, { view: v }) => {
      app.appendBigInt(BigInt(v.seq));
      app.appendVarchar(v.source);
      app.appendVarchar(v.workerId);
      app.appendTimestampTZ(ts(Date.parse(v.ts)));
      app.appendDouble(v.lon);
      app.appendDouble(v.lat);
      if (v.gridCode) app.appendVarchar(v.gridCode);
      else app.appendNull();
      app.appendVarchar(v.areaCode);
    }),
  async loadIdempotency(read) {
    const rows = await read('SELECT source, worker_id, epoch_ms(max(ts)) FROM positions GROUP BY ALL');
    return rows.map(([source, worker, maxTs]) => [`${source as string}\u0000${worker as string}`, Number(maxTs)] as [string, number]);
  },
  areaOf: (v) => v.areaCode,
  replay: {
    changes: async (db, scope, after, upTo, limit) =>
      (await latestChanges<PositionRow>(db, 'positions', POSITION_COLUMNS, 'source, worker_id', scope, after, upTo, limit)).map(positionView),
    count: (db, scope, after, upTo) => countLatest(db, 'positions', 'source, worker_id', scope, after, upTo),
  },
});

export const CAMERA_COLUMNS = `seq, source, id, name, lon, lat, grid_code, area_code, hls_url, status, coalesce(status_by, 'source') AS status_by`;
export interface CameraRow {
  seq: bigint;
  source: string;
  id: string;
  name: string;
  lon: number;
  lat: number;
  grid_code: string | null;
  area_code: string;
  hls_url: string;
  status: CameraView['status'];
  status_by: CameraView['statusBy'];
}
export function cameraView(r: CameraRow): CameraView {
  return { seq: Number(r.seq), id: r.id, source: r.source, name: r.name, lon: r.lon, lat: r.lat, gridCode: r.grid_code, areaCode: r.area_code, hlsUrl: r.hls_url, status: r.status, statusBy: r.status_by };
}
const cameraContent = (c: Camera) => JSON.stringify([c.name, c.lon, c.lat, c.hlsUrl, c.status]);

/** The camera index: a new row per change of an entry; an unchanged entry is a duplicate. */
export const cameraStream = defineStream<Camera, Placement, CameraView>({
  name: 'cameras',
  tables: ['cameras'],
  ingest: { item: Camera, place: (c, areas) => placeByLocation(c.lon, c.lat, areas) },
  idempotency: { rule: 'changed', key: (c) => c.id, version: cameraContent },
  view: (c, place, { seq, source }) => ({
    seq,
    id: c.id,
    source,
    name: c.name,
    lon: c.lon,
    lat: c.lat,
    gridCode: place.gridCode,
    areaCode: place.areaCode,
    hlsUrl: c.hlsUrl,
    status: c.status,
    statusBy: 'source',
  }),
  openSink: (db) =>
    appenderSink<Camera, CameraView>(db, 'cameras', (app, { view: v }, now) => {
      app.appendBigInt(BigInt(v.seq));
      app.appendVarchar(v.source);
      app.appendVarchar(v.id);
      app.appendVarchar(v.name);
      app.appendDouble(v.lon);
      app.appendDouble(v.lat);
      if (v.gridCode) app.appendVarchar(v.gridCode);
      else app.appendNull();
      app.appendVarchar(v.areaCode);
      app.appendVarchar(v.hlsUrl);
      app.appendVarchar(v.status);
      app.appendTimestampTZ(ts(now));
      app.appendVarchar(v.statusBy);
    }),
  async loadIdempotency(read) {
    const rows = await read(
      // the source's own latest entry: a status the gateway's stream check set is not what the source sent
      `SELECT source, id, name, lon, lat, hls_url, status FROM cameras WHERE coalesce(status_by, 'source') = 'source'
       QUALIFY row_number() OVER (PARTITION BY source, id ORDER BY seq DESC) = 1`,
    );
    return rows.map(([source, id, name, lon, lat, url, status]) => [`${source as string}\u0000${id as string}`, JSON.stringify([name, lon, lat, url, status])] as [string, string]);
  },
  areaOf: (v) => v.areaCode,
  replay: {
    changes: async (db, scope, after, upTo, limit) =>
      (await latestChanges<CameraRow>(db, 'cameras', CAMERA_COLUMNS, 'source, id', scope, after, upTo, limit)).map(cameraView),
    count: (db, scope, after, upTo) => countLatest(db, 'cameras', 'source, id', scope, after, upTo),
  },
});

const STAT_COLUMNS = 'seq, source, key, area_code, epoch_ms(ts) AS ts_ms, value';
interface StatRow {
  seq: bigint;
  source: string;
  key: string;
  area_code: string;
  ts_ms: bigint;
  value: number;
}
export function statView(r: StatRow): StatView {
  return { seq: Number(r.seq), key: r.key, areaCode: r.area_code, ts: new Date(Number(r.ts_ms)).toISOString(), value: r.value };
}

/** Statistics by area (the grids' base data among them): only a newer time per key and area counts. */
export const statStream = defineStream<Stat, null, StatView>({
  name: 'stats',
  // `stats` on /screen is the scoped summary; the stat feed's views travel as `feedStats`
  message: 'feedStats',
  tables: ['stats'],
  ingest: {
    item: Stat,
    place: (s, areas) => (areas.has(s.areaCode) ? { areaCode: s.areaCode, place: null } : { issues: [{ path: 'areaCode', message: `unknown area ${s.areaCode}` }] }),
  },
  idempotency: { rule: 'newer', key: (s) => `${s.key}\u0000${s.areaCode}`, version: (s) => Date.parse(s.ts) },
  view: (s, _place, { seq }) => ({ seq, key: s.key, areaCode: s.areaCode, ts: new Date(Date.parse(s.ts)).toISOString(), value: s.value }),
  openSink: (db) =>
    appenderSink<Stat, StatView>(db, 'stats', (app, { source, view: v }) => {
      app.appendBigInt(BigInt(v.seq));
      app.appendVarchar(source);
      app.appendVarchar(v.key);
      app.appendVarchar(v.areaCode);
      app.appendTimestampTZ(ts(Date.parse(v.ts)));
      app.appendDouble(v.value);
    }),
  async loadIdempotency(read) {
    const rows = await read('SELECT source, key, area_code, epoch_ms(max(ts)) FROM stats GROUP BY ALL');
    return rows.map(([source, key, area, maxTs]) => [`${source as string}\u0000${key as string}\u0000${area as string}`, Number(maxTs)] as [string, number]);
  },
  areaOf: (v) => v.areaCode,
  replay: {
    changes: async (db, scope, after, upTo, limit) =>
      (await latestChanges<StatRow>(db, 'stats', STAT_COLUMNS, 'source, key, area_code', scope, after, upTo, limit)).map(statView),
    count: (db, scope, after, upTo) => countLatest(db, 'stats', 'source, key, area_code', scope, after, upTo),
  },
});
