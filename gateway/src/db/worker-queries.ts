import type { EventView } from '../../protocol/events.js';
import { TERMINAL_SQL } from './sql.js';
import { toView, VIEW_COLUMNS, type ViewRow } from './event-queries.js';
import type { Database, SqlParams } from './database.js';

/** A grid worker as the queries need them: their grid (scope) and their registry id. */
export interface WorkerScope {
  scope: string;
  workerId: string;
}

/** What a grid worker may see: the cases of their grid, and those dispatched to them wherever they are. */
function visibleClause(w: WorkerScope, params: SqlParams): string {
  params.push(w.scope, w.workerId);
  return `(starts_with(grid_code, $${params.length - 1}) OR assignee = $${params.length})`;
}

export class WorkerQueries {
  constructor(private readonly db: Database) {}

  async visibleCase(w: WorkerScope, id: string): Promise<EventView | null> {
    const params: SqlParams = [id];
    const rows = await this.db.query<ViewRow>(`SELECT ${VIEW_COLUMNS} FROM events WHERE id = $1 AND ${visibleClause(w, params)}`, params);
    return rows[0] ? toView(rows[0], Date.now()) : null;
  }

  /** Open cases dispatched to the worker, and the other open cases of their grid (most urgent deadline first). */
  async tasks(w: WorkerScope, limit = 500): Promise<{ tasks: EventView[]; grid: EventView[] }> {
    const params: SqlParams = [];
    const rows = await this.db.query<ViewRow & { mine: boolean }>(
      `SELECT ${VIEW_COLUMNS}, coalesce(assignee = $2, false) AS mine FROM events
       WHERE ${visibleClause(w, params)} AND status NOT IN ${TERMINAL_SQL}
       ORDER BY deadline NULLS LAST, seq DESC LIMIT ${Math.floor(limit)}`,
      params,
    );
    const now = Date.now();
    return { tasks: rows.filter((r) => r.mine).map((r) => toView(r, now)), grid: rows.filter((r) => !r.mine).map((r) => toView(r, now)) };
  }

  /** A case by its source's own id (a worker's report, looked up after it is committed). */
  async bySourceId(source: string, sourceId: string): Promise<EventView | null> {
    const rows = await this.db.query<ViewRow>(`SELECT ${VIEW_COLUMNS} FROM events WHERE source = $1 AND source_id = $2`, [source, sourceId]);
    return rows[0] ? toView(rows[0], Date.now()) : null;
  }

  /** A worker's on-duty switch, kept over restarts. */
  async setDuty(workerId: string, onDuty: boolean): Promise<void> {
    await this.db.exec('INSERT INTO worker_duty (worker_id, on_duty) VALUES ($1, $2) ON CONFLICT (worker_id) DO UPDATE SET on_duty = excluded.on_duty, changed_at = now()', [workerId, onDuty]);
  }

  async dutySwitches(): Promise<Map<string, boolean>> {
    const rows = await this.db.query<{ worker_id: string; on_duty: boolean }>('SELECT worker_id, on_duty FROM worker_duty');
    return new Map(rows.map((r) => [r.worker_id, r.on_duty]));
  }
}
