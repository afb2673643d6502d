/**
 * Fuzz: FUZZ_TRIES (default 10,000) malformed or hostile payloads (tests/support/fuzz.ts) to every
 * ingest path of a gateway process — HTTP batches, the /ingest socket, Open311 requests, /screen
 * handshakes. fuzz.crashes counts the gateway dying or not answering its health check;
 * fuzz.server_errors answers ≥ 500 (or an acceptance); fuzz.stored the seqs and rows it stored
 * from them (all must be 0).
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { fuzzGateway } from '../tests/support/fuzz.js';
import { login, tempDir } from '../tests/support/gateway-harness.js';
import { recordResults } from './stats.js';

const TRIES = Number(process.env.FUZZ_TRIES ?? 10_000);
const CITY_DIR = path.resolve(import.meta.dirname, '../datasets/shenzhen');
const TABLES = ['events', 'event_transitions', 'positions', 'cameras', 'stats', 'alerts'];

async function rows(file: string): Promise<number> {
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  const [r] = (await conn.runAndReadAll(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')}`)).getRowsJS();
  conn.closeSync();
  inst.closeSync();
  return Number(r![0]);
}

export async function runFuzzBench(): Promise<void> {
  const dataDir = tempDir('gc-fuzz-');
  const env = { GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: CITY_DIR, GRIDCOMMAND_SIM: '0', GRIDCOMMAND_ALERT_MS: '0', GRIDCOMMAND_ESCALATE_MS: '3600000' };
  const first = await startChildGateway(env, 15 * 60_000);
  first.proc.kill('SIGTERM');
  await first.exited;
  const before = await rows(path.join(dataDir, 'gridcommand.duckdb'));
  const gw = await startChildGateway(env, 15 * 60_000);
  let died = false;
  void gw.exited.then(() => (died = true));
  const seq = async () => ((await (await fetch(`${gw.url}/api/health`)).json()) as { seq: number }).seq;
  const seq0 = await seq();
  const t0 = performance.now();
  const r = await fuzzGateway(gw.url, 'demo-source-4403', await login(gw.url, 'leader-4403'), TRIES);
  const s = (performance.now() - t0) / 1000;
  const diedDuring = died;
  const storedSeqs = died ? NaN : (await seq()) - seq0;
  gw.proc.kill('SIGTERM');
  const exit = await gw.exited;
  const stored = (await rows(path.join(dataDir, 'gridcommand.duckdb'))) - before;
  console.log(`  ${r.tried} payloads in ${s.toFixed(0)} s: ${JSON.stringify(r.byPath)}; gateway exit on SIGTERM: ${exit}`);
  for (const sample of r.samples) console.log(`  ! ${sample}`);
  recordResults({
    'fuzz.tried': r.tried,
    'fuzz.crashes': (diedDuring ? 1 : 0) + r.unanswered,
    'fuzz.server_errors': r.serverErrors,
    'fuzz.stored': Math.max(stored, storedSeqs || 0),
  });
}
