import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anEvent, postJson, startTestGateway, tempDir, type Gateway } from '../support/gateway-harness.js';

const IN_GUIYUAN = [114.11, 22.55] as const;
const KEY_4403 = 'demo-source-4403';
const KEY_440303 = 'demo-source-440303';

/** Posts events and returns the acknowledgement. */
async function send(gw: Gateway, events: ReturnType<typeof anEvent>[], key = KEY_4403): Promise<{ accepted: number; duplicates: number }> {
  const r = await postJson(`${gw.url}/api/ingest/events`, { events }, key);
  expect(r.status).toBe(200);
  return r.body as unknown as { accepted: number; duplicates: number };
}

describe('idempotency with a bounded window (docs/history.md)', () => {
  const dataDir = tempDir();
  // A window of 5 keys: nearly every repeat below is older than what memory holds exactly.
  const over = { dataDir, idempotencyWindow: 5 };
  let gw: Gateway | null = null;
  afterAll(async () => {
    await gw?.close();
  });

  const batches = Array.from({ length: 6 }, () => Array.from({ length: 40 }, () => anEvent(...IN_GUIYUAN)));
  const all = batches.flat();

  it('refuses repeats beyond the in-memory window, within a batch and across batches', async () => {
    gw = await startTestGateway(over);
    for (const b of batches) expect(await send(gw, b)).toEqual(expect.objectContaining({ accepted: 40, duplicates: 0 }));
    // The oldest batch again (long gone from the window), mixed with new ones and a repeat inside the batch.
    const fresh = [anEvent(...IN_GUIYUAN), anEvent(...IN_GUIYUAN)];
    const mixed = [...batches[0]!, ...fresh, fresh[0]!];
    expect(await send(gw, mixed)).toEqual(expect.objectContaining({ accepted: 2, duplicates: 41 }));
    all.push(...fresh);
    // The same ids from another source are that source's own: not duplicates.
    expect(await send(gw, batches[1]!.slice(0, 3), KEY_440303)).toEqual(expect.objectContaining({ accepted: 3, duplicates: 0 }));
    const n = await gw.db.query<{ n: bigint }>('SELECT count(*) AS n FROM events');
    expect(Number(n[0]!.n)).toBe(all.length + 3);
  });

  it('refuses them after a restart (the key filter saved at close)', async () => {
    await gw!.close();
    expect(fs.existsSync(path.join(dataDir, 'gridcommand.duckdb.events.keys'))).toBe(true);
    gw = await startTestGateway(over);
    expect(await send(gw, all)).toEqual(expect.objectContaining({ accepted: 0, duplicates: all.length }));
    expect(await send(gw, [anEvent(...IN_GUIYUAN)])).toEqual(expect.objectContaining({ accepted: 1, duplicates: 0 }));
  });

  it('refuses them after a restart whose filter was lost (rebuilt from the table) or is stale', async () => {
    await gw!.close();
    const filter = path.join(dataDir, 'gridcommand.duckdb.events.keys');
    const stale = fs.readFileSync(filter);
    fs.rmSync(filter);
    gw = await startTestGateway(over);
    expect(await send(gw, all)).toEqual(expect.objectContaining({ accepted: 0, duplicates: all.length }));
    const later = [anEvent(...IN_GUIYUAN), anEvent(...IN_GUIYUAN)];
    expect(await send(gw, later)).toEqual(expect.objectContaining({ accepted: 2 }));
    await gw.close();
    // An older filter (as after a crash before the last save): the keys after its watermark are read back.
    fs.writeFileSync(filter, stale);
    gw = await startTestGateway(over);
    expect(await send(gw, [...all, ...later])).toEqual(expect.objectContaining({ accepted: 0, duplicates: all.length + 2 }));
  });
});
