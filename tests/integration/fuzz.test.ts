import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { writeFixtureCity } from '../support/fixture-city.js';
import { fuzzGateway } from '../support/fuzz.js';
import { login, tempDir } from '../support/gateway-harness.js';

const TABLES = ['events', 'event_transitions', 'positions', 'cameras', 'stats', 'alerts'];

async function counts(file: string): Promise<Record<string, number>> {
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${t}`)).getRowsJS()[0]![0]);
  conn.closeSync();
  inst.closeSync();
  return out;
}

describe('hostile payloads on every ingest path (short run; `npm run bench -- fuzz` sends 10,000)', () => {
  const dataDir = tempDir();
  const env = { GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: writeFixtureCity(), GRIDCOMMAND_ALERT_MS: '0', GRIDCOMMAND_ESCALATE_MS: '3600000' };
  const children: ChildGateway[] = [];
  afterAll(() => children.forEach((c) => c.proc.kill('SIGKILL')));

  it('keeps answering, never answers 5xx or accepts, and stores nothing from them', async () => {
    const first = await startChildGateway(env);
    children.push(first);
    first.proc.kill('SIGTERM');
    await first.exited;
    const before = await counts(path.join(dataDir, 'gridcommand.duckdb'));

    const gw = await startChildGateway(env);
    children.push(gw);
    const seq0 = ((await (await fetch(`${gw.url}/api/health`)).json()) as { seq: number }).seq;
    const token = await login(gw.url, 'leader-4403');
    const r = await fuzzGateway(gw.url, 'demo-source-4403', token, 300);
    expect(r.tried).toBe(300);
    for (const p of ['http', 'ingest-socket', 'open311', 'screen']) expect(r.byPath[p], p).toBeGreaterThan(10);
    expect(r.samples).toEqual([]);
    expect(r.serverErrors).toBe(0);
    expect(r.unanswered).toBe(0);
    const seq1 = ((await (await fetch(`${gw.url}/api/health`)).json()) as { seq: number }).seq;
    expect(seq1).toBe(seq0);
    gw.proc.kill('SIGTERM');
    expect(await gw.exited).not.toBe('SIGKILL');
    expect(await counts(path.join(dataDir, 'gridcommand.duckdb'))).toEqual(before);
  }, 300_000);
});
