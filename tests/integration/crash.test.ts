import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { writeFixtureCity } from '../support/fixture-city.js';
import { anEvent, postJson, tempDir } from '../support/gateway-harness.js';

describe('a gateway killed with SIGKILL mid-stream', () => {
  const dataDir = tempDir();
  const env = { GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: writeFixtureCity() };
  const children: ChildGateway[] = [];
  afterAll(() => children.forEach((c) => c.proc.kill('SIGKILL')));

  it('loses no acknowledged event on restart', async () => {
    const first = await startChildGateway(env);
    children.push(first);
    const acked: string[] = [];
    const ackedBatches: ReturnType<typeof anEvent>[][] = [];
    let killed = false;
    // Four sources stream batches of 250 until the gateway dies under them.
    const sender = async () => {
      while (!killed) {
        const events = Array.from({ length: 250 }, (_, i) => anEvent(114.0 + (i % 100) * 0.0015, 22.535 + (i % 5) * 0.008));
        try {
          const r = await postJson(`${first.url}/api/ingest/events`, { events }, 'demo-source-4403');
          if (r.status === 200) {
            acked.push(...events.map((e) => e.id));
            ackedBatches.push(events);
          }
        } catch {
          return; // connection reset by the kill: this batch was never acknowledged
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    const t0 = Date.now();
    while (acked.length < 10_000 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    first.proc.kill('SIGKILL');
    killed = true;
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(senders);
    expect(acked.length).toBeGreaterThanOrEqual(2_000);

    // Restart on the same file: every acknowledged batch is there, so resending it is all duplicates.
    const second = await startChildGateway(env);
    children.push(second);
    const again = await postJson(`${second.url}/api/ingest/events`, { events: ackedBatches.at(-1)! }, 'demo-source-4403');
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 250 });
    const health = (await (await fetch(`${second.url}/api/health`)).json()) as { seq: number };
    expect(health.seq).toBeGreaterThanOrEqual(acked.length);
    second.proc.kill('SIGTERM');
    await second.exited;

    const inst = await DuckDBInstance.create(path.join(dataDir, 'gridcommand.duckdb'));
    const conn = await inst.connect();
    const stored = new Set((await conn.runAndReadAll('SELECT source_id FROM events')).getRowsJS().map((r) => r[0] as string));
    const seqs = (await conn.runAndReadAll('SELECT count(*), count(DISTINCT seq) FROM events')).getRowsJS()[0]!;
    conn.closeSync();
    inst.closeSync();
    const lost = acked.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(seqs[0]).toBe(seqs[1]); // no seq given twice across the restart
  });
});
