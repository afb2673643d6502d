import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { EventStatus, EventView, Urgency } from '../../protocol/events.js';
import { levelOf } from '../../protocol/scope.js';
import { isTerminalStatus } from '../../protocol/statuses.js';
import type { Archive } from './archive.js';
import type { Database, SqlParams } from './database.js';
import { TERMINAL_SQL } from './sql.js';

/** The SQL condition that narrows events to a scope (parameterised; never string-built from input). */
export function scopeClause(scope: string, params: SqlParams): string {
  params.push(scope);
  const p = `$${params.length}`;
  switch (levelOf(scope)) {
    case 'city':
      return `starts_with(district_code, ${p})`;
    case 'district':
      return `district_code = ${p}`;
    case 'street':
      return `street_code = ${p}`;
    default:
      return `starts_with(grid_code, ${p})`;
  }
}


export const VIEW_COLUMNS = `seq, id, source_id, source, category, status, urgency, lon, lat, district_code, street_code,
  grid_code, epoch_ms(occurred_at) AS occurred_ms, epoch_ms(updated_at) AS updated_ms,
  epoch_ms(deadline) AS deadline_ms, title`;

export interface ViewRow {
  seq: bigint;
  id: string;
  source_id: string;
  source: string;
  category: string;
  status: string;
  urgency: string;
  lon: number;
  lat: number;
  district_code: string;
  street_code: string;
  grid_code: string | null;
  occurred_ms: bigint;
  updated_ms: bigint;
  deadline_ms: bigint | null;
  title: string;
}

export function toView(r: ViewRow, nowMs: number): EventView {
  const deadlineMs = r.deadline_ms === null ? null : Number(r.deadline_ms);
  return {
    seq: Number(r.seq),
    id: r.id,
    sourceId: r.source_id,
    source: r.source,
    category: r.category,
    status: r.status as EventStatus,
    urgency: r.urgency as Urgency,
    lon: r.lon,
    lat: r.lat,
    districtCode: r.district_code,
    streetCode: r.street_code,
    gridCode: r.grid_code,
    occurredAt: new Date(Number(r.occurred_ms)).toISOString(),
    updatedAt: new Date(Number(r.updated_ms)).toISOString(),
    deadline: deadlineMs === null ? null : new Date(deadlineMs).toISOString(),
    overdue: deadlineMs !== null && !isTerminalStatus(r.status as EventStatus) && deadlineMs < nowMs,
    title: r.title,
  };
}

export interface EventFilter {
  scope: string;
  status?: string[];
  category?: string[];
  since?: number;
  /** only open cases past their deadline, the longest overdue first */
  overdue?: boolean;
  limit: number;
}

export class EventQueries {
  constructor(
    private readonly db: Database,
    private readonly archive?: Archive,
  ) {}

  /** Newest first, narrowed to the scope and filters. */
  async list(f: EventFilter): Promise<EventView[]> {
    const params: SqlParams = [];
    const where = [scopeClause(f.scope, params)];
    if (f.status?.length) {
      params.push(listValue(f.status));
      where.push(`list_contains($${params.length}::VARCHAR[], status)`);
    }
    if (f.category?.length) {
      params.push(listValue(f.category));
      where.push(`list_contains($${params.length}::VARCHAR[], category)`);
    }
    if (f.since !== undefined) {
      params.push(f.since);
      where.push(`seq > $${params.length}`);
    }
    if (f.overdue) where.push(`deadline < now() AND status NOT IN ${TERMINAL_SQL}`);
    params.push(f.limit);
    const order = f.overdue ? 'deadline ASC, seq DESC' : 'seq DESC';
    const rows = await this.db.query<ViewRow>(
      `SELECT ${VIEW_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length}`,
      params,
    );
    const now = Date.now();
    return rows.map((r) => toView(r, now));
  }

  async byId(scope: string, id: string): Promise<EventView | null> {
    const params: SqlParams = [id];
    const where = `id = $1 AND ${scopeClause(scope, params)}`;
    const sql = (from: string) => `SELECT ${VIEW_COLUMNS} FROM ${from} WHERE ${where}`;
    let rows = await this.db.query<ViewRow>(sql('events'), params);
    // a closed case moved to the archive is still found by its id
    if (!rows[0] && this.archive) rows = await this.db.query<ViewRow>(sql(await this.archive.source('events')), params);
    return rows[0] ? toView(rows[0], Date.now()) : null;
  }

  /** Changes in (after, upTo] within the scope, oldest first: what a resuming screen missed. */
  async changesBetween(scope: string, after: number, upTo: number, limit: number): Promise<EventView[]> {
    const params: SqlParams = [after, upTo];
    const rows = await this.db.query<ViewRow>(
      `SELECT ${VIEW_COLUMNS} FROM events WHERE seq > $1 AND seq <= $2 AND ${scopeClause(scope, params)}
       ORDER BY seq LIMIT ${Math.floor(limit)}`,
      params,
    );
    const now = Date.now();
    return rows.map((r) => toView(r, now));
  }

  async countBetween(scope: string, after: number, upTo: number): Promise<number> {
    const params: SqlParams = [after, upTo];
    const rows = await this.db.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM events WHERE seq > $1 AND seq <= $2 AND ${scopeClause(scope, params)}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/**
 * Counts by street (and grid), status and category, and those that occurred in the last 24 h, for
 * the scoped summaries. The totals come from the rollup `kpi_status` (a few rows, whatever the
 * history); the last 24 h from the events that occurred since, which zone maps on `occurred_at`
 * find without reading older row groups. Without `scope`, by street (the city, district and street
 * summaries are sums of these); with a narrower scope, its own rows only. Run it where no commit
 * is half-applied to the rollups (the writer's apply step), so the counts are those of one seq.
 */
export async function countsFromRollups(conn: DuckDBConnection, nowMs: number, scope?: string): Promise<StreetCounts[]> {
  const totalsParams: SqlParams = [];
  const recentParams: SqlParams = [(nowMs - 24 * 3600_000) / 1000];
  const narrow = scope ? `AND starts_with(grid_code, $${totalsParams.push(scope)})` : '';
  const narrowRecent = scope ? `AND ${scopeClause(scope, recentParams)}` : '';
  const totals = (
    await conn.runAndReadAll(
      `SELECT district_code, street_code, status, category, sum(n)::BIGINT AS n FROM kpi_status WHERE n != 0 ${narrow} GROUP BY ALL`,
      totalsParams,
    )
  ).getRowsJS() as [string, string, string, string, bigint][];
  const recent = (
    await conn.runAndReadAll(
      `SELECT district_code, street_code, status, category, count(*) AS n FROM events WHERE occurred_at >= to_timestamp($1) ${narrowRecent} GROUP BY ALL`,
      recentParams,
    )
  ).getRowsJS() as [string, string, string, string, bigint][];
  const byKey = new Map<string, StreetCounts>();
  const cell = (d: string, st: string, status: string, category: string) => {
    const key = `${d}|${st}|${status}|${category}`;
    let c = byKey.get(key);
    if (!c) byKey.set(key, (c = { districtCode: d, streetCode: st, status: status as EventStatus, category, n: 0, recent: 0 }));
    return c;
  };
  for (const [d, st, status, category, n] of totals) cell(d, st, status, category).n += Number(n);
  for (const [d, st, status, category, n] of recent) cell(d, st, status, category).recent += Number(n);
  return [...byKey.values()];
}

/** Summary counts of everything committed up to `seq` (see countsFromRollups). */
export type SummaryCounts = (nowMs: number, scope?: string) => Promise<{ counts: StreetCounts[]; seq: number }>;

export interface StreetCounts {
  districtCode: string;
  streetCode: string;
  status: EventStatus;
  category: string;
  n: number;
  recent: number;
}
