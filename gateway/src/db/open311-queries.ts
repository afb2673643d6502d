import { listValue } from '@duckdb/node-api';
import { TERMINAL_STATUSES } from '../../protocol/statuses.js';
import type { Database, SqlParams } from './database.js';
import { scopeClause } from './event-queries.js';
import { TERMINAL_SQL } from './sql.js';

/** Statuses Open311 calls "closed": the case is over, whichever way (the workflow's terminal states). */
export const CLOSED_STATUSES = TERMINAL_STATUSES;

/** Source ids of events that came in through Open311 start with this (their title is the address). */
export const OPEN311_ID_PREFIX = 'o311-';

/** One stored event with what an Open311 service request shows of it (never who reported it). */
export interface RequestRow {
  id: string;
  source_id: string;
  status: string;
  category: string;
  title: string;
  description: string | null;
  department: string | null;
  lon: number;
  lat: number;
  media: string | null;
  occurred_ms: bigint;
  updated_ms: bigint;
  deadline_ms: bigint | null;
}

export interface RequestFilter {
  scope: string;
  /** only requests filed through Open311 (what a reader without a key may see) */
  open311Only: boolean;
  /** gateway ids: when given, every other filter is ignored (GeoReport v2) */
  ids?: string[] | undefined;
  categories?: string[] | undefined;
  status?: 'open' | 'closed' | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  limit: number;
}

const COLUMNS = `id, source_id, status, category, title, description, department, lon, lat, media,
  epoch_ms(occurred_at) AS occurred_ms, epoch_ms(updated_at) AS updated_ms, epoch_ms(deadline) AS deadline_ms`;

function open311Clause(params: SqlParams): string {
  params.push(OPEN311_ID_PREFIX);
  return `starts_with(source_id, $${params.length})`;
}

/** The reads behind the Open311 GeoReport v2 routes (parameterised; narrowed to a scope). */
export class Open311Queries {
  constructor(private readonly db: Database) {}

  /** The gateway id of the event a source stored under its own id, or null. */
  async idOf(source: string, sourceId: string): Promise<string | null> {
    const rows = await this.db.query<{ id: string }>('SELECT id FROM events WHERE source = $1 AND source_id = $2 LIMIT 1', [source, sourceId]);
    return rows[0]?.id ?? null;
  }

  /** Gateway ids of Open311 requests stored under any of these (source, source id) pairs. */
  async idsOf(pairs: { source: string; sourceId: string }[]): Promise<string[]> {
    if (pairs.length === 0) return [];
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM events WHERE list_contains($1::VARCHAR[], source || '/' || source_id) ORDER BY seq`,
      [listValue(pairs.map((p) => `${p.source}/${p.sourceId}`))],
    );
    return rows.map((r) => r.id);
  }

  async list(f: RequestFilter): Promise<RequestRow[]> {
    const params: SqlParams = [];
    const where = [scopeClause(f.scope, params)];
    if (f.open311Only) where.push(open311Clause(params));
    if (f.ids?.length) {
      params.push(listValue(f.ids));
      where.push(`list_contains($${params.length}::VARCHAR[], id)`);
    } else {
      if (f.categories?.length) {
        params.push(listValue(f.categories));
        where.push(`list_contains($${params.length}::VARCHAR[], category)`);
      }
      if (f.status) where.push(`status ${f.status === 'open' ? 'NOT IN' : 'IN'} ${TERMINAL_SQL}`);
      if (f.fromMs !== undefined) {
        params.push(f.fromMs / 1000);
        where.push(`occurred_at >= to_timestamp($${params.length})`);
      }
      if (f.toMs !== undefined) {
        params.push(f.toMs / 1000);
        where.push(`occurred_at <= to_timestamp($${params.length})`);
      }
    }
    params.push(f.limit);
    return this.db.query<RequestRow>(
      `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  async byId(scope: string, id: string, open311Only: boolean): Promise<RequestRow | null> {
    const params: SqlParams = [id];
    const where = [`id = $1`, scopeClause(scope, params)];
    if (open311Only) where.push(open311Clause(params));
    const rows = await this.db.query<RequestRow>(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')}`, params);
    return rows[0] ?? null;
  }
}
