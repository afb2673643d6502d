/**
 * KPI: the queries a city screen runs — city KPIs, KPIs by district, the ranking of streets by
 * on-time closure, KPIs by department, the daily trend (reported / closed) and open cases per
 * grid — over 10M generated cases spread over a year, for the last 30 days and for the year.
 * Then the same logical queries on a private PostgreSQL 15 cluster loaded with the same rows.
 *
 * Cases (seeded): reported evenly over the year in time order (as the gateway inserts them),
 * grids of datasets/shenzhen weighted unevenly, categories from its categories.json with a
 * Zipf-like mix (department from the category), 10% urgent; ~6% invalid, a few undecided (most
 * of the last day's), ~8% self-handled, ~2% rejected; filing and dispatch within minutes and
 * mostly on time, ~5% returned, ~4% suspended (deadlines moved), ~6% reworked, handling mostly
 * inside the category's limit; cases whose next step would fall after the end are still open.
 *
 * DuckDB: rows appended as data chunks into a staging table of the benchmark's database
 * (opened with the gateway's migrations), moved into `events`, rollups rebuilt (kpi_daily,
 * kpi_monthly, kpi_open); the queries run through KpiQueries: whole months and days from the
 * rollups, the cases straddling the period's ends from `events`. PostgreSQL: initdb + pg_ctl in a temp dir (as user `postgres` when
 * run as root), COPY of the same rows exported from DuckDB, a B-tree index per date column and
 * a partial index on open cases' grid, ANALYZE; the queries run in one psql session with
 * \timing (the client round trip, as in-process calls are for DuckDB).
 *
 * KPI_CASES=N overrides the 10M; KPI_RUNS / KPI_PG_RUNS the measured runs (median).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOOLEAN, DuckDBDataChunk, INTEGER, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import { Database } from '../gateway/src/db/database.js';
import { KpiQueries, rankRows, rebuildRollups, type KpiResult } from '../gateway/src/db/kpi-queries.js';
import type { KpiId } from '../gateway/src/domain/kpi.js';
import { seededRandom } from '../gateway/src/sim/random.js';
import { median, recordResults } from './stats.js';

const CITY_DIR = path.resolve(import.meta.dirname, '../datasets/shenzhen');
const CITY = '4403';
const N = Number(process.env.KPI_CASES ?? 10_000_000);
const RUNS = Number(process.env.KPI_RUNS ?? 7);
const PG_RUNS = Number(process.env.KPI_PG_RUNS ?? 3);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const DAY_S = 86_400;
/** The end of the generated year: a local midnight (the screen asks for whole days). */
export const END_MS = Date.parse('2026-11-29T00:00:00+08:00');
const END_S = END_MS / 1000;
const YEAR_S = 365 * DAY_S;
const START_S = END_S - YEAR_S;
const CHUNK_ROWS = 2048;

interface CategoryRow {
  code: string;
  department: string;
  limits: Record<'normal' | 'urgent', { hours: number; unit: 'working_hours' | 'working_days' }>;
}

// --- generation ----------------------------------------------------------------------------

const STAGE_TYPES = [
  INTEGER, // seq
  VARCHAR, // grid
  VARCHAR, // category
  VARCHAR, // department
  BOOLEAN, // urgent
  VARCHAR, // status
  BOOLEAN, // valid
  INTEGER, // occ (epoch seconds)
  INTEGER, // filed
  BOOLEAN, // filed_ot
  INTEGER, // disp
  BOOLEAN, // disp_ot
  BOOLEAN, // returned
  INTEGER, // handled
  INTEGER, // hdl (handle deadline)
  BOOLEAN, // handled_ot
  INTEGER, // closed
  INTEGER, // cdl (close deadline)
  BOOLEAN, // closed_ot
  BOOLEAN, // susp
  BOOLEAN, // reworked
];
const STAGE_SQL = `CREATE TABLE kpi_bench_stage (seq INTEGER, grid VARCHAR, category VARCHAR, department VARCHAR,
  urgent BOOLEAN, status VARCHAR, valid BOOLEAN, occ INTEGER, filed INTEGER, filed_ot BOOLEAN, disp INTEGER, disp_ot BOOLEAN,
  returned BOOLEAN, handled INTEGER, hdl INTEGER, handled_ot BOOLEAN, closed INTEGER, cdl INTEGER, closed_ot BOOLEAN,
  susp BOOLEAN, reworked BOOLEAN)`;

/** Cumulative weights → an index picker (binary search). */
function picker(weights: number[], rand: () => number): () => number {
  const cum = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (cum[i] = s += w));
  return () => {
    const x = rand() * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A category limit in calendar seconds, roughly (working days ≈ 1.4 calendar days; working hours ≈ 3.4 calendar hours). */
function limitSeconds(c: CategoryRow, urgent: boolean): number {
  const l = c.limits[urgent ? 'urgent' : 'normal'];
  return Math.round(l.unit === 'working_days' ? l.hours * 1.4 * DAY_S : l.hours * 3.4 * 3600);
}

export async function generateKpiCases(db: Database): Promise<void> {
  const categories = JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'categories.json'), 'utf8')) as CategoryRow[];
  const grids = (
    JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'areas/grids.geojson'), 'utf8')) as { features: { properties: { code: string } }[] }
  ).features.map((f) => f.properties.code);
  const rand = seededRandom(20261129);
  const expo = () => -Math.log(1 - rand());
  // Busy and quiet grids (log-normal-ish); a Zipf-like category mix in a seeded order.
  const pickGrid = picker(grids.map(() => Math.exp((rand() + rand() + rand() - 1.5) * 1.5)), rand);
  const order = categories.map((_, i) => i).sort(() => rand() - 0.5);
  const catWeights = new Array<number>(categories.length);
  order.forEach((ci, rank) => (catWeights[ci] = 1 / (rank + 1)));
  const pickCategory = picker(catWeights, rand);

  const conn = await db.connect();
  await conn.run(STAGE_SQL);
  const appender = await conn.createAppender('kpi_bench_stage');
  const cols: DuckDBValue[][] = STAGE_TYPES.map(() => []);
  const flush = () => {
    const n = cols[0]!.length;
    if (n === 0) return;
    const chunk = DuckDBDataChunk.create(STAGE_TYPES, n);
    chunk.setColumns(cols);
    appender.appendDataChunk(chunk);
    for (const c of cols) c.length = 0;
  };
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const occ = START_S + Math.floor(((i + rand()) * YEAR_S) / N);
    const grid = grids[pickGrid()]!;
    const cat = categories[pickCategory()]!;
    const urgent = rand() < 0.1;
    let status = 'REPORTED';
    let valid: boolean | null = null;
    let department: string | null = null;
    let filed: number | null = null;
    let filedOt: boolean | null = null;
    let disp: number | null = null;
    let dispOt: boolean | null = null;
    let returned = false;
    let handled: number | null = null;
    let hdl: number | null = null;
    let handledOt: boolean | null = null;
    let closed: number | null = null;
    let cdl: number | null = null;
    let closedOt: boolean | null = null;
    let susp = false;
    let reworked = false;
    const age = END_S - occ;
    if (age < DAY_S ? rand() < 0.3 : rand() < 0.002) {
      status = 'REPORTED';
    } else if (rand() < 0.06) {
      valid = false;
      status = 'INVALID';
    } else {
      valid = true;
      status = 'ACCEPTED';
      const r = rand();
      if (r < 0.08) {
        // self-handled by the inspector
        const at = occ + 600 + Math.floor(rand() * 3 * 3600);
        if (at < END_S) {
          closed = at;
          closedOt = true;
          status = 'CLOSED';
        }
      } else if (r < 0.1) {
        status = 'REJECTED';
      } else {
        const f = occ + Math.floor(expo() * 600);
        if (f < END_S) {
          filed = f;
          filedOt = rand() < 0.95;
          status = 'FILED';
          const dsp = f + Math.floor(expo() * 480);
          if (dsp < END_S) {
            disp = dsp;
            dispOt = rand() < 0.93;
            returned = rand() < 0.05;
            department = cat.department;
            status = 'DISPATCHED';
            const limit = limitSeconds(cat, urgent);
            susp = rand() < 0.04;
            const pause = susp ? Math.floor(rand() * 5 * DAY_S) : 0;
            cdl = dsp + limit + pause;
            let round = dsp;
            reworked = rand() < 0.06;
            if (reworked) round = dsp + Math.floor(limit * (0.2 + rand() * 0.6)); // re-dispatch after a failed check
            hdl = round + limit + pause;
            const late = rand() < 0.08;
            const h = round + Math.floor((late ? 1 + rand() * 0.8 : 0.1 + rand() * 0.9) * limit) + Math.floor(pause * rand());
            if (h < END_S) {
              handled = h;
              handledOt = h <= hdl;
              status = 'HANDLED';
              const c = h + Math.floor(expo() * 6 * 3600);
              if (c < END_S) {
                closed = c;
                closedOt = c <= cdl;
                status = 'CLOSED';
              }
            } else {
              status = rand() < 0.5 ? 'DISPATCHED' : 'PROCESSING';
            }
          }
        }
      }
    }
    const row: DuckDBValue[] = [
      i + 1, grid, cat.code, department, urgent, status, valid, occ, filed, filedOt, disp, dispOt, returned,
      handled, hdl, handledOt, closed, cdl, closedOt, susp, reworked,
    ];
    for (let k = 0; k < row.length; k++) cols[k]!.push(row[k]!);
    if (cols[0]!.length === CHUNK_ROWS) flush();
  }
  flush();
  appender.flushSync();
  appender.closeSync();
  const genS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await conn.run(`INSERT INTO events (seq, created_seq, id, source, source_id, category, status, urgency, lon, lat,
      district_code, street_code, grid_code, occurred_at, received_at, updated_at, title, reporter_kind, reporter_id,
      assignee, department, valid, filed_at, filed_on_time, dispatched_at, dispatched_on_time, returned, handled_at,
      handle_deadline, handled_on_time, closed_at, close_deadline, closed_on_time, suspended_ever, reworked)
    SELECT seq, seq, 'kb-' || seq, 'bench', 'kb-' || seq, category, status, CASE WHEN urgent THEN 'urgent' ELSE 'normal' END,
      114.05, 22.55, substr(grid, 1, 6), substr(grid, 1, 9), grid, to_timestamp(occ), to_timestamp(occ),
      to_timestamp(greatest(occ, filed, disp, handled, closed)), 'bench case', 'worker', 'wkr-' || grid,
      CASE WHEN disp IS NULL THEN NULL ELSE 'wkr-' || grid END, department, valid, to_timestamp(filed), filed_ot,
      to_timestamp(disp), disp_ot, returned, to_timestamp(handled), to_timestamp(hdl), handled_ot, to_timestamp(closed),
      to_timestamp(cdl), closed_ot, susp, reworked
    FROM kpi_bench_stage ORDER BY seq`);
  await conn.run('DROP TABLE kpi_bench_stage');
  const insertS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  await rebuildRollups(conn);
  await conn.run('CHECKPOINT');
  const rollupS = (performance.now() - t2) / 1000;
  const cells = (await conn.runAndReadAll('SELECT count(*) AS n FROM kpi_daily')).getRowObjectsJS()[0]!.n;
  conn.closeSync();
  console.log(
    `  ${N.toLocaleString('en')} cases: generated and appended in ${genS.toFixed(1)} s, moved into events in ${insertS.toFixed(1)} s, ` +
      `rollups rebuilt in ${rollupS.toFixed(1)} s (${Number(cells).toLocaleString('en')} daily cells)`,
  );
}

// --- the screen's query set ------------------------------------------------------------------

interface Period {
  label: '30d' | 'year';
  from: Date;
  to: Date;
}

const PERIODS: Period[] = [
  { label: '30d', from: new Date(END_MS - 30 * DAY_S * 1000), to: new Date(END_MS) },
  { label: 'year', from: new Date(END_MS - YEAR_S * 1000), to: new Date(END_MS) },
];

/**
 * The city screen's set: the KPIs of the city, its districts, its streets and the departments
 * (one KpiQueries.kpisMany call: one statement), the streets ranked by on-time closure (from the
 * same rows, as the screen does), the daily trend of reported / closed cases, open cases per grid.
 */
async function duckdbSet(q: KpiQueries, p: Period): Promise<KpiResult> {
  const base = { scope: CITY, from: p.from, to: p.to };
  const [city, , streets] = await q.kpisMany({ ...base, by: ['none', 'district', 'street', 'department'] });
  rankRows(streets!.rows, 'onTimeClosureRate');
  await q.trend({ ...base, bucket: 'day' });
  await q.mapCounts({ scope: CITY });
  return city!;
}

export async function timeDuckdb(db: Database): Promise<Record<Period['label'], number>> {
  const q = new KpiQueries(db);
  const out = {} as Record<Period['label'], number>;
  for (const p of PERIODS) {
    await duckdbSet(q, p); // warm-up
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await duckdbSet(q, p);
      times.push(performance.now() - t0);
    }
    out[p.label] = median(times);
    console.log(`  duckdb ${p.label.padEnd(4)} runs: ${times.map((t) => t.toFixed(1)).join(', ')} ms → median ${out[p.label].toFixed(1)} ms`);
  }
  return out;
}

// --- PostgreSQL --------------------------------------------------------------------------------

const PG_COLUMNS = `id text, category text, status text, district_code text, street_code text, grid_code text,
  department text, assignee text, valid boolean, occurred_at timestamptz, filed_at timestamptz, filed_on_time boolean,
  dispatched_at timestamptz, dispatched_on_time boolean, returned boolean, handled_at timestamptz,
  handle_deadline timestamptz, handled_on_time boolean, closed_at timestamptz, close_deadline timestamptz,
  closed_on_time boolean, suspended_ever boolean, reworked boolean`;
const PG_COLUMN_NAMES = PG_COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]!);
const DATE_COLUMNS = ['occurred_at', 'filed_at', 'dispatched_at', 'handled_at', 'handle_deadline', 'closed_at', 'close_deadline'];

const lit = (d: Date) => `'${d.toISOString()}'::timestamptz`;

/**
 * The KPI counters, written the plain way (the definitions of domain/kpi.ts), grouped by `groupBy`
 * (GROUPING SETS for the screen's four groupings in one statement, as DuckDB gets them).
 */
function pgKpiSql(p: Period, keys: string, groupBy = 'GROUP BY 1 ORDER BY 1'): string {
  const inP = (c: string) => `(${c} >= ${lit(p.from)} AND ${c} < ${lit(p.to)})`;
  const f = (cond: string, name: string) => `count(*) FILTER (WHERE ${cond}) AS ${name}`;
  const dueClose = `(${inP('close_deadline')} OR ${inP('closed_at')})`;
  const dueHandle = `(${inP('handle_deadline')} OR ${inP('handled_at')})`;
  return `SELECT ${keys},
    ${f(inP('closed_at'), 'closed')}, ${f(`${inP('closed_at')} AND closed_on_time`, 'closed_ot')},
    ${f(`${inP('closed_at')} AND closed_on_time IS NOT TRUE`, 'closed_late')}, ${f(dueClose, 'due_close')},
    ${f(`NOT suspended_ever AND ${inP('closed_at')} AND closed_on_time`, 'closed_ot_ns')},
    ${f(`NOT suspended_ever AND ${dueClose}`, 'due_close_ns')},
    ${f(inP('handled_at'), 'handled')}, ${f(`${inP('handled_at')} AND handled_on_time`, 'handled_ot')}, ${f(dueHandle, 'due_handle')},
    ${f(inP('dispatched_at'), 'disp')}, ${f(`${inP('dispatched_at')} AND NOT returned`, 'disp_ok')},
    ${f(`${inP('dispatched_at')} AND dispatched_on_time`, 'disp_ot')},
    ${f(inP('filed_at'), 'filed')}, ${f(`${inP('filed_at')} AND filed_on_time`, 'filed_ot')},
    ${f(`${inP('occurred_at')} AND valid IS NOT NULL`, 'rep_decided')}, ${f(`${inP('occurred_at')} AND valid`, 'rep_valid')},
    ${f(`${inP('closed_at')} AND reworked`, 'closed_rw')}
  FROM events WHERE starts_with(district_code, '${CITY}') AND (${DATE_COLUMNS.map(inP).join(' OR ')})
  ${groupBy}`;
}

function pgSet(p: Period): string[] {
  const inP = (c: string) => `${c} >= ${lit(p.from)} AND ${c} < ${lit(p.to)}`;
  const kpis = pgKpiSql(
    p,
    `district_code, street_code, coalesce(department, '') AS dep`,
    `GROUP BY GROUPING SETS ((), (district_code), (street_code), (coalesce(department, '')))`,
  );
  // Local (UTC+8) day numbers, as DuckDB computes them (cheaper than date_trunc … AT TIME ZONE).
  const day = (c: string) => `floor((date_part('epoch', ${c}) + 28800) / 86400)::int`;
  const trend = `SELECT d, sum(reported) AS reported, sum(closed) AS closed FROM (
      SELECT ${day('occurred_at')} AS d, count(*) AS reported, 0 AS closed FROM events
        WHERE starts_with(district_code, '${CITY}') AND ${inP('occurred_at')} GROUP BY 1
      UNION ALL
      SELECT ${day('closed_at')}, 0, count(*) FROM events
        WHERE starts_with(district_code, '${CITY}') AND ${inP('closed_at')} GROUP BY 1) t GROUP BY d ORDER BY d`;
  const map = `SELECT grid_code, count(*) AS open FROM events
    WHERE starts_with(district_code, '${CITY}') AND status NOT IN ('INVALID', 'REJECTED', 'CLOSED') AND grid_code IS NOT NULL
    GROUP BY 1 ORDER BY 1`;
  return [kpis, trend, map].map(
    (s) => `${s.replace(/\s+/g, ' ')};`,
  );
}

class PgCluster {
  readonly port = 55_000 + Math.floor(Math.random() * 5000);
  private readonly asRoot = process.getuid?.() === 0;

  constructor(readonly dir: string) {}

  /** Runs a PostgreSQL binary, as `postgres` when we are root. */
  private bin(name: string, args: string[], opts: { input?: string } = {}): string {
    const file = path.join(PG_BIN, name);
    const [cmd, argv] = this.asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    return execFileSync(cmd, argv, { encoding: 'utf8', input: opts.input, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  start(): void {
    const data = path.join(this.dir, 'data');
    fs.mkdirSync(data, { mode: 0o700 });
    if (this.asRoot) execFileSync('chown', ['-R', 'postgres', this.dir]);
    this.bin('initdb', ['-D', data, '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // A benchmark cluster: durability off (it is thrown away), memory for a 10M-row table.
    const opts = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      `-c listen_addresses=''`,
      '-c shared_buffers=2GB',
      '-c work_mem=256MB',
      '-c maintenance_work_mem=1GB',
      '-c effective_cache_size=8GB',
      '-c max_parallel_workers_per_gather=2',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_wal_size=8GB',
    ].join(' ');
    this.bin('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(this.dir, 'server.log'), '-w', 'start']);
  }

  stop(): void {
    try {
      this.bin('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    } catch (err) {
      console.error(`  could not stop PostgreSQL: ${(err as Error).message}`);
    }
  }

  /** psql with a script on stdin; returns its output. */
  psql(script: string, extra: string[] = []): string {
    const r = spawnSync(
      'psql',
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', 'postgres', ...extra],
      { input: script, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error?.message}`);
    return r.stdout;
  }
}

async function loadPostgres(db: Database, pg: PgCluster): Promise<void> {
  const csv = path.join(pg.dir, 'cases.csv');
  const t0 = performance.now();
  const conn = await db.connect();
  await conn.run(`COPY (SELECT ${PG_COLUMN_NAMES.join(', ')} FROM events ORDER BY seq) TO '${csv}' (FORMAT csv, HEADER false)`);
  conn.closeSync();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', csv]);
  const exportS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  pg.psql(`CREATE TABLE events (${PG_COLUMNS}); COPY events FROM '${csv}' WITH (FORMAT csv);`);
  fs.rmSync(csv);
  const copyS = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  pg.psql(
    [
      ...DATE_COLUMNS.map((c) => `CREATE INDEX events_${c} ON events (${c});`),
      `CREATE INDEX events_open_grid ON events (grid_code) WHERE status NOT IN ('INVALID', 'REJECTED', 'CLOSED');`,
      'VACUUM ANALYZE events;',
    ].join('\n'),
  );
  const indexS = (performance.now() - t2) / 1000;
  console.log(
    `  postgres: exported CSV in ${exportS.toFixed(1)} s, COPY in ${copyS.toFixed(1)} s, ${DATE_COLUMNS.length + 1} indexes + VACUUM ANALYZE in ${indexS.toFixed(1)} s`,
  );
}

/** Times of one run of the set (ms per statement, from psql's \timing). */
function pgRun(pg: PgCluster, p: Period): number[] {
  const out = pg.psql(`\\o /dev/null\n\\timing on\n${pgSet(p).join('\n')}\n`);
  const times = [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
  if (times.length !== 3) throw new Error(`expected 3 timings from psql, got ${times.length}: ${out.slice(0, 500)}`);
  return times;
}

function timePostgres(pg: PgCluster): Record<Period['label'], number> {
  const out = {} as Record<Period['label'], number>;
  for (const p of PERIODS) {
    pgRun(pg, p); // warm-up
    const totals: number[] = [];
    for (let r = 0; r < PG_RUNS; r++) {
      const times = pgRun(pg, p);
      totals.push(times.reduce((a, b) => a + b, 0));
      console.log(`  postgres ${p.label.padEnd(4)} run ${r + 1}: ${times.map((t) => t.toFixed(0)).join(' + ')} = ${totals.at(-1)!.toFixed(0)} ms`);
    }
    out[p.label] = median(totals);
  }
  return out;
}

/** The city's counters from PostgreSQL equal the KPIs from DuckDB (a check that both computed the same thing). */
function crossCheck(pg: PgCluster, p: Period, city: KpiResult): void {
  const line = pg.psql(`${pgKpiSql(p, `'' AS key`)};`, ['-A', '-t', '-F', ',']).trim().split(',').slice(1).map(Number);
  const [closed, closedOt, closedLate, dueClose, closedOtNs, dueCloseNs, handled, handledOt, dueHandle, disp, dispOk, dispOt, filed, filedOt, repDecided, repValid, closedRw] = line;
  const want: Record<KpiId, [number | undefined, number | undefined]> = {
    closureRate: [closed, dueClose],
    onTimeClosureRate: [closedOt, dueClose],
    onTimeClosureRateExSuspended: [closedOtNs, dueCloseNs],
    overdueClosureRate: [closedLate, dueClose],
    handlingRate: [handled, dueHandle],
    onTimeHandlingRate: [handledOt, dueHandle],
    accurateDispatchRate: [dispOk, disp],
    onTimeDispatchRate: [dispOt, disp],
    onTimeFilingRate: [filedOt, filed],
    validReportRate: [repValid, repDecided],
    reworkRate: [closedRw, closed],
  };
  const kpis = city.rows[0]?.kpis;
  const diff = Object.entries(want).filter(([id, [n, d]]) => kpis?.[id as KpiId].numerator !== n || kpis?.[id as KpiId].denominator !== d);
  if (diff.length) throw new Error(`DuckDB and PostgreSQL disagree (${p.label}) on ${diff.map(([id]) => id).join(', ')}`);
  const c = kpis!.onTimeClosureRate;
  console.log(`  ${p.label}: DuckDB and PostgreSQL agree on all eleven KPIs (on-time closure ${c.numerator}/${c.denominator})`);
}

export async function runKpiBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-bench-kpi-'));
  fs.chmodSync(dir, 0o755);
  let db: Database | null = null;
  let pg: PgCluster | null = null;
  // Interrupted: stop the private cluster and remove the files before leaving.
  const abort = () => {
    pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    db = await Database.open(path.join(dir, 'kpi.duckdb'));
    await generateKpiCases(db);
    const duck = await timeDuckdb(db);
    const q = new KpiQueries(db);
    const cityRows = await Promise.all(PERIODS.map((p) => q.kpis({ scope: CITY, from: p.from, to: p.to, by: 'none' })));

    pg = new PgCluster(path.join(dir, 'pg'));
    fs.mkdirSync(pg.dir);
    pg.start();
    await loadPostgres(db, pg);
    PERIODS.forEach((p, i) => crossCheck(pg!, p, cityRows[i]!));
    const post = timePostgres(pg);
    const round = (x: number) => Math.round(x * 10) / 10;
    recordResults({
      'kpi.cases': N,
      'kpi.city_30d_ms': round(duck['30d']),
      'kpi.city_year_ms': round(duck.year),
      'kpi.postgres_30d_ms': round(post['30d']),
      'kpi.postgres_year_ms': round(post.year),
      'kpi.speedup_30d': round(post['30d'] / duck['30d']),
      'kpi.speedup_year': round(post.year / duck.year),
    });
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
    pg?.stop();
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
