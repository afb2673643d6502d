import { listValue } from '@duckdb/node-api';
import type { CameraView, StatView } from '../../protocol/feeds.js';
import type { Database, SqlParams } from './database.js';
import { CAMERA_COLUMNS, cameraView, statView } from './streams/feeds.js';

/** The current state of the camera index and the stat feeds, for screens loading their stores. */
export class FeedQueries {
  constructor(private readonly db: Database) {}

  /** The latest entry of every camera inside `scope`. */
  async cameras(scope: string): Promise<CameraView[]> {
    const rows = await this.db.query<Parameters<typeof cameraView>[0]>(
      `SELECT ${CAMERA_COLUMNS} FROM cameras
       WHERE starts_with(area_code, $1) QUALIFY row_number() OVER (PARTITION BY source, id ORDER BY seq DESC) = 1 ORDER BY id`,
      [scope],
    );
    return rows.map(cameraView);
  }

  /** The latest value of each (key, area) inside `scope` (or of `scope` itself when `exact`), optionally of some keys only. */
  async stats(scope: string, o: { exact: boolean; keys?: string[] }): Promise<StatView[]> {
    const params: SqlParams = [scope];
    let where = o.exact ? 'area_code = $1' : 'starts_with(area_code, $1)';
    if (o.keys?.length) {
      params.push(listValue(o.keys));
      where += ` AND list_contains($${params.length}::VARCHAR[], key)`;
    }
    const rows = await this.db.query<Parameters<typeof statView>[0]>(
      `SELECT seq, source, key, area_code, epoch_ms(ts) AS ts_ms, value FROM stats WHERE ${where}
       QUALIFY row_number() OVER (PARTITION BY key, area_code ORDER BY ts DESC, seq DESC) = 1 ORDER BY area_code, key`,
      params,
    );
    return rows.map(statView);
  }
}
