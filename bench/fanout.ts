/**
 * Fan-out: 500 scoped screen sockets and 1,000 events/s spread over the city, measured from
 * the source's send to the screen's receipt (through validation, commit and the hub), and
 * the same clients and sender against a bare Socket.IO broadcast (the floor).
 *
 * Processes: this one sends (HTTP POST /api/ingest/events, 20 events every 20 ms, open loop);
 * the gateway (or bare server) runs in a child; the screens run in CLIENT_PROCS children of
 * their own (bench/fanout-client.ts). Latency = receipt Date.now() − the send Date.now()
 * encoded in each event id (`f-<ms>-<n>`); all processes share the machine's clock.
 *
 * Duration: FANOUT_SECONDS=N (or `--seconds=N`; `--seconds N` would be taken by bench/run.ts
 * as a group name), default 20, after a short warm-up whose events (`w-` ids) the clients ignore.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { postBatch } from './post-batch.js';
import os from 'node:os';
import path from 'node:path';
import type { IngestEvent } from '../gateway/protocol/events.js';
import { AreaIndex } from '../gateway/src/geo/areas.js';
import { pick, seededRandom } from '../gateway/src/sim/random.js';
import { randomPointIn } from '../gateway/src/sim/simulator.js';
import { startChildGateway, type ChildGateway } from '../tests/support/child-gateway.js';
import { login, tempDir } from '../tests/support/gateway-harness.js';
import type { FromClient, ScreenResult, ScreenSpec, ToClient } from './fanout-client.js';
import { recordResults } from './stats.js';

const CITY_DIR = path.resolve(import.meta.dirname, '../datasets/shenzhen');
const CLIENT_FILE = path.resolve(import.meta.dirname, 'fanout-client.ts');
const BARE_FILE = path.resolve(import.meta.dirname, 'bare-broadcast-server.ts');

const argSeconds = process.argv.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length);
const SECONDS = Number(process.env.FANOUT_SECONDS ?? argSeconds ?? 20);
const WARMUP_SECONDS = 2;
const BATCH_MS = 20;
const PER_BATCH = 20; // 20 events every 20 ms = 1,000 events/s
const DRAIN_MS = 2000;
const TICK_MS = 50;

// 100 city screens and 50 per district. The demo city has 9 districts; 9 × 50 + 100 would be
// 550, so only the first 8 districts (sorted by code) get screens: 100 + 8 × 50 = 500 exactly.
// Events in the 9th district still reach the city screens.
const CITY_SCREENS = 100;
const PER_DISTRICT = 50;
const SCREENED_DISTRICTS = 8;
const CLIENT_PROCS = 2;

interface Point {
  lon: number;
  lat: number;
  category: string;
  urgency: 'normal' | 'urgent';
  districtCode: string;
}

/** Seeded points uniformly over the city's grids, each placed with the gateway's own AreaIndex. */
function makePoints(areas: AreaIndex, n: number, seed: number): Point[] {
  const grids = areas.byLevel.get('grid')!;
  const rand = seededRandom(seed);
  const out: Point[] = [];
  while (out.length < n) {
    const [x, y] = randomPointIn(pick(rand, grids), rand);
    const lon = Math.round(x * 1e6) / 1e6;
    const lat = Math.round(y * 1e6) / 1e6;
    // Place the rounded point exactly as the gateway will; skip the (rare) point rounding moved out of the city.
    const place = areas.place(lon, lat);
    if (!place) continue;
    out.push({
      lon,
      lat,
      category: pick(rand, ['0101', '0102', '0103', '0104', '0201', '0501']),
      urgency: rand() < 0.1 ? 'urgent' : 'normal',
      districtCode: place.districtCode,
    });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms))),
  ]);
}

// ---- CPU accounting (Linux /proc; NaN elsewhere) ----

const CLK_TCK = 100;
/** utime + stime of a process (all its threads). */
function procCpuMs(pid: number | undefined): number {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return (ticks * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}
function machineCpu(): { busy: number; total: number } {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3]! - (f[4] ?? 0), total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}
/** CPU ms of every process on the machine, to name what else competed for the CPU. */
function allProcsCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const name of fs.readdirSync('/proc')) if (/^\d+$/.test(name)) out.set(Number(name), procCpuMs(Number(name)));
  } catch {
    // not Linux
  }
  return out;
}
function describe(pid: number): string {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const shown = cmd.filter((a) => !a.startsWith('-') && !a.includes('node_modules')).slice(0, 3).map((a) => path.basename(a));
    return `${shown.join(' ') || '?'} (${pid})`;
  } catch {
    return `pid ${pid} (gone)`;
  }
}
interface CpuSnap {
  wall: number;
  machine: { busy: number; total: number };
  procs: Record<string, number>;
  all: Map<number, number>;
  ours: Set<number>;
}
function cpuSnap(pids: Record<string, number | undefined>): CpuSnap {
  const procs: Record<string, number> = { sender: (process.cpuUsage().user + process.cpuUsage().system) / 1000 };
  for (const [name, pid] of Object.entries(pids)) procs[name] = procCpuMs(pid);
  const ours = new Set([process.pid, ...Object.values(pids).filter((p): p is number => p !== undefined)]);
  return { wall: performance.now(), machine: machineCpu(), procs, all: allProcsCpuMs(), ours };
}
/** Percent of one core per process, of the whole machine, and of the busiest other processes, between two snapshots. */
function cpuReport(a: CpuSnap, b: CpuSnap): string {
  const wall = b.wall - a.wall;
  const pct = (ms: number) => `${Math.round((ms / wall) * 100)}%`;
  const parts = Object.keys(b.procs).map((k) => `${k} ${pct(b.procs[k]! - a.procs[k]!)}`);
  const ours = Object.keys(b.procs).reduce((sum, k) => sum + (b.procs[k]! - a.procs[k]!) / wall, 0);
  const cores = os.cpus().length;
  const busyCores = ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cores;
  const others = Math.max(0, busyCores - ours);
  const busiest = [...b.all]
    .filter(([pid]) => !b.ours.has(pid))
    .map(([pid, ms]) => [pid, ms - (a.all.get(pid) ?? 0)] as const)
    .filter(([, ms]) => ms / wall > 0.03)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 4)
    .map(([pid, ms]) => `${describe(pid)} ${pct(ms)}`);
  const warning = others > 0.2 ? ' ← other processes competed for the CPU: figures of this run are not clean' : '';
  return (
    `cpu (100% = one core): ${parts.join(', ')}; whole machine ${Math.round(busyCores * 100)}% of ${cores * 100}%, others ${Math.round(others * 100)}%${warning}` +
    (busiest.length ? `\n        busiest other processes (short-lived ones are not listed): ${busiest.join(', ')}` : '')
  );
}

// ---- histograms ----

class Hist {
  readonly counts = new Map<number, number>();
  total = 0;
  add(pairs: [number, number][]): void {
    for (const [ms, c] of pairs) {
      this.counts.set(ms, (this.counts.get(ms) ?? 0) + c);
      this.total += c;
    }
  }
  addOne(ms: number): void {
    this.add([[Math.max(0, Math.round(ms)), 1]]);
  }
  /** Same rank rule as stats.ts `percentile`. */
  percentile(p: number): number {
    if (!this.total) return NaN;
    const rank = Math.min(this.total - 1, Math.max(0, Math.ceil((p / 100) * this.total) - 1));
    let seen = 0;
    for (const ms of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(ms)!;
      if (seen > rank) return ms;
    }
    return NaN;
  }
  max(): number {
    return this.total ? Math.max(...this.counts.keys()) : NaN;
  }
  summary(): string {
    return `p50 ${this.percentile(50)} ms, p90 ${this.percentile(90)} ms, p99 ${this.percentile(99)} ms, max ${this.max()} ms`;
  }
}

// ---- sender ----

interface SendStats {
  batches: number;
  failed: number;
  accepted: number;
  duplicates: number;
  ack: Hist;
  /** the most a batch left after its slot in the 20 ms schedule */
  maxLateMs: number;
  lastSendAt: number;
  firstError: string | null;
}

/**
 * Sends `seconds` × 50 batches of 20 events on a fixed 20 ms schedule without waiting for
 * acknowledgements (open loop: a slow gateway gets more requests in flight, not fewer events).
 */
async function sendLoad(url: string, points: Point[], from: number, seconds: number, prefix: 'w' | 'f', bare: boolean): Promise<SendStats> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const target = new URL('/api/ingest/events', url);
  const stats: SendStats = { batches: 0, failed: 0, accepted: 0, duplicates: 0, ack: new Hist(), maxLateMs: 0, lastSendAt: 0, firstError: null };
  const inFlight: Promise<void>[] = [];
  const batches = Math.round((seconds * 1000) / BATCH_MS);
  const post = (k: number, late: number) => {
    const sentMs = Date.now();
    const occurredAt = new Date(sentMs).toISOString();
    const base = from + k * PER_BATCH;
    const events = points.slice(base, base + PER_BATCH).map((p, i) => {
      const e: IngestEvent & { districtCode?: string } = {
        id: `${prefix}-${sentMs}-${base + i}`,
        occurredAt,
        lon: p.lon,
        lat: p.lat,
        category: p.category,
        urgency: p.urgency,
        title: '暴露垃圾 桂园街道',
        reporter: { kind: 'sensor', id: `s-${(base + i) % 97}` },
      };
      if (bare) e.districtCode = p.districtCode; // the bare server's routing hint; the gateway places events itself
      return e;
    });
    const body = JSON.stringify({ events });
    const t0 = performance.now();
    stats.batches++;
    stats.maxLateMs = Math.max(stats.maxLateMs, late);
    stats.lastSendAt = t0;
    const fail = (why: string) => {
      stats.failed++;
      stats.firstError ??= why;
    };
    inFlight.push(
      postBatch(agent, target, body).then(({ status, text }) => {
        if (status !== 200) return fail(`ingest ${status}: ${text.slice(0, 300)}`);
        const ack = JSON.parse(text) as { accepted: number; duplicates: number };
        stats.accepted += ack.accepted;
        stats.duplicates += ack.duplicates;
        stats.ack.addOne(performance.now() - t0);
      }, (err: Error) => fail(err.message)),
    );
  };
  const t0 = performance.now();
  let k = 0;
  while (k < batches) {
    const now = performance.now();
    while (k < batches && t0 + k * BATCH_MS <= now) {
      post(k, now - (t0 + k * BATCH_MS));
      k++;
    }
    if (k < batches) await sleep(Math.max(1, t0 + k * BATCH_MS - performance.now()));
  }
  await withTimeout(Promise.all(inFlight), 30_000, 'ingest acknowledgements');
  agent.destroy();
  return stats;
}

// ---- clients ----

interface ClientProc {
  proc: ChildProcess;
  next: (type: FromClient['type']) => Promise<FromClient>;
  exited: Promise<void>;
}

function forkClient(): ClientProc {
  const proc = fork(CLIENT_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: FromClient[] = [];
  let waiter: (() => void) | null = null;
  proc.on('message', (m: FromClient) => {
    inbox.push(m);
    waiter?.();
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  void exited.then(() => waiter?.());
  const next = async (type: FromClient['type']): Promise<FromClient> => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type || m.type === 'error');
      if (i >= 0) {
        const m = inbox.splice(i, 1)[0]!;
        if (m.type === 'error') throw new Error(`screen client ${proc.pid}: ${m.message}`);
        return m;
      }
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`screen client ${proc.pid} exited (${proc.exitCode ?? proc.signalCode})`);
      await new Promise<void>((r) => (waiter = r));
      waiter = null;
    }
  };
  return { proc, next, exited };
}

function tell(c: ClientProc, msg: ToClient): void {
  c.proc.send(msg);
}

async function stopProc(proc: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

// ---- one target (gateway or floor) ----

interface TargetResult {
  p50: number;
  p99: number;
  ratioMin: number;
  ratioMax: number;
  ratio: number;
}

async function measure(
  label: string,
  url: string,
  serverPid: number | undefined,
  screens: ScreenSpec[],
  points: Point[],
  districts: string[],
  cityCode: string,
  bare: boolean,
): Promise<TargetResult> {
  const clients = Array.from({ length: CLIENT_PROCS }, forkClient);
  try {
    const t0 = performance.now();
    clients.forEach((c, i) => tell(c, { type: 'connect', url, screens: screens.filter((_, j) => j % CLIENT_PROCS === i) }));
    const ready = await withTimeout(Promise.all(clients.map((c) => c.next('ready'))), 90_000, `${label}: screens connecting`);
    const connected = ready.reduce((n, m) => n + (m.type === 'ready' ? m.connected : 0), 0);
    console.log(`  [${label}] ${connected} screens connected in ${Math.round(performance.now() - t0)} ms (${CLIENT_PROCS} client processes)`);

    const warmEvents = WARMUP_SECONDS * 1000;
    const warm = await sendLoad(url, points, 0, WARMUP_SECONDS, 'w', bare);
    if (warm.failed) throw new Error(`${label}: warm-up batches failed: ${warm.firstError}`);
    await sleep(500);

    const pids: Record<string, number | undefined> = { server: serverPid };
    clients.forEach((c, i) => (pids[`clients${i + 1}`] = c.proc.pid));
    const cpu0 = cpuSnap(pids);
    console.log(`  [${label}] sending ${SECONDS * 1000} events over ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up)`);
    const sent = await sendLoad(url, points, warmEvents, SECONDS, 'f', bare);
    await sleep(Math.max(0, DRAIN_MS - (performance.now() - sent.lastSendAt)));
    const cpu1 = cpuSnap(pids);

    clients.forEach((c) => tell(c, { type: 'collect' }));
    const results = await withTimeout(Promise.all(clients.map((c) => c.next('result'))), 60_000, `${label}: collecting`);
    await Promise.all(clients.map((c) => withTimeout(c.exited, 10_000, 'client exit')));

    // Expected per scope, from the events actually sent in the measured window.
    const measured = points.slice(warmEvents, warmEvents + sent.batches * PER_BATCH);
    const expected = new Map<string, number>([[cityCode, measured.length]]);
    for (const d of districts) expected.set(d, 0);
    for (const p of measured) if (expected.has(p.districtCode)) expected.set(p.districtCode, expected.get(p.districtCode)! + 1);

    const latency = new Hist();
    const sendToCommit = new Hist();
    const commitToReceipt = new Hist();
    const citySpread = new Hist();
    const all: ScreenResult[] = [];
    const loops: string[] = [];
    for (const r of results) {
      if (r.type !== 'result') continue;
      latency.add(r.hist);
      citySpread.add(r.citySpread);
      all.push(...r.screens);
      if (r.split) {
        sendToCommit.add(r.split.sendToCommit);
        commitToReceipt.add(r.split.commitToReceipt);
      }
      loops.push(`p50 ${r.loopDelay.p50.toFixed(1)} / p99 ${r.loopDelay.p99.toFixed(1)} / max ${r.loopDelay.max.toFixed(1)} ms`);
    }
    const ratios = all.map((s) => s.received / expected.get(s.scope)!);
    const ratioMin = Math.min(...ratios);
    const ratioMax = Math.max(...ratios);
    const expectedReceipts = all.reduce((n, s) => n + expected.get(s.scope)!, 0);
    const disconnected = all.filter((s) => s.disconnected).length;

    console.log(
      `  [${label}] sent ${sent.batches} batches (${sent.batches * PER_BATCH} events), failed ${sent.failed}, accepted ${sent.accepted}, duplicates ${sent.duplicates}, sender max late ${sent.maxLateMs.toFixed(1)} ms`,
    );
    if (sent.firstError) console.log(`  [${label}] first ingest error: ${sent.firstError}`);
    console.log(`  [${label}] ingest ack (send → HTTP 200): ${sent.ack.summary()}`);
    if (sendToCommit.total) {
      console.log(`  [${label}] split at the writer's commit start (EventView.updatedAt), all receipts:`);
      console.log(`  [${label}]   send → commit    ${sendToCommit.summary()}`);
      console.log(`  [${label}]   commit → receipt ${commitToReceipt.summary()}`);
    }
    console.log(`  [${label}] receipts ${latency.total} of ${expectedReceipts} expected on ${all.length} screens (${disconnected} disconnected)`);
    console.log(`  [${label}] latency send → receipt: ${latency.summary()}`);
    console.log(`  [${label}] delivered/expected per screen: min ${ratioMin.toFixed(4)}, max ${ratioMax.toFixed(4)}`);
    console.log(`  [${label}] spread of one city-room emit over the ${CITY_SCREENS / CLIENT_PROCS} city screens of a client process (last − first receipt): ${citySpread.summary()}`);
    console.log(`  [${label}] client event-loop delay: ${loops.join('; ')}`);
    console.log(`  [${label}] ${cpuReport(cpu0, cpu1)}`);
    return { p50: latency.percentile(50), p99: latency.percentile(99), ratioMin, ratioMax, ratio: ratioMin < 1 ? ratioMin : ratioMax };
  } finally {
    await Promise.all(clients.map((c) => stopProc(c.proc, c.exited)));
  }
}

function screenSpecs(cityCode: string, districts: string[], auth: (scope: string) => Record<string, string>): ScreenSpec[] {
  const scopes = [...Array<string>(CITY_SCREENS).fill(cityCode), ...districts.flatMap((d) => Array<string>(PER_DISTRICT).fill(d))];
  return scopes.map((scope) => ({ scope, auth: auth(scope) }));
}

async function startBareServer(): Promise<{ url: string; proc: ChildProcess; exited: Promise<void> }> {
  const proc = fork(BARE_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    const url = await withTimeout(
      new Promise<string>((resolve, reject) => {
        proc.once('message', (m: { url: string }) => resolve(m.url));
        void exited.then(() => reject(new Error('bare broadcast server exited before it started')));
      }),
      30_000,
      'bare broadcast server start',
    );
    return { url, proc, exited };
  } catch (err) {
    await stopProc(proc, exited);
    throw err;
  }
}

export async function runFanoutBench(): Promise<void> {
  if (!(SECONDS > 0)) throw new Error(`FANOUT_SECONDS must be a positive number, got ${SECONDS}`);
  const areas = AreaIndex.load(CITY_DIR);
  // The demo users' scopes (gateway/src/auth/identities.ts demoScopes): the city and its districts by code.
  const city = areas.cityCode;
  const allDistricts = (areas.byLevel.get('district') ?? []).map((a) => a.code).sort();
  const districts = allDistricts.slice(0, SCREENED_DISTRICTS);
  const points = makePoints(areas, (WARMUP_SECONDS + SECONDS) * 1000, 4403);
  console.log(
    `  ${CITY_SCREENS} city screens + ${PER_DISTRICT} × ${districts.length} district screens (${districts.join(', ')}; of ${allDistricts.length} districts), 1,000 events/s`,
  );

  // The gateway.
  const dir = tempDir('gc-bench-fanout-');
  let ours: TargetResult;
  let gw: ChildGateway | null = null;
  try {
    gw = await startChildGateway({
      GRIDCOMMAND_DATA_DIR: dir,
      GRIDCOMMAND_DATASET: CITY_DIR,
      GRIDCOMMAND_TICK_MS: String(TICK_MS),
      GRIDCOMMAND_SIM: '0',
      LOG_LEVEL: 'warn',
    });
    const tokens = new Map<string, string>();
    for (const scope of [city, ...districts]) tokens.set(scope, await login(gw.url, `leader-${scope}`));
    ours = await measure('gateway', gw.url, gw.proc.pid, screenSpecs(city, districts, (s) => ({ token: tokens.get(s)! })), points, districts, city, false);
  } finally {
    if (gw) await stopProc(gw.proc, gw.exited);
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // The floor: the same clients and sender against a bare Socket.IO broadcast.
  const bare = await startBareServer();
  let floor: TargetResult;
  try {
    floor = await measure('floor', bare.url, bare.proc.pid, screenSpecs(city, districts, (s) => ({ scope: s })), points, districts, city, true);
  } finally {
    await stopProc(bare.proc, bare.exited);
  }
  console.log(`  [floor] delivered ratio ${floor.ratio.toFixed(4)}`);

  recordResults({
    'fanout.p50_ms': ours.p50,
    'fanout.p99_ms': ours.p99,
    'fanout.delivered_ratio': ours.ratio,
    'fanout.floor_p50_ms': floor.p50,
    'fanout.floor_p99_ms': floor.p99,
    'fanout.p99_vs_floor': Math.round((ours.p99 / floor.p99) * 1000) / 1000,
  });
}
