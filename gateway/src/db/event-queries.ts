import { listValue } from '@duckdb/node-api';
import type { EventStatus, EventView, Urgency } from '../../protocol/events.js';
import { levelOf } from '../../protocol/scope.js';
import { isTerminalStatus } from '../../protocol/statuses.js';
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
  constructor(private readonly db: Database) {}

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
    const rows = await this.db.query<ViewRow>(
      `SELECT ${VIEW_COLUMNS} FROM events WHERE id = $1 AND ${scopeClause(scope, params)}`,
      params,
    );
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

  /**
   * Counts by street, status and category (and within the last 24 h). Summaries of the city,
   * districts and streets are summed from these; narrower scopes pass `scope` and get their own.
   */
  async countsByStreet(nowMs: number, scope?: string): Promise<{ counts: StreetCounts[]; seq: number }> {
    const params: SqlParams = [(nowMs - 24 * 3600_000) / 1000];
    const where = scope ? `WHERE ${scopeClause(scope, params)}` : '';
    // The seq comes from the same statement, so the counts are exactly those of changes up to it.
    const rows = await this.db.query<{ max_seq: bigint; street_code: string | null; district_code: string; status: string; category: string; n: bigint; recent: bigint }>(
      `SELECT m.max_seq, c.* FROM (SELECT coalesce(max(seq), 0) AS max_seq FROM events) m
       LEFT JOIN (SELECT district_code, street_code, status, category, count(*) AS n,
              count(*) FILTER (WHERE occurred_at >= to_timestamp($1)) AS recent
         FROM events ${where} GROUP BY ALL) c ON true`,
      params,
    );
    const seq = Number(rows[0]?.max_seq ?? 0);
    const counts = rows
      .filter((r) => r.street_code !== null)
      .map((r) => ({
        districtCode: r.district_code,
        streetCode: r.street_code!,
        status: r.status as EventStatus,
        category: r.category,
        n: Number(r.n),
        recent: Number(r.recent),
      }));
    return { counts, seq };
  }
}

export interface StreetCounts {
  districtCode: string;
  streetCode: string;
  status: EventStatus;
  category: string;
  n: number;
  recent: number;
}
