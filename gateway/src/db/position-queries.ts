import type { PositionView } from '../../protocol/feeds.js';
import type { Archive } from './archive.js';
import type { Database, SqlParams } from './database.js';
import { positionView } from './streams/feeds.js';

const COLUMNS = 'seq, source, worker_id, epoch_ms(ts) AS ts_ms, lon, lat, grid_code, area_code';
type Row = Parameters<typeof positionView>[0];

/** Reads of grid workers' positions (the `positions` stream's table). */
export class PositionQueries {
  constructor(
    private readonly db: Database,
    private readonly archive?: Archive,
  ) {}

  /** Each worker's latest position inside `scope` reported at or after `sinceMs` (all history reads only that window). */
  async latest(scope: string, sinceMs: number): Promise<PositionView[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM positions WHERE ts >= to_timestamp($1) AND starts_with(area_code, $2)
       QUALIFY row_number() OVER (PARTITION BY worker_id ORDER BY ts DESC, seq DESC) = 1 ORDER BY seq`,
      [sinceMs / 1000, scope],
    );
    return rows.map(positionView);
  }

  /** Positions inside `scope` in [from, to), ordered by time (a trajectory; one worker or all), at most `limit`. */
  async trajectory(q: { scope: string; worker?: string; fromMs: number; toMs: number; limit: number }): Promise<{ positions: PositionView[]; truncated: boolean }> {
    const params: SqlParams = [q.fromMs / 1000, q.toMs / 1000, q.scope];
    let where = 'ts >= to_timestamp($1) AND ts < to_timestamp($2) AND starts_with(area_code, $3)';
    if (q.worker !== undefined) {
      params.push(q.worker);
      where += ` AND worker_id = $${params.length}`;
    }
    // the archived months the period overlaps are read too
    const from = this.archive ? await this.archive.source('positions', q.fromMs, q.toMs) : 'positions';
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM ${from} WHERE ${where} ORDER BY ts, seq LIMIT ${Math.floor(q.limit) + 1}`, params);
    const truncated = rows.length > q.limit;
    return { positions: rows.slice(0, q.limit).map(positionView), truncated };
  }
}
