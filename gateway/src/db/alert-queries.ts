import type { DuckDBConnection } from '@duckdb/node-api';
import type { AlertView } from '../../protocol/feeds.js';
import { MINUTE_MS, WEEK_MS, type AlertRule, type AreaCount, type SurgeRule, type ThresholdRule, type WeeklyCount } from '../domain/alert-rules.js';
import type { Database, SqlParams } from './database.js';
import { scopeClause } from './event-queries.js';

/** An alert to store: what a rule found, or an overdue case the workflow escalates. */
export interface NewAlert {
  kind: AlertView['kind'];
  /** the rule id (early warning), or null */
  rule?: string | null;
  /** the area whose screens see it; defaults to `areaCode` */
  scope?: string;
  areaCode: string;
  category?: string | null;
  eventId?: string | null;
  value?: number | null;
  baseline?: number | null;
  message: string;
  /**
   * De-duplication: an alert of the same kind, rule, area and event that is still open (not
   * acknowledged), or that was raised at or after this instant (ISO), is a duplicate and nothing
   * is stored. Without it only an open duplicate counts.
   */
  windowStart?: string | null;
}

/** What `raiseAlert` needs of a writer apply step (an `ApplyContext` fits). */
export interface AlertApplyContext {
  conn: DuckDBConnection;
  nextSeq: () => number;
  now: number;
}

export const ALERT_COLUMNS = `id, seq, epoch_ms(raised_at) AS raised_ms, kind, rule, scope, area_code, category, event_id, value,
  baseline, message, acked_by, epoch_ms(acked_at) AS acked_ms`;

export interface AlertRow {
  id: string;
  seq: bigint;
  raised_ms: bigint;
  kind: string;
  rule: string | null;
  scope: string;
  area_code: string;
  category: string | null;
  event_id: string | null;
  value: number | null;
  baseline: number | null;
  message: string;
  acked_by: string | null;
  acked_ms: bigint | null;
}

export function toAlertView(r: AlertRow): AlertView {
  return {
    seq: Number(r.seq),
    id: r.id,
    kind: r.kind as AlertView['kind'],
    rule: r.rule,
    scope: r.scope,
    areaCode: r.area_code,
    category: r.category,
    eventId: r.event_id,
    value: r.value,
    baseline: r.baseline,
    message: r.message,
    raisedAt: new Date(Number(r.raised_ms)).toISOString(),
    ackedBy: r.acked_by,
    ackedAt: r.acked_ms === null ? null : new Date(Number(r.acked_ms)).toISOString(),
  };
}

async function rowsOf<T>(conn: DuckDBConnection, sql: string, params: SqlParams): Promise<T[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as T[];
}

/**
 * Stores an alert inside a writer apply step, unless a duplicate is open (see NewAlert.windowStart).
 * Takes a seq only when it stores; the caller returns the view as `changes: { alerts: [view] }` so the
 * screens of its scope receive it:
 *
 *   await writer.apply(async (ctx) => {
 *     const view = await raiseAlert(ctx, { kind: 'overdue', areaCode: e.streetCode, eventId: e.id, message: '…' });
 *     return { result: view, changes: { alerts: view ? [view] : [] } };
 *   });
 */
export async function raiseAlert(ctx: AlertApplyContext, alert: NewAlert): Promise<AlertView | null> {
  const { conn } = ctx;
  const dupParams: SqlParams = [alert.kind, alert.rule ?? '', alert.areaCode, alert.eventId ?? ''];
  let recent = '';
  if (alert.windowStart) {
    dupParams.push(Date.parse(alert.windowStart) / 1000);
    recent = ` OR raised_at >= to_timestamp($${dupParams.length})`;
  }
  const dup = await rowsOf<{ n: bigint }>(
    conn,
    `SELECT count(*) AS n FROM alerts WHERE kind = $1 AND coalesce(rule, '') = $2 AND area_code = $3
       AND coalesce(event_id, '') = $4 AND (acked_at IS NULL${recent})`,
    dupParams,
  );
  if (Number(dup[0]?.n ?? 0) > 0) return null;
  const seq = ctx.nextSeq();
  const view: AlertView = {
    seq,
    id: `al-${seq}`,
    kind: alert.kind,
    rule: alert.rule ?? null,
    scope: alert.scope ?? alert.areaCode,
    areaCode: alert.areaCode,
    category: alert.category ?? null,
    eventId: alert.eventId ?? null,
    value: alert.value ?? null,
    baseline: alert.baseline ?? null,
    message: alert.message,
    raisedAt: new Date(ctx.now).toISOString(),
    ackedBy: null,
    ackedAt: null,
  };
  await conn.run(
    `INSERT INTO alerts (id, seq, raised_at, kind, rule, scope, area_code, category, event_id, value, baseline, message)
     VALUES ($1, $2, to_timestamp($3), $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [view.id, seq, ctx.now / 1000, view.kind, view.rule, view.scope, view.areaCode, view.category, view.eventId, view.value, view.baseline, view.message],
  );
  return view;
}

/** The outcome of an acknowledgement (inside a writer apply step). */
export type AckOutcome = { ok: true; alert: AlertView } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'already-acked'; alert: AlertView };

/**
 * Records who acknowledged an alert inside `scope` and when; the alert takes a new seq so the
 * screens receive the updated view.
 */
export async function ackAlert(ctx: AlertApplyContext, scope: string, id: string, by: string): Promise<AckOutcome> {
  const [row] = await rowsOf<AlertRow>(ctx.conn, `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 AND starts_with(scope, $2)`, [id, scope]);
  if (!row) return { ok: false, reason: 'not-found' };
  if (row.acked_by !== null) return { ok: false, reason: 'already-acked', alert: toAlertView(row) };
  const seq = ctx.nextSeq();
  await ctx.conn.run('UPDATE alerts SET seq = $1, acked_by = $2, acked_at = to_timestamp($3) WHERE id = $4', [seq, by, ctx.now / 1000, id]);
  return { ok: true, alert: { ...toAlertView(row), seq, ackedBy: by, ackedAt: new Date(ctx.now).toISOString() } };
}

export type AlertStatusFilter = 'open' | 'acked' | 'all';

const LEVEL_COLUMN: Record<AlertRule['level'], string> = {
  district: 'district_code',
  street: 'street_code',
  grid: 'grid_code',
};

/** The counts the alert rules read, and the alerts for REST; every query parameterised. */
export class AlertQueries {
  constructor(private readonly db: Database) {}

  /** The event filter of a rule (class, area) appended to `where`. */
  private ruleFilter(rule: AlertRule, params: SqlParams, where: string[]): void {
    if (rule.category !== undefined) {
      params.push(rule.category);
      where.push(`category = $${params.length}`);
    }
    if (rule.area !== undefined) where.push(scopeClause(rule.area, params));
  }

  /** Events per area (of the rule's level) that occurred in (now − window, now]. */
  async thresholdCounts(rule: ThresholdRule, nowMs: number): Promise<AreaCount[]> {
    const col = LEVEL_COLUMN[rule.level];
    const params: SqlParams = [(nowMs - rule.windowMinutes * MINUTE_MS) / 1000, nowMs / 1000];
    const where = ['occurred_at > to_timestamp($1)', 'occurred_at <= to_timestamp($2)', `${col} IS NOT NULL`, `${col} <> ''`];
    this.ruleFilter(rule, params, where);
    const rows = await this.db.query<{ area: string; n: bigint }>(
      `SELECT ${col} AS area, count(*) AS n FROM events WHERE ${where.join(' AND ')} GROUP BY 1`,
      params,
    );
    return rows.map((r) => ({ area: r.area, n: Number(r.n) }));
  }

  /**
   * Events per area for the current window (week 0) and the same window 1…weeks weeks earlier:
   * week w is (now − w·7 d − window, now − w·7 d].
   */
  async surgeCounts(rule: SurgeRule, nowMs: number): Promise<WeeklyCount[]> {
    const col = LEVEL_COLUMN[rule.level];
    const windowMs = rule.windowMinutes * MINUTE_MS;
    const params: SqlParams = [];
    const filter = [`${col} IS NOT NULL`, `${col} <> ''`];
    this.ruleFilter(rule, params, filter);
    // One time range per week, each read on its own: DuckDB skips the row groups outside it.
    const parts: string[] = [];
    for (let w = 0; w <= rule.weeks; w++) {
      const end = nowMs - w * WEEK_MS;
      params.push((end - windowMs) / 1000, end / 1000);
      parts.push(
        `SELECT ${col} AS area, ${w} AS week FROM events
          WHERE occurred_at > to_timestamp($${params.length - 1}) AND occurred_at <= to_timestamp($${params.length}) AND ${filter.join(' AND ')}`,
      );
    }
    const rows = await this.db.query<{ area: string; week: number; n: bigint }>(
      `SELECT area, week, count(*) AS n FROM (${parts.join(' UNION ALL ')}) GROUP BY ALL`,
      params,
    );
    return rows.map((r) => ({ area: r.area, week: Number(r.week), n: Number(r.n) }));
  }

  countsFor(rule: AlertRule, nowMs: number): Promise<AreaCount[] | WeeklyCount[]> {
    return rule.kind === 'surge' ? this.surgeCounts(rule, nowMs) : this.thresholdCounts(rule, nowMs);
  }

  /** Alerts inside `scope` (their own scope starts with it), newest first. */
  async list(f: { scope: string; status: AlertStatusFilter; limit: number }): Promise<AlertView[]> {
    const params: SqlParams = [f.scope, f.limit];
    const status = f.status === 'open' ? ' AND acked_at IS NULL' : f.status === 'acked' ? ' AND acked_at IS NOT NULL' : '';
    const rows = await this.db.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE starts_with(scope, $1)${status} ORDER BY seq DESC LIMIT $2`,
      params,
    );
    return rows.map(toAlertView);
  }

  async byId(scope: string, id: string): Promise<AlertView | null> {
    const rows = await this.db.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1 AND starts_with(scope, $2)`, [id, scope]);
    return rows[0] ? toAlertView(rows[0]) : null;
  }
}
