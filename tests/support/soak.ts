/**
 * Soak: a gateway with its simulator sending `ratePerS` events/s and `screens` screens connected,
 * for `seconds`. The gateway and the simulator run in this process (so their heap is measured
 * after a forced GC), the screens in a forked one (tests/support/soak-screens.ts). It reports the
 * heap's growth from the end of a warm-up to the end, the commit → screen latency, and what was
 * lost: sends the gateway refused or that failed, and stored events a screen of their scope never
 * received.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { configFromEnv, type GatewayConfig } from '../../gateway/src/config.js';
import { startGateway } from '../../gateway/src/server.js';
import { startSimulator } from '../../gateway/src/sim/simulator.js';
import { demoScopes } from '../../gateway/src/auth/identities.js';
import { login, tempDir } from './gateway-harness.js';
import type { FromSoakScreens, SoakScreen, ToSoakScreens } from './soak-screens.js';

export interface SoakOptions {
  seconds: number;
  screens: number;
  ratePerS: number;
  datasetDir: string;
  /** heap samples (each after a forced GC) every this many seconds */
  sampleEverySec?: number;
  /** progress lines */
  say?: (line: string) => void;
}

export interface SoakResult {
  seconds: number;
  /** events created in the measured period (between the screens' connection and the end) */
  stored: number;
  /** simulator sends refused by the gateway or failed */
  refused: number;
  /** (screen, event of its scope) pairs never received */
  missing: number;
  missingSamples: string[];
  disconnected: number;
  received: number;
  /** heap used after GC at the end of the warm-up, at the end, and every sample between (MB) */
  heapStartMb: number;
  heapEndMb: number;
  heapGrowthMb: number;
  heapSamplesMb: number[];
  rssEndMb: number;
  p50Ms: number;
  p99Ms: number;
  /** warnings and errors the gateway logged */
  warnings: string[];
}

const SCREENS_FILE = path.join(import.meta.dirname, 'soak-screens.ts');
const MB = 1024 * 1024;

function forceGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function percentileOf(hist: [number, number][], p: number): number {
  const total = hist.reduce((a, [, n]) => a + n, 0);
  let seen = 0;
  for (const [ms, n] of hist) {
    seen += n;
    if (seen >= (p / 100) * total) return ms;
  }
  return NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const say = o.say ?? (() => {});
  const gc = forceGc();
  const dataDir = tempDir('gc-soak-');
  // The gateway's warnings are collected (a refused or failed simulator send is one): pino writes JSON lines here.
  const warnings: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) warnings.push(line.slice(0, 400));
      done();
    },
  });
  const log = pino({ level: 'warn', base: { svc: 'gateway' } }, logStream);
  const config: GatewayConfig = {
    ...configFromEnv({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    dbFile: path.join(dataDir, 'gridcommand.duckdb'),
    datasetDir: o.datasetDir,
    sim: false, // started below, as main.ts does, with this run's rate
    screenDir: path.join(dataDir, 'no-screen'),
    logLevel: 'warn',
    mqttPort: null,
    simDevices: 0,
  };
  const gw = await startGateway(config, log);
  const screens = fork(SCREENS_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: FromSoakScreens[] = [];
  let wake: (() => void) | null = null;
  screens.on('message', (m: FromSoakScreens) => {
    inbox.push(m);
    wake?.();
  });
  const next = async (timeoutMs: number): Promise<FromSoakScreens> => {
    const until = Date.now() + timeoutMs;
    while (!inbox.length) {
      if (Date.now() > until) throw new Error('the soak screens did not answer');
      await Promise.race([new Promise<void>((r) => (wake = r)), sleep(1000)]);
    }
    const m = inbox.shift()!;
    if (m.type === 'error') throw new Error(`soak screens: ${m.message}`);
    return m;
  };
  const tell = (m: ToSoakScreens) => screens.send(m);
  let sim: { stop(): void } | null = null;
  try {
    // A fifth of the screens show the city, the rest a district each (in turn).
    const { city, districts } = demoScopes(gw.areas);
    const scopes = Array.from({ length: o.screens }, (_, i) => (i % 5 === 0 || !districts.length ? city : districts[i % districts.length]!));
    const tokens = new Map<string, string>();
    for (const scope of new Set(scopes)) tokens.set(scope, await login(gw.url, `leader-${scope}`));
    const specs: SoakScreen[] = scopes.map((scope) => ({ scope, token: tokens.get(scope)! }));
    tell({ type: 'connect', url: gw.url, screens: specs });
    await next(300_000);
    const seq0 = gw.writer.committedSeq;
    say(`${o.screens} screens connected (${new Set(scopes).size} scopes); simulator at ${o.ratePerS} events/s for ${o.seconds} s`);
    sim = await startSimulator({ url: gw.url, areas: gw.areas, ratePerS: o.ratePerS, city: gw.city, log, seed: 15 });

    const t0 = Date.now();
    const warmMs = Math.min(60_000, o.seconds * 100); // a tenth of the run, at most a minute
    const everyMs = (o.sampleEverySec ?? Math.max(10, Math.round(o.seconds / 60))) * 1000;
    await sleep(warmMs);
    const heapNow = () => {
      gc();
      return process.memoryUsage().heapUsed / MB;
    };
    const samples = [heapNow()];
    say(`warm-up done: heap ${samples[0]!.toFixed(1)} MB`);
    while (Date.now() - t0 < o.seconds * 1000) {
      await sleep(Math.min(everyMs, o.seconds * 1000 - (Date.now() - t0)));
      samples.push(heapNow());
      say(`${Math.round((Date.now() - t0) / 1000)} s: heap ${samples.at(-1)!.toFixed(1)} MB, seq ${gw.writer.committedSeq}`);
    }
    sim.stop();
    sim = null;
    // Let the last sends land and the hub push them.
    let last = -1;
    while (gw.writer.committedSeq !== last) {
      last = gw.writer.committedSeq;
      await sleep(2000);
    }
    const seqEnd = gw.writer.committedSeq;
    const heapEnd = heapNow();
    const rssEndMb = process.memoryUsage().rss / MB;
    const rows = await gw.db.query<{ id: string; area: string }>(
      `SELECT id, coalesce(grid_code, nullif(street_code, ''), district_code) AS area FROM events WHERE created_seq > $1 AND created_seq <= $2`,
      [seq0, seqEnd],
    );
    tell({ type: 'check', expected: rows.map((r) => [r.id, r.area]) });
    const result = (await next(300_000)) as Extract<FromSoakScreens, { type: 'result' }>;
    return {
      seconds: o.seconds,
      stored: rows.length,
      refused: warnings.filter((w) => /simulated .*(refused|not sent)/.test(w)).length,
      missing: result.missing,
      missingSamples: result.missingSamples,
      disconnected: result.disconnected,
      received: result.received,
      heapStartMb: samples[0]!,
      heapEndMb: heapEnd,
      heapGrowthMb: heapEnd - samples[0]!,
      heapSamplesMb: [...samples, heapEnd],
      rssEndMb,
      p50Ms: percentileOf(result.hist, 50),
      p99Ms: percentileOf(result.hist, 99),
      warnings,
    };
  } finally {
    sim?.stop();
    if (screens.exitCode === null) screens.kill();
    await gw.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
