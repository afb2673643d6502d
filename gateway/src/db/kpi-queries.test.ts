import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBTimestampTZValue, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, type CaseFacts, type KpiId, type KpiValue } from '../domain/kpi.js';
import { seededRandom } from '../sim/random.js';
import { Database } from './database.js';
import {
  KPI_GROUPINGS,
  KPI_IDS,
  KpiQueries,
  ROLLUP_COUNTERS,
  applyRollupDelta,
  rebuildRollups,
  withRollupDelta,
  type KpiGrouping,
  type KpiResult,
} from './kpi-queries.js';

const t = (local: string) => new Date(`${local}T12:00:00+08:00`);
const DECEMBER = { from: new Date('2026-12-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') };
const CITY = '4403';

interface Place {
  grid: string | null;
  street: string;
  district: string;
  department: string | null;
  assignee: string | null;
  category: string;
  status: string;
}

interface Row extends Place {
  id: string;
  facts: CaseFacts;
}

function facts(over: Partial<CaseFacts> & { reportedAt: Date }): CaseFacts {
  return {
    valid: true,
    filedAt: null,
    filedOnTime: null,
    dispatchedAt: null,
    dispatchedOnTime: null,
    returned: false,
    handledAt: null,
    handleDeadline: null,
    handledOnTime: null,
    closedAt: null,
    closeDeadline: null,
    closedOnTime: null,
    suspended: false,
    reworked: false,
    ...over,
  };
}

const LUOHU = { district: '440303', street: '440303001', grid: '44030300100101' };
const FUTIAN = { district: '440304', street: '440304002', grid: '44030400200203' };
const place = (area: typeof LUOHU, department: string | null, status: string): Place => ({
  ...area,
  department,
  assignee: department && `w-${department}`,
  category: department === 'HW' ? '0102' : '0101',
  status,
});

// The ten cases of domain/kpi.test.ts, placed in two districts and three departments:
// 罗湖 440303: A B C D E · 福田 440304: F G H I J; CG: A B F G · HW: C I J · none: D E H.
const FIXTURE: Row[] = [
  {
    id: 'A',
    ...place(LUOHU, 'CG', 'CLOSED'),
    facts: facts({
      reportedAt: t('2026-12-02'),
      filedAt: t('2026-12-02'),
      filedOnTime: true,
      dispatchedAt: t('2026-12-02'),
      dispatchedOnTime: true,
      handledAt: t('2026-12-03'),
      handleDeadline: t('2026-12-04'),
      handledOnTime: true,
      closedAt: t('2026-12-04'),
      closeDeadline: t('2026-12-05'),
      closedOnTime: true,
    }),
  },
  {
    id: 'B',
    ...place(LUOHU, 'CG', 'CLOSED'),
    facts: facts({
      reportedAt: t('2026-12-05'),
      filedAt: t('2026-12-05'),
      filedOnTime: false,
      dispatchedAt: t('2026-12-05'),
      dispatchedOnTime: false,
      returned: true,
      handledAt: t('2026-12-10'),
      handleDeadline: t('2026-12-08'),
      handledOnTime: false,
      closedAt: t('2026-12-12'),
      closeDeadline: t('2026-12-09'),
      closedOnTime: false,
      reworked: true,
    }),
  },
  {
    id: 'C',
    ...place(LUOHU, 'HW', 'HANDLED'),
    facts: facts({
      reportedAt: t('2026-12-10'),
      filedAt: t('2026-12-10'),
      filedOnTime: true,
      dispatchedAt: t('2026-12-10'),
      dispatchedOnTime: true,
      handledAt: t('2026-12-11'),
      handleDeadline: t('2026-12-12'),
      handledOnTime: true,
      closeDeadline: t('2027-01-05'),
      suspended: true,
    }),
  },
  { id: 'D', ...place(LUOHU, null, 'INVALID'), facts: facts({ reportedAt: t('2026-12-20'), valid: false }) },
  { id: 'E', ...place(LUOHU, null, 'REPORTED'), facts: facts({ reportedAt: t('2026-12-28'), valid: null }) },
  {
    id: 'F',
    ...place(FUTIAN, 'CG', 'PROCESSING'),
    facts: facts({
      reportedAt: t('2026-11-25'),
      filedAt: t('2026-11-25'),
      filedOnTime: true,
      dispatchedAt: t('2026-11-25'),
      dispatchedOnTime: true,
      handleDeadline: t('2026-12-02'),
      closeDeadline: t('2026-12-03'),
      suspended: true,
    }),
  },
  {
    id: 'G',
    ...place(FUTIAN, 'CG', 'CLOSED'),
    facts: facts({
      reportedAt: t('2026-11-20'),
      filedAt: t('2026-11-20'),
      filedOnTime: true,
      dispatchedAt: t('2026-11-20'),
      dispatchedOnTime: false,
      handledAt: t('2026-11-28'),
      handleDeadline: t('2026-11-29'),
      handledOnTime: true,
      closedAt: t('2026-12-03'),
      closeDeadline: t('2026-11-30'),
      closedOnTime: false,
    }),
  },
  {
    id: 'H',
    ...place(FUTIAN, null, 'CLOSED'),
    facts: facts({ reportedAt: t('2026-12-15'), closedAt: t('2026-12-15'), closedOnTime: true }),
  },
  {
    id: 'I',
    ...place(FUTIAN, 'HW', 'DISPATCHED'),
    facts: facts({
      reportedAt: t('2026-12-30'),
      filedAt: new Date('2026-12-31T23:59:59+08:00'),
      filedOnTime: true,
      dispatchedAt: new Date('2027-01-01T00:00:00+08:00'),
      dispatchedOnTime: true,
    }),
  },
  {
    id: 'J',
    ...place(FUTIAN, 'HW', 'CLOSED'),
    facts: facts({
      reportedAt: t('2026-12-06'),
      filedAt: t('2026-12-06'),
      filedOnTime: true,
      dispatchedAt: t('2026-12-06'),
      dispatchedOnTime: true,
      handledAt: t('2026-12-08'),
      handleDeadline: t('2026-12-09'),
      handledOnTime: true,
      closedAt: t('2026-12-09'),
      closeDeadline: t('2026-12-10'),
      closedOnTime: true,
      suspended: true,
      reworked: true,
    }),
  },
];

const ts = (d: Date | null) => (d === null ? null : new DuckDBTimestampTZValue(BigInt(d.getTime()) * 1000n));

const COLUMNS = `seq, created_seq, id, source, source_id, category, status, urgency, lon, lat, district_code, street_code,
  grid_code, occurred_at, received_at, updated_at, title, reporter_kind, reporter_id, assignee, department, valid,
  filed_at, filed_on_time, dispatched_at, dispatched_on_time, returned, handled_at, handle_deadline, handled_on_time,
  closed_at, close_deadline, closed_on_time, suspended_ever, reworked`;
const N_COLUMNS = COLUMNS.split(',').length;

async function insertRows(conn: DuckDBConnection, rows: Row[], firstSeq = 1): Promise<void> {
  const CHUNK = 100;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const batch = rows.slice(start, start + CHUNK);
    const params: unknown[] = [];
    const tuples = batch.map((r, i) => {
      const f = r.facts;
      const seq = BigInt(firstSeq + start + i);
      const values = [
        seq, seq, r.id, 'test', r.id, r.category, r.status, 'normal', 114.1, 22.55, r.district, r.street, r.grid,
        ts(f.reportedAt), ts(f.reportedAt), ts(f.reportedAt), 'case', 'worker', 'w', r.assignee, r.department, f.valid,
        ts(f.filedAt), f.filedOnTime, ts(f.dispatchedAt), f.dispatchedOnTime, f.returned, ts(f.handledAt),
        ts(f.handleDeadline), f.handledOnTime, ts(f.closedAt), ts(f.closeDeadline), f.closedOnTime, f.suspended, f.reworked,
      ];
      const base = params.length;
      params.push(...values);
      return `(${values.map((_, k) => `$${base + k + 1}`).join(', ')})`;
    });
    expect(tuples.length * N_COLUMNS).toBe(params.length);
    await conn.run(`INSERT INTO events (${COLUMNS}) VALUES ${tuples.join(', ')}`, params as never);
  }
}

function tempFile(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-kpi-'));
  return { dir, file: path.join(dir, 'kpi.duckdb') };
}

/** `[numerator, denominator]` per KPI, as counted by hand. */
type Hand = Record<KpiId, [number, number]>;
const hand = (h: Hand): Record<KpiId, KpiValue> =>
  Object.fromEntries(
    Object.entries(h).map(([k, [n, d]]) => [k, { numerator: n, denominator: d, value: d === 0 ? null : n / d }]),
  ) as Record<KpiId, KpiValue>;

const rowOf = (r: KpiResult, key: string) => r.rows.find((x) => x.key === key)?.kpis;

describe('KpiQueries over a hand-computed fixture', () => {
  let db: Database;
  let dir: string;
  let withRollups: KpiQueries;
  let rawOnly: KpiQueries;

  beforeAll(async () => {
    const f = tempFile();
    dir = f.dir;
    db = await Database.open(f.file);
    await db.control(async (conn) => {
      await insertRows(conn, FIXTURE);
      await rebuildRollups(conn);
    });
    withRollups = new KpiQueries(db);
    rawOnly = new KpiQueries(db, { rollups: false });
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // December, counted by hand (see the comments of domain/kpi.test.ts for the city's figures).
  const CITY_DECEMBER = hand({
    closureRate: [5, 6],
    onTimeClosureRate: [3, 6],
    onTimeClosureRateExSuspended: [2, 4],
    overdueClosureRate: [2, 6],
    handlingRate: [4, 5],
    onTimeHandlingRate: [3, 5],
    accurateDispatchRate: [3, 4],
    onTimeDispatchRate: [3, 4],
    onTimeFilingRate: [4, 5],
    validReportRate: [6, 7],
    reworkRate: [2, 5],
  });
  // 罗湖 A B C D E: due to close A B (C in January); due to handle A B C; dispatched A B C; filed A B C;
  // decided reports A B C D; closed A B.
  const LUOHU_DECEMBER = hand({
    closureRate: [2, 2],
    onTimeClosureRate: [1, 2],
    onTimeClosureRateExSuspended: [1, 2],
    overdueClosureRate: [1, 2],
    handlingRate: [3, 3],
    onTimeHandlingRate: [2, 3],
    accurateDispatchRate: [2, 3],
    onTimeDispatchRate: [2, 3],
    onTimeFilingRate: [2, 3],
    validReportRate: [3, 4],
    reworkRate: [1, 2],
  });
  // 福田 F G H I J: due to close F G H J, closed G H J; never suspended G H; due to handle F J;
  // dispatched J (F G in November, I in January); filed I J; decided reports H I J; closed G H J, J reworked.
  const FUTIAN_DECEMBER = hand({
    closureRate: [3, 4],
    onTimeClosureRate: [2, 4],
    onTimeClosureRateExSuspended: [1, 2],
    overdueClosureRate: [1, 4],
    handlingRate: [1, 2],
    onTimeHandlingRate: [1, 2],
    accurateDispatchRate: [1, 1],
    onTimeDispatchRate: [1, 1],
    onTimeFilingRate: [2, 2],
    validReportRate: [3, 3],
    reworkRate: [1, 3],
  });

  for (const mode of ['rollups', 'raw rows'] as const) {
    const q = () => (mode === 'rollups' ? withRollups : rawOnly);

    it(`city and districts for December (${mode})`, async () => {
      const city = await q().kpis({ scope: CITY, ...DECEMBER, by: 'none' });
      expect(city.rows).toHaveLength(1);
      expect(city.rows[0]!.key).toBe(CITY);
      expect(city.rows[0]!.kpis).toEqual(CITY_DECEMBER);

      const districts = await q().kpis({ scope: CITY, ...DECEMBER, by: 'district' });
      expect(districts.rows.map((r) => r.key)).toEqual(['440303', '440304']);
      expect(rowOf(districts, '440303')).toEqual(LUOHU_DECEMBER);
      expect(rowOf(districts, '440304')).toEqual(FUTIAN_DECEMBER);

      const streets = await q().kpis({ scope: '440304', ...DECEMBER, by: 'street' });
      expect(streets.rows.map((r) => r.key)).toEqual(['440304002']);
      expect(rowOf(streets, '440304002')).toEqual(FUTIAN_DECEMBER);
    });

    it(`departments for December (${mode})`, async () => {
      const deps = await q().kpis({ scope: CITY, ...DECEMBER, by: 'department' });
      expect(deps.rows.map((r) => r.key)).toEqual(['', 'CG', 'HW']);
      // CG A B F G: due to close A B F G, closed A B G; never suspended A B G; due to handle A B F.
      expect(rowOf(deps, 'CG')).toEqual(
        hand({
          closureRate: [3, 4],
          onTimeClosureRate: [1, 4],
          onTimeClosureRateExSuspended: [1, 3],
          overdueClosureRate: [2, 4],
          handlingRate: [2, 3],
          onTimeHandlingRate: [1, 3],
          accurateDispatchRate: [1, 2],
          onTimeDispatchRate: [1, 2],
          onTimeFilingRate: [1, 2],
          validReportRate: [2, 2],
          reworkRate: [1, 3],
        }),
      );
      // HW C I J: due to close J (C in January), J suspended; due to handle C J; dispatched C J; filed C I J.
      expect(rowOf(deps, 'HW')).toEqual(
        hand({
          closureRate: [1, 1],
          onTimeClosureRate: [1, 1],
          onTimeClosureRateExSuspended: [0, 0],
          overdueClosureRate: [0, 1],
          handlingRate: [2, 2],
          onTimeHandlingRate: [2, 2],
          accurateDispatchRate: [2, 2],
          onTimeDispatchRate: [2, 2],
          onTimeFilingRate: [3, 3],
          validReportRate: [3, 3],
          reworkRate: [1, 1],
        }),
      );
      // not dispatched D E H: H self-handled and closed; D invalid, E undecided.
      expect(rowOf(deps, '')).toEqual(
        hand({
          closureRate: [1, 1],
          onTimeClosureRate: [1, 1],
          onTimeClosureRateExSuspended: [1, 1],
          overdueClosureRate: [0, 1],
          handlingRate: [0, 0],
          onTimeHandlingRate: [0, 0],
          accurateDispatchRate: [0, 0],
          onTimeDispatchRate: [0, 0],
          onTimeFilingRate: [0, 0],
          validReportRate: [1, 2],
          reworkRate: [0, 1],
        }),
      );
    });

    it(`a period that starts and ends at noon (${mode})`, async () => {
      // [Dec 3 12:00, Dec 12 12:00): B closes exactly at the end (outside) with its deadline inside;
      // F's deadline and G's closing fall exactly at the start (inside).
      const r = await q().kpis({ scope: CITY, from: t('2026-12-03'), to: t('2026-12-12'), by: 'none' });
      expect(r.rows[0]!.kpis).toEqual(
        hand({
          closureRate: [3, 5], // due A B F G J; closed A G J
          onTimeClosureRate: [2, 5], // A J
          onTimeClosureRateExSuspended: [1, 3], // of A B G: A
          overdueClosureRate: [1, 5], // G
          handlingRate: [4, 4], // A B C J
          onTimeHandlingRate: [3, 4], // A C J
          accurateDispatchRate: [2, 3], // B C J, B returned
          onTimeDispatchRate: [2, 3], // B late
          onTimeFilingRate: [2, 3], // B C J, B late
          validReportRate: [3, 3], // B C J
          reworkRate: [1, 3], // A G J closed, J reworked
        }),
      );
    });

    it(`community, grid, worker and category groupings (${mode})`, async () => {
      const communities = await q().kpis({ scope: CITY, ...DECEMBER, by: 'community' });
      expect(rowOf(communities, '440303001001')).toEqual(LUOHU_DECEMBER);
      const grids = await q().kpis({ scope: '440304002', ...DECEMBER, by: 'grid' });
      expect(grids.rows.map((r) => r.key)).toEqual([FUTIAN.grid]);
      expect(rowOf(grids, FUTIAN.grid)).toEqual(FUTIAN_DECEMBER);
      const workers = await q().kpis({ scope: CITY, ...DECEMBER, by: 'worker' });
      expect(workers.rows.map((r) => r.key)).toEqual(['', 'w-CG', 'w-HW']);
      const categories = await q().kpis({ scope: CITY, ...DECEMBER, by: 'category' });
      expect(rowOf(categories, '0102')?.closureRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
    });

    it(`a scope narrows every figure (${mode})`, async () => {
      const r = await q().kpis({ scope: '440303', ...DECEMBER, by: 'district' });
      expect(r.rows.map((x) => x.key)).toEqual(['440303']);
      const none = await q().kpis({ scope: '440305', ...DECEMBER, by: 'none' });
      expect(none.rows).toEqual([]);
    });

    it(`ranking, trend and map (${mode})`, async () => {
      const rank = await q().ranking({ scope: CITY, ...DECEMBER, by: 'district', kpi: 'onTimeClosureRate' });
      // 罗湖 1/2 = 0.5 ahead of 福田 2/4 = 0.5 on equal value? Equal: the larger denominator first.
      expect(rank.rows.map((r) => [r.rank, r.key, r.numerator, r.denominator])).toEqual([
        [1, '440304', 2, 4],
        [2, '440303', 1, 2],
      ]);
      const byClosure = await q().ranking({ scope: CITY, ...DECEMBER, by: 'district', kpi: 'closureRate', order: 'asc' });
      expect(byClosure.rows.map((r) => r.key)).toEqual(['440304', '440303']); // 3/4 before 2/2

      const trend = await q().trend({ scope: CITY, from: new Date('2026-12-01T00:00:00+08:00'), to: new Date('2026-12-06T00:00:00+08:00'), bucket: 'day' });
      // reported: A Dec 2, B Dec 5; closed: G Dec 3, A Dec 4
      expect(trend).toEqual([
        { at: '2026-11-30T16:00:00.000Z', reported: 0, closed: 0 },
        { at: '2026-12-01T16:00:00.000Z', reported: 1, closed: 0 },
        { at: '2026-12-02T16:00:00.000Z', reported: 0, closed: 1 },
        { at: '2026-12-03T16:00:00.000Z', reported: 0, closed: 1 },
        { at: '2026-12-04T16:00:00.000Z', reported: 1, closed: 0 },
      ]);
      const hours = await q().trend({ scope: CITY, from: new Date('2026-12-31T22:00:00+08:00'), to: new Date('2027-01-01T01:00:00+08:00'), bucket: 'hour' });
      expect(hours.map((h) => h.reported + h.closed)).toEqual([0, 0, 0]);
      expect(hours[0]!.at).toBe('2026-12-31T14:00:00.000Z');

      // open: C (HANDLED), E (REPORTED) in 罗湖's grid; F (PROCESSING), I (DISPATCHED) in 福田's.
      expect(await q().mapCounts({ scope: CITY })).toEqual([
        { gridCode: LUOHU.grid, open: 2 },
        { gridCode: FUTIAN.grid, open: 2 },
      ]);
      expect(await q().mapCounts({ scope: '440304' })).toEqual([{ gridCode: FUTIAN.grid, open: 2 }]);
    });
  }

  it('the rollup tables have a column per counter', async () => {
    for (const [table, unit] of [
      ['kpi_daily', 'day'],
      ['kpi_monthly', 'month'],
    ]) {
      const cols = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
        [table!],
      );
      expect(cols.map((c) => c.column_name)).toEqual([unit, 'district_code', 'street_code', 'department', ...ROLLUP_COUNTERS]);
    }
  });
});

// --- the SQL against computeKpis over 2,000 seeded random cases ----------------------------

const STREETS = ['440303001', '440303002', '440304001', '440304002', '440305003'];
const DEPARTMENTS = ['CG', 'HW', 'SW', 'YL'];
const CATEGORIES = ['0101', '0102', '0103', '0201', '0501'];
const BASE = Date.parse('2026-10-01T00:00:00+08:00');
const SPAN = 90 * 86_400_000;

function randomRows(n: number, seed: number): Row[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const bool = (p: number) => rand() < p;
  // Times on whole minutes, some exactly at local midnight, so that period edges are hit.
  const at = (ms: number) => new Date(bool(0.05) ? Math.round(ms / 86_400_000) * 86_400_000 - 8 * 3600_000 : Math.round(ms / 60_000) * 60_000);
  const later = (d: Date, maxDays: number) => at(d.getTime() + rand() * maxDays * 86_400_000);
  return Array.from({ length: n }, (_, i) => {
    const street = pick(STREETS);
    const reportedAt = at(BASE + rand() * SPAN);
    const valid = bool(0.05) ? null : bool(0.1) ? false : true;
    const filedAt = valid && bool(0.9) ? later(reportedAt, 0.05) : null;
    const dispatchedAt = filedAt && bool(0.9) ? later(filedAt, 0.05) : null;
    const handleDeadline = dispatchedAt && later(dispatchedAt, 6);
    const handledAt = dispatchedAt && bool(0.8) ? later(dispatchedAt, 8) : null;
    const closeDeadline = dispatchedAt && (bool(0.5) && handleDeadline ? handleDeadline : later(dispatchedAt, 10));
    const selfHandled = valid === true && !filedAt && bool(0.5);
    const closedAt = (handledAt && bool(0.8)) || selfHandled ? later(handledAt ?? reportedAt, 4) : null;
    const department = dispatchedAt ? pick(DEPARTMENTS) : null;
    const status = closedAt ? 'CLOSED' : valid === false ? 'INVALID' : valid === null ? 'REPORTED' : handledAt ? 'HANDLED' : dispatchedAt ? 'DISPATCHED' : 'ACCEPTED';
    return {
      id: `r${seed}-${i}`,
      district: street.slice(0, 6),
      street,
      grid: bool(0.05) ? null : `${street}00${1 + Math.floor(rand() * 3)}0${1 + Math.floor(rand() * 3)}`,
      department,
      assignee: department && `w-${department}-${Math.floor(rand() * 3)}`,
      category: pick(CATEGORIES),
      status,
      facts: {
        reportedAt,
        valid,
        filedAt,
        filedOnTime: filedAt === null ? null : bool(0.85),
        dispatchedAt,
        dispatchedOnTime: dispatchedAt === null ? null : bool(0.85),
        returned: dispatchedAt !== null && bool(0.1),
        handledAt,
        handleDeadline,
        handledOnTime: handledAt === null ? null : handleDeadline === null || handledAt <= handleDeadline,
        closedAt,
        closeDeadline,
        closedOnTime: closedAt === null ? null : closeDeadline === null || closedAt <= closeDeadline,
        suspended: bool(0.1),
        reworked: closedAt !== null && bool(0.1),
      },
    };
  });
}

const keyOf: Record<KpiGrouping, (r: Row) => string> = {
  district: (r) => r.district,
  street: (r) => r.street,
  community: (r) => r.grid?.slice(0, 12) ?? '',
  grid: (r) => r.grid ?? '',
  department: (r) => r.department ?? '',
  worker: (r) => r.assignee ?? '',
  category: (r) => r.category,
  none: () => CITY,
};

/** computeKpis per group of the rows within the scope, the groups with any count at all. */
function expected(rows: Row[], scope: string, by: KpiGrouping, period: { from: Date; to: Date }) {
  const groups = new Map<string, CaseFacts[]>();
  for (const r of rows) {
    if (!(r.grid ?? r.street).startsWith(scope)) continue;
    const k = by === 'none' ? scope : keyOf[by](r);
    groups.set(k, [...(groups.get(k) ?? []), r.facts]);
  }
  const out = new Map<string, ReturnType<typeof computeKpis>>();
  for (const [k, facts] of groups) {
    const kpis = computeKpis(facts, period);
    // The SQL has a row for a group only when some case of it has a date in the period.
    const inP = (d: Date | null) => d !== null && d >= period.from && d < period.to;
    const touched = facts.some((f) =>
      [f.reportedAt, f.filedAt, f.dispatchedAt, f.handledAt, f.handleDeadline, f.closedAt, f.closeDeadline].some(inP),
    );
    if (touched) out.set(k, kpis);
  }
  return out;
}

// Hundreds of queries each checked against the JS reference: 30-60 s on a quiet 2-core machine.
const HEAVY_MS = 240_000;

describe('KpiQueries equals computeKpis on 2,000 seeded random cases', () => {
  let db: Database;
  let dir: string;
  let rows: Row[];

  beforeAll(async () => {
    const f = tempFile();
    dir = f.dir;
    db = await Database.open(f.file);
    rows = randomRows(2000, 42);
    await db.control(async (conn) => {
      await insertRows(conn, rows);
      await rebuildRollups(conn);
    });
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const PERIODS = [
    { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') }, // whole days
    { from: new Date('2026-10-15T13:37:00+08:00'), to: new Date('2026-11-20T08:05:00+08:00') }, // partial days at both ends
    { from: new Date('2026-11-03T09:00:00+08:00'), to: new Date('2026-11-03T18:00:00+08:00') }, // within a day
    { from: new Date('2026-09-01T00:00:00Z'), to: new Date('2027-03-01T00:00:00Z') }, // everything, UTC edges
    { from: new Date('2026-11-10T00:00:00+08:00'), to: new Date('2026-11-10T00:00:00+08:00') }, // empty
    { from: new Date('2026-10-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') }, // two whole months
    { from: new Date('2026-10-09T00:00:00+08:00'), to: new Date('2026-12-04T06:00:00+08:00') }, // days, a month, days, a partial day
  ];

  function compare(actual: KpiResult, exp: Map<string, Record<KpiId, KpiValue>>) {
    expect(actual.rows.map((r) => r.key).sort()).toEqual([...exp.keys()].sort());
    for (const r of actual.rows) {
      for (const id of KPI_IDS) {
        const e = exp.get(r.key)![id];
        expect({ key: r.key, id, ...r.kpis[id] }).toEqual({ key: r.key, id, ...e });
      }
    }
  }

  for (const mode of ['rollups', 'raw rows'] as const) {
    it(`every grouping and period (${mode})`, async () => {
      const q = new KpiQueries(db, { rollups: mode === 'rollups' });
      for (const period of PERIODS) {
        for (const by of KPI_GROUPINGS) {
          for (const scope of [CITY, '440304', '440303002']) {
            compare(await q.kpis({ scope, ...period, by }), expected(rows, scope, by, period));
          }
        }
        // All groupings at once (the rollup's four from one statement).
        const all = await q.kpisMany({ scope: CITY, ...period, by: KPI_GROUPINGS });
        expect(all.map((r) => r.by)).toEqual([...KPI_GROUPINGS]);
        all.forEach((r) => compare(r, expected(rows, CITY, r.by, period)));
      }
    }, HEAVY_MS);
  }

  it('keeps the rollups in step when cases change (withRollupDelta)', async () => {
    // Close every open case with a dispatch, re-open some handled ones (rework), all through the delta.
    const changed = rows.filter((_, i) => i % 13 === 0);
    const closeAt = new Date('2026-11-15T10:00:00+08:00');
    await db.control(async (conn) => {
      for (const r of changed) {
        await withRollupDelta(conn, [r.id], async () => {
          if (r.facts.closedAt === null && r.facts.dispatchedAt !== null) {
            r.facts = { ...r.facts, handledAt: closeAt, handledOnTime: true, closedAt: closeAt, closedOnTime: false };
            r.status = 'CLOSED';
          } else if (r.facts.handledAt !== null) {
            r.facts = { ...r.facts, handledAt: null, handledOnTime: null, closedAt: null, closedOnTime: null, reworked: true };
            r.status = 'DISPATCHED';
          } else {
            r.status = 'INVALID';
            r.facts = { ...r.facts, valid: false };
          }
          await conn.run(
            `UPDATE events SET status = $2, valid = $3, handled_at = $4, handled_on_time = $5, closed_at = $6,
               closed_on_time = $7, reworked = $8 WHERE id = $1`,
            [r.id, r.status, r.facts.valid, ts(r.facts.handledAt), r.facts.handledOnTime, ts(r.facts.closedAt), r.facts.closedOnTime, r.facts.reworked] as never,
          );
        });
      }
      // New events appended (as ingest does), added by their seq range.
      const fresh = randomRows(50, 7).map((r, i) => ({ ...r, id: `new-${i}` }));
      await insertRows(conn, fresh, 5001);
      await applyRollupDelta(conn, { createdAfterSeq: 5000, createdUpToSeq: 5050 }, 1);
      rows.push(...fresh);
      // A batch of several at once.
      const batch = rows.slice(1, 40).filter((r) => r.facts.closedAt === null);
      await withRollupDelta(conn, batch.map((r) => r.id), async () => {
        for (const r of batch) r.facts = { ...r.facts, suspended: true };
        await conn.run(`UPDATE events SET suspended_ever = true WHERE list_contains($1::VARCHAR[], id)`, [
          listValue(batch.map((r) => r.id)),
        ]);
      });
    });
    const q = new KpiQueries(db);
    for (const period of PERIODS) {
      for (const by of ['none', 'street', 'department'] as const) {
        compare(await q.kpis({ scope: CITY, ...period, by }), expected(rows, CITY, by, period));
      }
    }
    // The maintained tables equal a rebuild, cell for cell (zero cells aside).
    const snapshot = async () => [
      ...(await db.query(`SELECT * FROM kpi_daily WHERE ${ROLLUP_COUNTERS.map((c) => `${c} <> 0`).join(' OR ')} ORDER BY ALL`)),
      ...(await db.query(`SELECT * FROM kpi_monthly WHERE ${ROLLUP_COUNTERS.map((c) => `${c} <> 0`).join(' OR ')} ORDER BY ALL`)),
    ];
    const openSnapshot = async () => db.query(`SELECT * FROM kpi_open WHERE open <> 0 ORDER BY ALL`);
    const maintained = await snapshot();
    const maintainedOpen = await openSnapshot();
    await db.control((conn) => rebuildRollups(conn));
    expect(maintained).toEqual(await snapshot());
    expect(maintainedOpen).toEqual(await openSnapshot());
    const open = rows.filter((r) => !['CLOSED', 'INVALID', 'REJECTED'].includes(r.status) && r.grid !== null).length;
    const counted = (await q.mapCounts({ scope: CITY })).reduce((s, m) => s + m.open, 0);
    expect(counted).toBe(open);
  }, HEAVY_MS);
});
