import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { postBatch } from './post-batch.js';
import { DuckDBInstance, DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { IngestEvent } from '../gateway/protocol/events.js';
import { MIGRATIONS } from '../gateway/src/db/migrations.js';
import { AreaIndex } from '../gateway/src/geo/areas.js';
import { randomPointIn } from '../gateway/src/sim/simulator.js';
import { pick, seededRandom } from '../gateway/src/sim/random.js';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { tempDir } from '../tests/support/gateway-harness.js';
import { median, recordResults } from './stats.js';

const CITY = path.resolve(import.meta.dirname, '../datasets/shenzhen');
const BATCH = 1000;
const BATCHES = 300;
const IN_FLIGHT = 4;
const ROUNDS = 3;

function makeEvents(n: number, seed: number): IngestEvent[] {
  const areas = AreaIndex.load(CITY);
  const grids = areas.byLevel.get('grid')!;
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const [lon, lat] = randomPointIn(pick(rand, grids), rand);
    return {
      id: `bench-${seed}-${i}`,
      occurredAt: new Date(Date.UTC(2026, 10, 28, 1, 0, 0) + i).toISOString(),
      lon: Math.round(lon * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      category: pick(rand, ['0101', '0102', '0103', '0104', '0201', '0501']),
      urgency: rand() < 0.1 ? 'urgent' : 'normal',
      title: '暴露垃圾 桂园街道',
      reporter: { kind: 'sensor', id: `s-${i % 97}` },
    };
  });
}

/** Posts pre-serialised batches with a few in flight; returns events/s from first send to last acknowledgement. */
async function postAll(url: string, bodies: string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const target = new URL('/api/ingest/events', url);
  const send = async (body: string) => {
    const { status, text } = await postBatch(agent, target, body);
    if (status !== 200) throw new Error(`ingest ${status}: ${text.slice(0, 300)}`);
  };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length) await send(bodies[next++]!);
    }),
  );
  const s = (performance.now() - t0) / 1000;
  agent.destroy();
  return (bodies.length * BATCH) / s;
}

/** The same rows through a bare DuckDB appender into the same table, one flush per 20,000 rows (the writer's largest commit). */
async function rawAppender(events: IngestEvent[], dir: string): Promise<number> {
  const inst = await DuckDBInstance.create(path.join(dir, 'raw.duckdb'));
  const conn = await inst.connect();
  await conn.run(MIGRATIONS[0]!.sql);
  const app = await conn.createAppender('events');
  const now = new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n);
  const t0 = performance.now();
  let seq = 0n;
  for (const e of events) {
    seq++;
    app.appendBigInt(seq);
    app.appendBigInt(seq);
    app.appendVarchar(`ev-${seq}`);
    app.appendVarchar('demo-4403');
    app.appendVarchar(e.id);
    app.appendVarchar(e.category);
    app.appendVarchar('REPORTED');
    app.appendVarchar(e.urgency);
    app.appendDouble(e.lon);
    app.appendDouble(e.lat);
    app.appendVarchar('440303');
    app.appendVarchar('440303001');
    app.appendVarchar('44030300100101');
    app.appendTimestampTZ(new DuckDBTimestampTZValue(BigInt(Date.parse(e.occurredAt)) * 1000n));
    app.appendTimestampTZ(now);
    app.appendTimestampTZ(now);
    app.appendNull();
    app.appendVarchar(e.title!);
    app.appendNull();
    app.appendVarchar(e.reporter.kind);
    app.appendVarchar(e.reporter.id);
    app.appendNull();
    app.endRow();
    if (seq % 20_000n === 0n) app.flushSync();
  }
  app.flushSync();
  const s = (performance.now() - t0) / 1000;
  app.closeSync();
  conn.closeSync();
  inst.closeSync();
  return events.length / s;
}

export async function runIngestBench(): Promise<void> {
  const gatewayRates: number[] = [];
  const rawRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const events = makeEvents(BATCH * BATCHES, 1000 + round);
    const bodies: string[] = [];
    for (let i = 0; i < events.length; i += BATCH) bodies.push(JSON.stringify({ events: events.slice(i, i + BATCH) }));
    const dir = tempDir('gc-bench-ingest-');
    const gw = await startChildGateway({ GRIDCOMMAND_DATA_DIR: dir, GRIDCOMMAND_DATASET: CITY, LOG_LEVEL: 'warn' });
    try {
      await postAll(gw.url, bodies.slice(0, 10).map((b) => b.replaceAll('"bench-', '"warm-'))); // warm up JIT and appenders
      gatewayRates.push(await postAll(gw.url, bodies));
    } finally {
      gw.proc.kill('SIGTERM');
      await gw.exited;
    }
    rawRates.push(await rawAppender(events, dir));
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`  round ${round + 1}: gateway ${Math.round(gatewayRates.at(-1)!)} events/s, raw appender ${Math.round(rawRates.at(-1)!)} rows/s`);
  }
  const g = median(gatewayRates);
  const r = median(rawRates);
  recordResults({
    'ingest.events_per_s': Math.round(g),
    'ingest.raw_appender_per_s': Math.round(r),
    'ingest.ratio_to_raw': Math.round((g / r) * 1000) / 1000,
  });
}
