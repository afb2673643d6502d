// The KPIs of domain/kpi.ts in DuckDB SQL over the events table's case facts (migration 3), with
// daily and monthly rollups (migration 4) so that a year costs about what a month does.
//
// Every KPI count is a sum of *single-date* counters — each attributed to the day of one of the
// case's dates (reported, filed, dispatched, handled, handle deadline, closed, close deadline) —
// except the two "due" denominators, which are unions of two dates. Those are rewritten as
//   due to close in P = closed in P
//                     + closing deadline in P and not closed (as of now)
//                     + closing deadline in P and closed before P starts   (straddles `from`)
//                     + closing deadline in P and closed after P ends      (straddles `to`)
// (and the same for handling). The first two terms are single-date counters; the straddlers are
// few and found by scans that DuckDB's zone maps narrow to the row groups around `from` and `to`.
//
// A single-date counter over P is the sum of the rollup's cells for the whole local days inside
// P (`kpi_monthly` for whole months, `kpi_daily` for the days around them) plus a count over
// the raw rows for the partial days at either end (each a range scan on one
// date column, again zone-map narrowed). Without rollups (or for groupings the rollup does not
// keep: community, grid, worker, category; or a scope below a street) the whole of P is read raw
// the same way.
//
// Rollup maintenance: `kpi_daily`, `kpi_monthly` and `kpi_open` hold the sum of every case's contribution. A
// change to a case's facts must take out its old contribution and add its new one in the same
// transaction: `withRollupDelta(conn, ids, update)` (or `applyRollupDelta` twice), and
// `rebuildRollups(conn)` recomputes them from scratch (first start, after a bulk load or a failed
// update); `catchUpRollups` at start adds only the cases created after the persistent watermark.
import { DuckDBTimestampTZValue, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { levelOf } from '../../protocol/scope.js';
import type { EventStatus } from '../../protocol/events.js';
import { isTerminalStatus } from '../../protocol/statuses.js';
import type { KpiId, KpiValue } from '../domain/kpi.js';
import { KPI_GROUPINGS, KPI_IDS, type KpiGrouping } from '../../protocol/kpi.js';
import type { Database, SqlParams } from './database.js';
import { withAllArchived } from './archive.js';
import { scopeClause } from './event-queries.js';
import { TERMINAL_SQL } from './sql.js';
// Days are the city's local days (China Standard Time, UTC+8, no daylight saving).
import { DAY_MS, LOCAL_OFFSET_MS } from '../../protocol/time.js';

export { KPI_GROUPINGS, KPI_IDS, type KpiGrouping };

const HOUR_MS = 3_600_000;

type DateColumn =
  | 'occurred_at'
  | 'filed_at'
  | 'dispatched_at'
  | 'handled_at'
  | 'handle_deadline'
  | 'closed_at'
  | 'close_deadline';

const DATE_COLUMNS: DateColumn[] = [
  'occurred_at',
  'filed_at',
  'dispatched_at',
  'handled_at',
  'handle_deadline',
  'closed_at',
  'close_deadline',
];

/** A case's facts as `applyRollupDelta` reads them (dates as epoch ms). */
interface FactRow {
  district_code: string;
  street_code: string;
  department: string;
  grid_code: string;
  status: string;
  occurred_at: number;
  filed_at: number | null;
  dispatched_at: number | null;
  handled_at: number | null;
  handle_deadline: number | null;
  closed_at: number | null;
  close_deadline: number | null;
  valid: boolean | null;
  filed_on_time: boolean | null;
  dispatched_on_time: boolean | null;
  returned: boolean | null;
  handled_on_time: boolean | null;
  closed_on_time: boolean | null;
  suspended_ever: boolean | null;
  reworked: boolean | null;
}

/**
 * The single-date counters: a case counts on the local day of `date` when `cond` holds (`test`
 * is the same condition in TypeScript, for the incremental path; the tests hold the two equal).
 */
const COUNTERS = [
  { name: 'reported', date: 'occurred_at', cond: 'true', test: () => true },
  { name: 'rep_decided', date: 'occurred_at', cond: 'valid IS NOT NULL', test: (r) => r.valid !== null },
  { name: 'rep_valid', date: 'occurred_at', cond: 'valid IS TRUE', test: (r) => r.valid === true },
  { name: 'filed', date: 'filed_at', cond: 'true', test: () => true },
  { name: 'filed_ot', date: 'filed_at', cond: 'filed_on_time IS TRUE', test: (r) => r.filed_on_time === true },
  { name: 'disp', date: 'dispatched_at', cond: 'true', test: () => true },
  { name: 'disp_ot', date: 'dispatched_at', cond: 'dispatched_on_time IS TRUE', test: (r) => r.dispatched_on_time === true },
  { name: 'disp_ok', date: 'dispatched_at', cond: 'returned IS NOT TRUE', test: (r) => r.returned !== true },
  { name: 'handled', date: 'handled_at', cond: 'true', test: () => true },
  { name: 'handled_ot', date: 'handled_at', cond: 'handled_on_time IS TRUE', test: (r) => r.handled_on_time === true },
  { name: 'hdl_open', date: 'handle_deadline', cond: 'handled_at IS NULL', test: (r) => r.handled_at === null },
  { name: 'closed', date: 'closed_at', cond: 'true', test: () => true },
  { name: 'closed_ot', date: 'closed_at', cond: 'closed_on_time IS TRUE', test: (r) => r.closed_on_time === true },
  { name: 'closed_late', date: 'closed_at', cond: 'closed_on_time IS NOT TRUE', test: (r) => r.closed_on_time !== true },
  { name: 'closed_ns', date: 'closed_at', cond: 'suspended_ever IS NOT TRUE', test: (r) => r.suspended_ever !== true },
  { name: 'closed_ot_ns', date: 'closed_at', cond: 'closed_on_time IS TRUE AND suspended_ever IS NOT TRUE', test: (r) => r.closed_on_time === true && r.suspended_ever !== true },
  { name: 'closed_rw', date: 'closed_at', cond: 'reworked IS TRUE', test: (r) => r.reworked === true },
  { name: 'cdl_open', date: 'close_deadline', cond: 'closed_at IS NULL', test: (r) => r.closed_at === null },
  { name: 'cdl_open_ns', date: 'close_deadline', cond: 'closed_at IS NULL AND suspended_ever IS NOT TRUE', test: (r) => r.closed_at === null && r.suspended_ever !== true },
] as const satisfies readonly { name: string; date: DateColumn; cond: string; test: (r: FactRow) => boolean }[];

type CounterName = (typeof COUNTERS)[number]['name'];
type Counts = Record<CounterName | 's_close' | 's_close_ns' | 's_handle', number>;

/** The counter columns of `kpi_daily` (migration 4), in order. */
export const ROLLUP_COUNTERS: readonly string[] = COUNTERS.map((c) => c.name);

const dayOf = (col: string) => `((epoch_ms(${col}) + ${LOCAL_OFFSET_MS}) // ${DAY_MS})`;
const hourOf = (col: string) => `((epoch_ms(${col}) + ${LOCAL_OFFSET_MS}) // ${HOUR_MS})`;
const tsParam = (ms: number) => new DuckDBTimestampTZValue(BigInt(ms) * 1000n);

/** Key expressions over raw `events` rows. */
const RAW_KEY: Record<KpiGrouping, string> = {
  district: 'district_code',
  street: 'street_code',
  community: `coalesce(substr(grid_code, 1, 12), '')`,
  grid: `coalesce(grid_code, '')`,
  department: `coalesce(department, '')`,
  worker: `coalesce(assignee, '')`,
  category: 'category',
  none: `''`,
};
/** The groupings `kpi_daily` keeps, and the column of each (none: no column). */
const ROLLUP_KEY: Partial<Record<KpiGrouping, true>> = { district: true, street: true, department: true, none: true };
const BASE_COLUMN: Partial<Record<KpiGrouping, string>> = { district: 'district_code', street: 'street_code', department: 'department' };
/** The key columns every ROLLUP_KEY grouping is grouped from, over the rollup and over raw events. */
const BASE_KEYS: Record<string, { raw: string; rollup: string }> = {
  district_code: { raw: 'district_code', rollup: 'district_code' },
  street_code: { raw: 'street_code', rollup: 'street_code' },
  department: { raw: `coalesce(department, '')`, rollup: 'department' },
};

export interface KpiRow {
  key: string;
  name?: string;
  kpis: Record<KpiId, KpiValue>;
}
export interface KpiResult {
  by: KpiGrouping;
  rows: KpiRow[];
}
export interface KpiQuery {
  scope: string;
  from: Date;
  to: Date;
  by: KpiGrouping;
  /** only cases of this class: a major class (2 digits, 大类) or a minor one (4, 小类) */
  category?: string;
}
export interface RankingQuery extends KpiQuery {
  kpi: KpiId;
  order?: 'desc' | 'asc';
  limit?: number;
}
export interface RankingRow {
  rank: number;
  key: string;
  name?: string;
  value: number | null;
  numerator: number;
  denominator: number;
}
export interface TrendQuery {
  scope: string;
  from: Date;
  to: Date;
  bucket: 'day' | 'hour';
}
export interface TrendPoint {
  /** start of the bucket (local day or hour), ISO */
  at: string;
  reported: number;
  closed: number;
}
export interface MapCount {
  gridCode: string;
  open: number;
  /** of the open cases, those past their deadline (only from overdueMapCounts) */
  overdue?: number;
}

/** A time range split into whole local days (for the rollup) and the partial days at its ends. */
interface Split {
  days: { from: number; to: number } | null;
  raw: { from: number; to: number }[];
}

function splitDays(fromMs: number, toMs: number): Split {
  const firstDay = Math.ceil((fromMs + LOCAL_OFFSET_MS) / DAY_MS);
  const endDay = Math.floor((toMs + LOCAL_OFFSET_MS) / DAY_MS);
  if (firstDay >= endDay) return { days: null, raw: fromMs < toMs ? [{ from: fromMs, to: toMs }] : [] };
  const a = firstDay * DAY_MS - LOCAL_OFFSET_MS;
  const b = endDay * DAY_MS - LOCAL_OFFSET_MS;
  const raw: { from: number; to: number }[] = [];
  if (fromMs < a) raw.push({ from: fromMs, to: a });
  if (b < toMs) raw.push({ from: b, to: toMs });
  return { days: { from: firstDay, to: endDay }, raw };
}

/** The month (months since 1970-01) of a local day number, and the first local day of a month. */
const monthOfDay = (day: number) => {
  const d = new Date(day * DAY_MS);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
};
const firstDayOfMonth = (month: number) => Date.UTC(1970 + Math.floor(month / 12), month % 12, 1) / DAY_MS;

/**
 * Whole local days [from, to) as the whole months inside them (for `kpi_monthly`) and the days
 * before and after those months (for `kpi_daily`).
 */
function splitMonths(days: { from: number; to: number }): { months: { from: number; to: number } | null; days: { from: number; to: number }[] } {
  let m1 = monthOfDay(days.from);
  if (firstDayOfMonth(m1) < days.from) m1++;
  const m2 = monthOfDay(days.to); // the month `to` falls in is not whole (its first day may be `to` itself)
  if (m1 >= m2) return { months: null, days: [days] };
  const a = firstDayOfMonth(m1);
  const b = firstDayOfMonth(m2);
  return {
    months: { from: m1, to: m2 },
    days: [
      ...(days.from < a ? [{ from: days.from, to: a }] : []),
      ...(b < days.to ? [{ from: b, to: days.to }] : []),
    ],
  };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const kv = (numerator: number, denominator: number): KpiValue => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

/** The eleven KPIs from the summed counters (see the top of the file for the due-to terms). */
function kpisOf(c: Counts): Record<KpiId, KpiValue> {
  const dueClose = c.closed + c.cdl_open + c.s_close;
  const dueCloseNs = c.closed_ns + c.cdl_open_ns + c.s_close_ns;
  const dueHandle = c.handled + c.hdl_open + c.s_handle;
  return {
    closureRate: kv(c.closed, dueClose),
    onTimeClosureRate: kv(c.closed_ot, dueClose),
    onTimeClosureRateExSuspended: kv(c.closed_ot_ns, dueCloseNs),
    overdueClosureRate: kv(c.closed_late, dueClose),
    handlingRate: kv(c.handled, dueHandle),
    onTimeHandlingRate: kv(c.handled_ot, dueHandle),
    accurateDispatchRate: kv(c.disp_ok, c.disp),
    onTimeDispatchRate: kv(c.disp_ot, c.disp),
    onTimeFilingRate: kv(c.filed_ot, c.filed),
    validReportRate: kv(c.rep_valid, c.rep_decided),
    reworkRate: kv(c.closed_rw, c.closed),
  };
}

/**
 * Rows ordered by one KPI (descending by default), ties by the larger denominator then the key;
 * rows without a value (no denominator) last. Rankings come from the same KPI rows the panels show.
 */
export function rankRows(rows: readonly KpiRow[], kpi: KpiId, order: 'desc' | 'asc' = 'desc', limit?: number): RankingRow[] {
  const sign = order === 'desc' ? -1 : 1;
  return rows
    .map((r) => ({ key: r.key, ...r.kpis[kpi] }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.key.localeCompare(b.key) : 1) : -1;
      return a.value !== b.value ? sign * (a.value - b.value) : b.denominator - a.denominator || a.key.localeCompare(b.key);
    })
    .slice(0, limit ?? rows.length)
    .map((r, i) => ({ rank: i + 1, ...r }));
}

export interface KpiQueriesOptions {
  /**
   * Read whole days from the rollup tables (default true). They must then be maintained:
   * `catchUpRollups` at start and `withRollupDelta` around every change of a case's facts.
   */
  rollups?: boolean;
}

export class KpiQueries {
  private readonly rollups: boolean;

  constructor(
    private readonly db: Database,
    opts: KpiQueriesOptions = {},
  ) {
    this.rollups = opts.rollups ?? true;
  }

  /** All eleven KPIs over [from, to) within the scope, grouped by `by` (for 'none' one row keyed by the scope). */
  async kpis(q: KpiQuery): Promise<KpiResult> {
    return (await this.kpisMany({ ...q, by: [q.by] }))[0]!;
  }

  /**
   * The KPIs of several groupings of one scope and period. Those the rollup keeps (none,
   * district, street, department) come from a single statement over the same parts, so a screen
   * that wants all of them pays for the scans once; the others run one statement each.
   */
  async kpisMany(q: Omit<KpiQuery, 'by'> & { by: readonly KpiGrouping[] }): Promise<KpiResult[]> {
    const wanted = [...new Set(q.by)];
    const base = wanted.filter((b) => b in ROLLUP_KEY);
    const results = new Map<KpiGrouping, KpiResult>();
    const jobs: Promise<void>[] = [];
    if (base.length) {
      jobs.push(
        // the rollups keep no category: a category's figures are counted from the cases
        this.counted(q, BASE_KEYS, this.rollups && this.rollupScope(q.scope) && !q.category, base).then((rs) => {
          rs.forEach((r) => results.set(r.by, r));
        }),
      );
    }
    for (const by of wanted.filter((b) => !(b in ROLLUP_KEY))) {
      jobs.push(
        this.counted(q, { key: { raw: RAW_KEY[by] } }, false, [by]).then(([r]) => {
          results.set(by, r!);
        }),
      );
    }
    await Promise.all(jobs);
    return q.by.map((b) => results.get(b)!);
  }

  /**
   * The counters summed per key over the parts (rollup days, raw partial days, straddlers), then
   * added up per requested grouping. `keys`: output column → its expression over raw events and
   * over the rollup; BASE_KEYS serves every grouping in ROLLUP_KEY. The parts pass rows straight
   * to one aggregation (no grouping inside them), and the groupings are summed here from its few
   * rows: cheaper than GROUPING SETS, which DuckDB runs as one aggregation per set.
   */
  private async counted(
    q: Omit<KpiQuery, 'by'>,
    keys: Record<string, { raw: string; rollup?: string }>,
    useRollup: boolean,
    groupings: KpiGrouping[],
  ): Promise<KpiResult[]> {
    const fromMs = q.from.getTime();
    const toMs = q.to.getTime();
    const params: SqlParams = [];
    const scope = scopeClause(q.scope, params) + categoryClause(q.category, params);
    const p = (v: SqlParams[number]) => {
      params.push(v);
      return `$${params.length}`;
    };
    const keyCols = Object.keys(keys);
    const rawKeys = keyCols.map((k) => `${keys[k]!.raw} AS ${k}`).join(', ');
    const parts: string[] = [];
    const split = useRollup ? splitDays(fromMs, toMs) : { days: null, raw: fromMs < toMs ? [{ from: fromMs, to: toMs }] : [] };
    if (split.days) {
      // Whole months from kpi_monthly, the days around them from kpi_daily.
      const { months, days } = splitMonths(split.days);
      const select = `SELECT ${keyCols.map((k) => `${keys[k]!.rollup} AS ${k}`).join(', ')}, ${COUNTERS.map((c) => c.name).join(', ')}`;
      if (months) {
        parts.push(`${select} FROM kpi_monthly WHERE month >= ${p(months.from)} AND month < ${p(months.to)} AND ${scope}`);
      }
      for (const d of days) parts.push(`${select} FROM kpi_daily WHERE day >= ${p(d.from)} AND day < ${p(d.to)} AND ${scope}`);
    }
    for (const range of split.raw) {
      const lo = p(tsParam(range.from));
      const hi = p(tsParam(range.to));
      for (const col of DATE_COLUMNS) {
        const counters = COUNTERS.filter((c) => c.date === col);
        parts.push(
          `SELECT ${rawKeys}, ${counters.map((c) => `(${c.cond})::INTEGER AS ${c.name}`).join(', ')}
           FROM events WHERE ${col} >= ${lo} AND ${col} < ${hi} AND ${scope}`,
        );
      }
    }
    if (fromMs < toMs) {
      // The straddlers: due (deadline in P) and finished outside P.
      const lo = p(tsParam(fromMs));
      const hi = p(tsParam(toMs));
      for (const cmp of [`< ${lo}`, `>= ${hi}`]) {
        parts.push(
          `SELECT ${rawKeys}, 1 AS s_close, (suspended_ever IS NOT TRUE)::INTEGER AS s_close_ns
           FROM events WHERE close_deadline >= ${lo} AND close_deadline < ${hi} AND closed_at ${cmp} AND ${scope}`,
          `SELECT ${rawKeys}, 1 AS s_handle
           FROM events WHERE handle_deadline >= ${lo} AND handle_deadline < ${hi} AND handled_at ${cmp} AND ${scope}`,
        );
      }
    }
    if (parts.length === 0) return groupings.map((by) => ({ by, rows: [] }));
    const names = [...COUNTERS.map((c) => c.name), 's_close', 's_close_ns', 's_handle'] as (keyof Counts)[];
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${keyCols.join(', ')}, ${names.map((n) => `coalesce(sum(${n}), 0)::BIGINT AS ${n}`).join(', ')}
       FROM (${parts.join('\nUNION ALL BY NAME\n')}) GROUP BY ALL`,
      params,
    );
    return groupings.map((by) => {
      const column = by === 'none' ? null : keyCols.length === 1 ? keyCols[0]! : BASE_COLUMN[by]!;
      const groups = new Map<string, Counts>();
      for (const r of rows) {
        const key = column === null ? q.scope : String(r[column]);
        let c = groups.get(key);
        if (!c) {
          c = {} as Counts;
          for (const n of names) c[n] = 0;
          groups.set(key, c);
        }
        for (const n of names) c[n] += num(r[n]);
      }
      const out: KpiRow[] = [];
      for (const [key, counts] of groups) {
        // A group none of whose cases has a date in the period (a rollup cell emptied by changes) is left out.
        if (names.every((n) => counts[n] === 0)) continue;
        out.push({ key, kpis: kpisOf(counts) });
      }
      out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { by, rows: out };
    });
  }

  /** Areas (or departments, workers, …) ordered by one KPI (see `rankRows`). */
  async ranking(q: RankingQuery): Promise<{ by: KpiGrouping; kpi: KpiId; rows: RankingRow[] }> {
    const { rows } = await this.kpis(q);
    return { by: q.by, kpi: q.kpi, rows: rankRows(rows, q.kpi, q.order, q.limit) };
  }

  /** Cases reported and closed per local day or hour of [from, to), every bucket present. */
  async trend(q: TrendQuery): Promise<TrendPoint[]> {
    const fromMs = q.from.getTime();
    const toMs = q.to.getTime();
    const unit = q.bucket === 'day' ? DAY_MS : HOUR_MS;
    const params: SqlParams = [];
    const scope = scopeClause(q.scope, params);
    const p = (v: SqlParams[number]) => {
      params.push(v);
      return `$${params.length}`;
    };
    const useRollup = this.rollups && q.bucket === 'day' && this.rollupScope(q.scope);
    const split = useRollup ? splitDays(fromMs, toMs) : { days: null, raw: fromMs < toMs ? [{ from: fromMs, to: toMs }] : [] };
    const parts: string[] = [];
    if (split.days) {
      parts.push(
        `SELECT day AS bucket, sum(reported) AS reported, sum(closed) AS closed FROM kpi_daily
         WHERE day >= ${p(split.days.from)} AND day < ${p(split.days.to)} AND ${scope} GROUP BY ALL`,
      );
    }
    const bucketOf = q.bucket === 'day' ? dayOf : hourOf;
    for (const range of split.raw) {
      const lo = p(tsParam(range.from));
      const hi = p(tsParam(range.to));
      for (const [col, name] of [
        ['occurred_at', 'reported'],
        ['closed_at', 'closed'],
      ] as const) {
        parts.push(
          `SELECT ${bucketOf(col)} AS bucket, count(*) AS ${name} FROM events
           WHERE ${col} >= ${lo} AND ${col} < ${hi} AND ${scope} GROUP BY ALL`,
        );
      }
    }
    const byBucket = new Map<number, { reported: number; closed: number }>();
    if (parts.length) {
      const rows = await this.db.query<{ bucket: bigint; reported: bigint; closed: bigint }>(
        `SELECT bucket, coalesce(sum(reported), 0)::BIGINT AS reported, coalesce(sum(closed), 0)::BIGINT AS closed
         FROM (${parts.join('\nUNION ALL BY NAME\n')}) GROUP BY bucket`,
        params,
      );
      for (const r of rows) byBucket.set(Number(r.bucket), { reported: num(r.reported), closed: num(r.closed) });
    }
    const out: TrendPoint[] = [];
    const first = Math.floor((fromMs + LOCAL_OFFSET_MS) / unit);
    const last = Math.ceil((toMs + LOCAL_OFFSET_MS) / unit);
    for (let b = first; b < last; b++) {
      const v = byBucket.get(b) ?? { reported: 0, closed: 0 };
      out.push({ at: new Date(b * unit - LOCAL_OFFSET_MS).toISOString(), ...v });
    }
    return out;
  }

  /** Open cases per grid within the scope (the map layer); grids without open cases are left out. */
  async mapCounts(q: { scope: string; category?: string }): Promise<MapCount[]> {
    const params: SqlParams = [];
    const scope = scopeClause(q.scope, params) + categoryClause(q.category, params);
    // kpi_open keeps no category: a category's open cases are counted from the cases
    const sql = this.rollups && !q.category
      ? `SELECT grid_code, sum(open)::BIGINT AS open FROM kpi_open WHERE ${scope} AND grid_code <> '' GROUP BY ALL HAVING sum(open) > 0 ORDER BY grid_code`
      : `SELECT grid_code, count(*) AS open FROM events WHERE ${scope} AND grid_code IS NOT NULL
           AND status NOT IN ${TERMINAL_SQL} GROUP BY ALL ORDER BY grid_code`;
    const rows = await this.db.query<{ grid_code: string; open: bigint }>(sql, params);
    return rows.map((r) => ({ gridCode: r.grid_code, open: num(r.open) }));
  }

  /**
   * Open and overdue cases per grid, from the events themselves: overdue depends on the clock,
   * which no rollup follows. Open cases are few beside all cases, and the scan skips the rest.
   */
  async overdueMapCounts(q: { scope: string; category?: string }): Promise<MapCount[]> {
    const params: SqlParams = [];
    const scope = scopeClause(q.scope, params) + categoryClause(q.category, params);
    const rows = await this.db.query<{ grid_code: string; open: bigint; overdue: bigint }>(
      `SELECT grid_code, count(*) AS open, count(*) FILTER (WHERE deadline < now()) AS overdue
         FROM events WHERE ${scope} AND grid_code IS NOT NULL AND status NOT IN ${TERMINAL_SQL}
         GROUP BY ALL ORDER BY grid_code`,
      params,
    );
    return rows.map((r) => ({ gridCode: r.grid_code, open: num(r.open), overdue: num(r.overdue) }));
  }

  /** The rollup keeps districts and streets: a community or grid scope reads raw rows. */
  private rollupScope(scope: string): boolean {
    const level = levelOf(scope);
    return level === 'city' || level === 'district' || level === 'street';
  }
}

/** ` AND` the case's class is `category` or one of its minor classes ('' without one). */
function categoryClause(category: string | undefined, params: SqlParams): string {
  if (!category) return '';
  params.push(category);
  return ` AND starts_with(category, $${params.length})`;
}

// --- rollup maintenance ------------------------------------------------------------------

/** Each case's contribution to kpi_daily, one row per (day, key), for the events matching `where`. */
function contributionsSql(where: string, from = 'events'): string {
  const branches = DATE_COLUMNS.map((col) => {
    const cols = COUNTERS.map((c) => `${c.date === col ? `(${c.cond})::INTEGER` : '0'} AS ${c.name}`).join(', ');
    return `SELECT ${dayOf(col)}::INTEGER AS day, district_code, street_code, department, ${cols} FROM e WHERE ${col} IS NOT NULL`;
  });
  return `WITH e AS MATERIALIZED (
      SELECT district_code, street_code, coalesce(department, '') AS department, ${DATE_COLUMNS.join(', ')},
        valid, filed_on_time, dispatched_on_time, returned, handled_on_time, closed_on_time, suspended_ever, reworked
      FROM ${from} WHERE ${where}
    )
    SELECT day, district_code, street_code, department, ${COUNTERS.map((c) => `sum(${c.name})::INTEGER AS ${c.name}`).join(', ')}
    FROM (${branches.join('\nUNION ALL\n')})
    GROUP BY ALL`;
}

/** monthOfDay in SQL (a DATE plus days, no time zone involved). */
const MONTH_OF_DAY_SQL = `((year(DATE '1970-01-01' + day) - 1970) * 12 + month(DATE '1970-01-01' + day) - 1)`;

const OPEN_SQL = (where: string) =>
  `SELECT district_code, street_code, coalesce(grid_code, '') AS grid_code, count(*)::INTEGER AS open
   FROM events WHERE ${where} AND status NOT IN ${TERMINAL_SQL} GROUP BY ALL`;


/** Events by id, or the events created in a seq range (after, upTo] (new rows from ingest). */
export type RollupTarget = readonly string[] | { createdAfterSeq: number; createdUpToSeq: number };

/**
 * Adds (sign 1) or takes out (sign -1) the current contribution of the target events to the
 * rollups. Call with -1 before changing their facts and with 1 after, in the same transaction
 * (`withRollupDelta` does both); after appending new events, call it with 1 for their seq range.
 * Reads the rows once, sums their contributions here and upserts the few cells they touch.
 */
export async function applyRollupDelta(conn: DuckDBConnection, target: RollupTarget, sign: 1 | -1): Promise<void> {
  let where: string;
  let params: SqlParams;
  if ('createdAfterSeq' in target) {
    if (target.createdUpToSeq <= target.createdAfterSeq) return;
    where = 'created_seq > $1 AND created_seq <= $2';
    params = [target.createdAfterSeq, target.createdUpToSeq];
  } else {
    const ids = target as readonly string[];
    if (ids.length === 0) return;
    where = ids.length === 1 ? 'id = $1' : 'id IN (SELECT unnest($1::VARCHAR[]))';
    params = [ids.length === 1 ? ids[0]! : listValue([...ids])];
  }
  // Grouped in SQL: the counters depend only on a date's day (kept as its local midnight),
  // the nullness of dates and the flags, so cases alike are summed here, not read one by one.
  const reader = await conn.runAndReadAll(
    `SELECT district_code, street_code, coalesce(department, '') AS department, coalesce(grid_code, '') AS grid_code, status, category,
       ${DATE_COLUMNS.map((c) => `(${dayOf(c)} * ${DAY_MS} - ${LOCAL_OFFSET_MS})::DOUBLE AS ${c}`).join(', ')},
       valid, filed_on_time, dispatched_on_time, returned, handled_on_time, closed_on_time, suspended_ever, reworked,
       count(*)::INTEGER AS n
     FROM events WHERE ${where} GROUP BY ALL`,
    params,
  );
  const rows = reader.getRowObjectsJS() as unknown as (FactRow & { n: number; category: string })[];
  const cells = new Map<string, { day: number; r: FactRow; counts: number[] }>();
  const open = new Map<string, { r: FactRow; n: number }>();
  const byStatus = new Map<string, { r: FactRow & { category: string }; n: number }>();
  for (const r of rows) {
    const sk = `${r.district_code}|${r.street_code}|${r.grid_code}|${r.status}|${r.category}`;
    const st = byStatus.get(sk) ?? { r, n: 0 };
    st.n += sign * r.n;
    byStatus.set(sk, st);
    for (const col of DATE_COLUMNS) {
      const at = r[col];
      if (at === null) continue;
      const day = Math.floor((at + LOCAL_OFFSET_MS) / DAY_MS);
      const key = `${day}|${r.district_code}|${r.street_code}|${r.department}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { day, r, counts: COUNTERS.map(() => 0) }));
      COUNTERS.forEach((c, i) => {
        if (c.date === col && c.test(r)) cell.counts[i]! += sign * r.n;
      });
    }
    if (!isTerminalStatus(r.status as EventStatus)) {
      const key = `${r.district_code}|${r.street_code}|${r.grid_code}`;
      const o = open.get(key) ?? { r, n: 0 };
      o.n += sign * r.n;
      open.set(key, o);
    }
  }
  const counters = COUNTERS.map((c) => c.name);
  const months = new Map<string, { day: number; r: FactRow; counts: number[] }>();
  for (const cell of cells.values()) {
    const month = monthOfDay(cell.day);
    const key = `${month}|${cell.r.district_code}|${cell.r.street_code}|${cell.r.department}`;
    const m = months.get(key);
    if (m) cell.counts.forEach((n, i) => (m.counts[i]! += n));
    else months.set(key, { day: month, r: cell.r, counts: [...cell.counts] });
  }
  for (const [table, unit, list] of [
    ['kpi_daily', 'day', cells],
    ['kpi_monthly', 'month', months],
  ] as const) {
    if (list.size === 0) continue;
    const args: SqlParams = [];
    const tuples = [...list.values()].map(({ day, r, counts }) => {
      const values = [day, r.district_code, r.street_code, r.department, ...counts];
      const first = args.length;
      args.push(...values);
      return `(${values.map((_, k) => `$${first + k + 1}`).join(', ')})`;
    });
    await conn.run(
      `INSERT INTO ${table} (${unit}, district_code, street_code, department, ${counters.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (${unit}, district_code, street_code, department) DO UPDATE SET
         ${counters.map((n) => `${n} = ${n} + excluded.${n}`).join(', ')}`,
      args,
    );
  }
  if (open.size) {
    const args: SqlParams = [];
    const tuples = [...open.values()].map(({ r, n }) => {
      args.push(r.district_code, r.street_code, r.grid_code, n);
      const k = args.length;
      return `($${k - 3}, $${k - 2}, $${k - 1}, $${k})`;
    });
    await conn.run(
      `INSERT INTO kpi_open (district_code, street_code, grid_code, open) VALUES ${tuples.join(', ')}
       ON CONFLICT (district_code, street_code, grid_code) DO UPDATE SET open = open + excluded.open`,
      args,
    );
  }
  const moved = [...byStatus.values()].filter((s) => s.n !== 0);
  if (moved.length) {
    const args: SqlParams = [];
    const tuples = moved.map(({ r, n }) => {
      args.push(r.district_code, r.street_code, r.grid_code, r.status, r.category, n);
      const k = args.length;
      return `($${k - 5}, $${k - 4}, $${k - 3}, $${k - 2}, $${k - 1}, $${k})`;
    });
    await conn.run(
      `INSERT INTO kpi_status (district_code, street_code, grid_code, status, category, n) VALUES ${tuples.join(', ')}
       ON CONFLICT (district_code, street_code, grid_code, status, category) DO UPDATE SET n = n + excluded.n`,
      args,
    );
  }
}

/**
 * Runs `update` (which changes the facts of the events `ids`) with the rollups kept in step, in
 * one transaction unless the caller already opened one (`inTransaction`).
 */
export async function withRollupDelta<T>(
  conn: DuckDBConnection,
  ids: readonly string[],
  update: () => Promise<T>,
  opts: { inTransaction?: boolean } = {},
): Promise<T> {
  if (!opts.inTransaction) await conn.run('BEGIN TRANSACTION');
  try {
    await applyRollupDelta(conn, ids, -1);
    const result = await update();
    await applyRollupDelta(conn, ids, 1);
    if (!opts.inTransaction) await conn.run('COMMIT');
    return result;
  } catch (err) {
    if (!opts.inTransaction) await conn.run('ROLLBACK');
    throw err;
  }
}

/** Recomputes both rollup tables from the events (at start, after a bulk load, or to repair). */
export async function rebuildRollups(conn: DuckDBConnection): Promise<void> {
  const counters = COUNTERS.map((c) => c.name);
  // closed cases moved to the archive still count (db/archive.ts)
  const all = await withAllArchived(async (sql, params) => (await conn.runAndReadAll(sql, params)).getRowsJS() as unknown[][], 'events');
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('DELETE FROM kpi_daily');
    await conn.run('DELETE FROM kpi_monthly');
    await conn.run('DELETE FROM kpi_open');
    await conn.run('DELETE FROM kpi_status');
    await conn.run(
      // In day order, so that the zone maps of `day` let a month skip most of a year's cells.
      `INSERT INTO kpi_daily (day, district_code, street_code, department, ${counters.join(', ')})
       SELECT * FROM (${contributionsSql('true', all)}) ORDER BY day, district_code, street_code, department`,
    );
    await conn.run(
      `INSERT INTO kpi_monthly (month, district_code, street_code, department, ${counters.join(', ')})
       SELECT ${MONTH_OF_DAY_SQL} AS month, district_code, street_code, department, ${counters.map((n) => `sum(${n})`).join(', ')}
       FROM kpi_daily GROUP BY ALL ORDER BY month, district_code, street_code, department`,
    );
    await conn.run(`INSERT INTO kpi_open (district_code, street_code, grid_code, open) ${OPEN_SQL('true')}`);
    await conn.run(
      `INSERT INTO kpi_status (district_code, street_code, grid_code, status, category, n)
       SELECT district_code, street_code, coalesce(grid_code, ''), status, category, count(*) FROM ${all} GROUP BY ALL`,
    );
    await conn.run(`INSERT OR REPLACE INTO kpi_watermark (id, rolled_up_to) SELECT 1, coalesce(max(created_seq), 0) FROM ${all}`);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

/**
 * Adds the cases created in (watermark, upTo] to the rollups and moves the watermark, in one
 * transaction: a crash leaves both as they were, and the next start adds the same cases again.
 */
export async function rollUpNewCases(conn: DuckDBConnection, after: number, upTo: number): Promise<void> {
  if (upTo <= after) return;
  await conn.run('BEGIN TRANSACTION');
  try {
    await applyRollupDelta(conn, { createdAfterSeq: after, createdUpToSeq: upTo }, 1);
    await conn.run('UPDATE kpi_watermark SET rolled_up_to = $1 WHERE id = 1', [upTo]);
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

/** Forgets the watermark: the next start rebuilds the rollups (after a failed update). */
export async function dropRollupWatermark(conn: DuckDBConnection): Promise<void> {
  await conn.run('DELETE FROM kpi_watermark');
}

/**
 * Brings the rollups up to date at start: from their watermark when there is one (cost: the cases
 * created since, found by zone maps on `created_seq`), else rebuilt from every event (first start
 * after the upgrade, or after a failed update). Returns the seq they are rolled up to and how.
 */
export async function catchUpRollups(conn: DuckDBConnection): Promise<{ upTo: number; rebuilt: boolean }> {
  const [row] = (await conn.runAndReadAll('SELECT rolled_up_to FROM kpi_watermark WHERE id = 1')).getRowsJS();
  if (!row) {
    await rebuildRollups(conn);
  } else {
    const [top] = (await conn.runAndReadAll('SELECT max(created_seq) FROM events WHERE created_seq > $1', [Number(row[0])])).getRowsJS();
    if (top?.[0] != null) await rollUpNewCases(conn, Number(row[0]), Number(top[0]));
  }
  const [now] = (await conn.runAndReadAll('SELECT rolled_up_to FROM kpi_watermark WHERE id = 1')).getRowsJS();
  return { upTo: Number(now?.[0] ?? 0), rebuilt: !row };
}
