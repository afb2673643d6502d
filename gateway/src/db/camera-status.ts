// The gateway's own camera status changes (its stream check): a new row of the camera index copying
// the camera's latest entry with the status it found, written in a writer apply step.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CameraStatus, CameraView } from '../../protocol/feeds.js';
import type { Database } from './database.js';
import { CAMERA_COLUMNS, cameraView, type CameraRow } from './streams/feeds.js';
import type { ApplyContext } from './writer.js';

/** One camera as the stream check sees it. */
export interface ProbeTarget {
  source: string;
  id: string;
  hlsUrl: string;
  status: CameraStatus;
  statusBy: CameraView['statusBy'];
}

/**
 * The cameras whose stream the gateway checks: those their source says are online, and those it
 * marked itself (to lift the mark when they answer again). A source's offline or fault stands.
 */
export async function probeTargets(db: Database): Promise<ProbeTarget[]> {
  const rows = await db.query<CameraRow>(
    `SELECT ${CAMERA_COLUMNS} FROM cameras QUALIFY row_number() OVER (PARTITION BY source, id ORDER BY seq DESC) = 1 ORDER BY source, id`,
  );
  return rows
    .map(cameraView)
    .filter((c) => c.status === 'online' || c.statusBy === 'probe')
    .map((c) => ({ source: c.source, id: c.id, hlsUrl: c.hlsUrl, status: c.status, statusBy: c.statusBy }));
}

export interface StatusChange {
  source: string;
  id: string;
  status: CameraStatus;
  statusBy: CameraView['statusBy'];
}

/**
 * Writes each change as a new entry of its camera (inside a writer apply step) unless the camera's
 * latest entry already says it (a source may have reported in between); returns the new views.
 */
export async function writeStatusChanges(ctx: ApplyContext, changes: readonly StatusChange[]): Promise<CameraView[]> {
  const views: CameraView[] = [];
  for (const c of changes) {
    const latest = await latestRow(ctx.conn, c.source, c.id);
    if (!latest || (latest.status === c.status && latest.status_by === c.statusBy)) continue;
    const seq = ctx.nextSeq();
    await ctx.conn.run(
      `INSERT INTO cameras (seq, source, id, name, lon, lat, grid_code, area_code, hls_url, status, updated_at, status_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_timestamp($11), $12)`,
      [seq, c.source, c.id, latest.name, latest.lon, latest.lat, latest.grid_code, latest.area_code, latest.hls_url, c.status, ctx.now / 1000, c.statusBy],
    );
    views.push(cameraView({ ...latest, seq: BigInt(seq), status: c.status, status_by: c.statusBy }));
  }
  return views;
}

async function latestRow(conn: DuckDBConnection, source: string, id: string): Promise<CameraRow | undefined> {
  const reader = await conn.runAndReadAll(`SELECT ${CAMERA_COLUMNS} FROM cameras WHERE source = $1 AND id = $2 ORDER BY seq DESC LIMIT 1`, [source, id]);
  return (reader.getRowObjectsJS() as unknown as CameraRow[])[0];
}
