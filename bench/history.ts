/**
 * History: a gateway over years of record. HISTORY_EVENTS cases (default 50M) over three years
 * ending where the kpi group's year ends are generated straight into a DuckDB file by SQL (not
 * through HTTP), the rollups built once (as the first start after the upgrade does). The file is
 * kept under BENCH_DATA_DIR (default bench/.data) as history-<N>/ and reused by later runs (each
 * run adds a few thousand events of its own to it). Then:
 *
 * - history.first_start_ms: the first start on a file without a key filter (builds it once; delete
 *   history-<N>/gridcommand.duckdb.events.keys to measure it again);
 * - history.start_ms: a later start, process spawn → listening (goal ≤ 5,000);
 * - history.rss_mb: the gateway's resident memory right after that start (goal ≤ 1,024);
 * - history.summary_ms: one scoped summary of the city (GET /api/stats/summary, median; goal ≤ 50);
 * - history.ingest_batch_ms: a batch of 1,000 new events acknowledged (median);
 * - history.old_duplicates_ms: a batch of 1,000 repeats refused after a restart (outside the window: filter + lookup);
 * - history.kpi_30d_ms / history.kpi_year_ms: the kpi group's city set on the same file (goal ≤ 200).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../gateway/src/db/database.js';
import { rebuildRollups } from '../gateway/src/db/kpi-queries.js';
import { startChildGateway, type ChildGateway } from '../tests/support/child-gateway.js';
import { END_MS, timeDuckdb } from './kpi.js';
import { median, recordResults } from './stats.js';

const CITY_DIR = path.resolve(import.meta.dirname, '../datasets/shenzhen');
const N = Number(process.env.HISTORY_EVENTS ?? 50_000_000);
const SPAN_S = 3 * 365 * 86_400;
const PAGE = 10_000_000;
const KEY = 'demo-source-4403';
const BENCH_DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? path.join(import.meta.dirname, '.data'));

/** Fills `events` with N cases in time order (most closed, the last days' still open), by SQL only. */
async function generate(file: string): Promise<void> {
  const db = await Database.open(file);
  const conn = await db.connect();
  const grids = (JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'areas/grids.geojson'), 'utf8')) as { features: { properties: { code: string } }[] }).features.map(
    (f) => f.properties.code,
  );
  const cats = JSON.parse(fs.readFileSync(path.join(CITY_DIR, 'categories.json'), 'utf8')) as { code: string; kind: string; department: string }[];
  await conn.run(`CREATE TEMP TABLE g AS SELECT (row_number() OVER () - 1)::INTEGER AS k, code FROM (SELECT unnest(['${grids.join("','")}']) AS code)`);
  const events = cats.filter((c) => c.kind !== 'component');
  await conn.run(
    `CREATE TEMP TABLE c AS SELECT (row_number() OVER () - 1)::INTEGER AS k, code, dept FROM (SELECT unnest(['${events.map((c) => c.code).join("','")}']) AS code, unnest(['${events.map((c) => c.department).join("','")}']) AS dept)`,
  );
  const endS = END_MS / 1000;
  const t0 = performance.now();
  for (let from = 0; from < N; from += PAGE) {
    const to = Math.min(N, from + PAGE);
    await conn.run(`INSERT INTO events (seq, created_seq, id, source, source_id, category, status, urgency, lon, lat,
        district_code, street_code, grid_code, occurred_at, received_at, updated_at, title, reporter_kind, reporter_id,
        assignee, department, valid, filed_at, filed_on_time, dispatched_at, dispatched_on_time, returned, handled_at,
        handle_deadline, handled_on_time, closed_at, close_deadline, closed_on_time, suspended_ever, reworked)
      SELECT i, i, 'ev-' || i, 'bench', 'hb-' || i, c.code, st, CASE WHEN h % 10 = 0 THEN 'urgent' ELSE 'normal' END, 114.05, 22.55,
        substr(g.code, 1, 6), substr(g.code, 1, 9), g.code, to_timestamp(occ), to_timestamp(occ), to_timestamp(occ + 3600),
        'bench case', 'worker', 'w-' || (h % 997),
        CASE WHEN st IN ('CLOSED', 'DISPATCHED') THEN 'w-' || (h % 997) END, CASE WHEN st IN ('CLOSED', 'DISPATCHED') THEN c.dept END,
        st <> 'INVALID' AND st <> 'REPORTED', to_timestamp(CASE WHEN st IN ('CLOSED', 'DISPATCHED') THEN occ + 600 END), h % 20 <> 0,
        to_timestamp(CASE WHEN st IN ('CLOSED', 'DISPATCHED') THEN occ + 1200 END), h % 15 <> 0, h % 21 = 0,
        to_timestamp(CASE WHEN st = 'CLOSED' THEN occ + dur - 3600 END), to_timestamp(CASE WHEN st IN ('CLOSED', 'DISPATCHED') THEN occ + 3 * 86400 END), h % 12 <> 0,
        to_timestamp(CASE WHEN st = 'CLOSED' THEN occ + dur END), to_timestamp(CASE WHEN st IN ('CLOSED', 'DISPATCHED') THEN occ + 4 * 86400 END),
        CASE WHEN st = 'CLOSED' THEN dur <= 4 * 86400 END, h % 25 = 0, h % 17 = 0
      FROM (
        SELECT i, h, occ, dur,
          CASE WHEN occ + dur < ${endS} THEN (CASE WHEN h % 16 = 0 THEN 'INVALID' ELSE 'CLOSED' END)
               WHEN h % 3 = 0 THEN 'REPORTED' ELSE 'DISPATCHED' END AS st
        FROM (SELECT i, hash(i) AS h, ${endS - SPAN_S} + (i * ${SPAN_S}) // ${N} AS occ, 7200 + hash(i * 7) % (5 * 86400) AS dur FROM range(${from + 1}, ${to + 1}) t(i))
      ) e
      JOIN g ON g.k = (e.h >> 8) % ${grids.length}
      JOIN c ON c.k = (e.h >> 20) % ${events.length}
      ORDER BY i`);
    console.log(`  ${to.toLocaleString('en')} events generated (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const t1 = performance.now();
  await rebuildRollups(conn); // what the first start after the upgrade does once
  await conn.run('CHECKPOINT');
  console.log(`  rollups built once in ${((performance.now() - t1) / 1000).toFixed(1)} s (every start rebuilt them before)`);
  recordResults({ 'history.rebuild_ms': Math.round(performance.now() - t1) });
  conn.closeSync();
  db.close();
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function start(env: Record<string, string>): Promise<{ gw: ChildGateway; ms: number }> {
  const t0 = performance.now();
  const gw = await startChildGateway({ ...env, LOG_LEVEL: 'info' }, 30 * 60_000);
  return { gw, ms: performance.now() - t0 };
}

async function stop(gw: ChildGateway): Promise<void> {
  gw.proc.kill('SIGTERM');
  await gw.exited;
}

async function timed(n: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function post(url: string, events: unknown[]): Promise<{ accepted: number; duplicates: number }> {
  const r = await fetch(`${url}/api/ingest/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ events }) });
  if (r.status !== 200) throw new Error(`ingest ${r.status}: ${await r.text()}`);
  return (await r.json()) as { accepted: number; duplicates: number };
}

/** The gateway's own log line for a step, e.g. its `ms`. */
function logged(gw: ChildGateway, msg: string): number | undefined {
  for (const line of gw.output().split('\n')) {
    if (!line.includes(`"msg":"${msg}"`)) continue;
    return (JSON.parse(line) as { ms?: number }).ms;
  }
  return undefined;
}

/** The cached data dir for N events: generated (in a temporary dir renamed when complete) only when absent. */
async function cachedDataDir(): Promise<string> {
  const dataDir = path.join(BENCH_DATA_DIR, `history-${N}`);
  if (fs.existsSync(dataDir)) return dataDir;
  fs.mkdirSync(BENCH_DATA_DIR, { recursive: true });
  const building = fs.mkdtempSync(path.join(BENCH_DATA_DIR, 'building-'));
  try {
    console.log(`  ${N.toLocaleString('en')} events over three years, generated by SQL (kept in ${path.relative(process.cwd(), dataDir)} for later runs)`);
    await generate(path.join(building, 'gridcommand.duckdb'));
    fs.renameSync(building, dataDir);
  } catch (err) {
    fs.rmSync(building, { recursive: true, force: true });
    throw err;
  }
  return dataDir;
}

export async function runHistoryBench(): Promise<void> {
  const dataDir = await cachedDataDir();
  const file = path.join(dataDir, 'gridcommand.duckdb');
  const run = Date.now().toString(36); // this run's own event ids: the file is reused
  {
    console.log(`  file: ${(fs.statSync(file).size / 1e9).toFixed(1)} GB`);
    const env = { GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: CITY_DIR, GRIDCOMMAND_SIM: '0', GRIDCOMMAND_CHECK_ANSWERS: '0', GRIDCOMMAND_RETENTION_DAYS: '0' };

    // A generated file has no key filter yet: its first start builds it (as the first start after an upgrade does).
    if (!fs.existsSync(`${file}.events.keys`)) {
      const first = await start(env);
      console.log(`  first start ${first.ms.toFixed(0)} ms (key filter built: writer ${logged(first.gw, 'writer started (stored keys loaded)')} ms)`);
      recordResults({ 'history.first_start_ms': Math.round(first.ms) });
      await stop(first.gw);
    }

    const { gw, ms } = await start(env);
    const rss = rssMb(gw.proc.pid!);
    console.log(`  start ${ms.toFixed(0)} ms (in-process ${logged(gw, 'gateway listening')} ms; rollups ${logged(gw, 'KPI rollups brought up to date')} ms, writer ${logged(gw, 'writer started (stored keys loaded)')} ms)`);
    const login = (await (await fetch(`${gw.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader-4403', password: 'gridcommand-demo' }) })).json()) as { token: string };
    const summary = await timed(9, async () => {
      const r = await fetch(`${gw.url}/api/stats/summary`, { headers: { authorization: `Bearer ${login.token}` } });
      const s = (await r.json()) as { total: number };
      if (s.total < N) throw new Error(`summary total ${s.total} < ${N}`);
    });
    console.log(`  summary runs: ${summary.map((t) => t.toFixed(1)).join(', ')} ms`);
    const batch = (tag: string) => Array.from({ length: 1000 }, (_, i) => ({
      id: `hist-${tag}-${i}`, occurredAt: new Date().toISOString(), lon: 114.11, lat: 22.55, category: '0102', urgency: 'normal', title: 'history bench', reporter: { kind: 'sensor', id: 's-1' },
    }));
    const ingest = await timed(5, async (k) => {
      const ack = await post(gw.url, batch(`${run}-${k}`));
      if (ack.accepted !== 1000) throw new Error(`accepted ${ack.accepted}`);
    });
    await stop(gw);
    // After a restart the window holds none of them: each repeat is decided by the filter and a lookup over the whole table.
    const again = await start(env);
    const dup = await timed(5, async () => {
      const ack = await post(again.gw.url, batch(`${run}-0`));
      if (ack.duplicates !== 1000) throw new Error(`duplicates ${ack.duplicates}`);
    });
    await stop(again.gw);

    const kdb = await Database.open(file);
    const kpi = await timeDuckdb(kdb);
    kdb.close();
    recordResults({
      'history.events': N,
      'history.start_ms': Math.round(ms),
      'history.rss_mb': Math.round(rss),
      'history.summary_ms': median(summary),
      'history.ingest_batch_ms': median(ingest),
      'history.old_duplicates_ms': median(dup),
      'history.kpi_30d_ms': kpi['30d'],
      'history.kpi_year_ms': kpi.year,
    });
  }
}
