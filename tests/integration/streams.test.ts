// A new kind of source declared in this file alone: its table through a migration, its stream
// through defineStream. Nothing of the writer, the hub or ingest is touched, yet it is ingested
// over HTTP and Socket.IO, deduplicated, stored, pushed to the screens of its scope and replayed
// after `since` in seq order with the other streams.
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { IngestResponse } from '../../gateway/protocol/socket.js';
import { appenderSink, defineStream, type Change } from '../../gateway/src/db/streams/index.js';
import { anEvent, login, postJson, screenClient, startTestGateway, waitFor, type Gateway } from '../support/gateway-harness.js';

const IN_LUOHU = [114.11, 22.55] as const;
const IN_FUTIAN = [114.02, 22.52] as const;

/** A noise meter's reading (a perception-network sensor), as a source would send it. */
const Reading = z.strictObject({ meterId: z.string().min(1), ts: z.iso.datetime({ offset: true }), lon: z.number(), lat: z.number(), db: z.number().min(0).max(200) });
type Reading = z.infer<typeof Reading>;
interface ReadingView extends Change {
  meterId: string;
  ts: string;
  db: number;
  areaCode: string;
}

const readings = defineStream<Reading, { areaCode: string }, ReadingView>({
  name: 'readings',
  tables: ['test_readings'],
  ingest: {
    item: Reading,
    place(r, areas) {
      const p = areas.place(r.lon, r.lat);
      return p ? { areaCode: p.areaCode, place: { areaCode: p.areaCode } } : { issues: [{ path: '', message: 'outside the city' }] };
    },
  },
  idempotency: { rule: 'newer', key: (r) => r.meterId, version: (r) => Date.parse(r.ts) },
  view: (r, place, { seq }) => ({ seq, meterId: r.meterId, ts: r.ts, db: r.db, areaCode: place.areaCode }),
  openSink: (db) =>
    appenderSink<Reading, ReadingView>(db, 'test_readings', (app, { view, source }) => {
      app.appendBigInt(BigInt(view.seq));
      app.appendVarchar(source);
      app.appendVarchar(view.meterId);
      app.appendDouble(view.db);
      app.appendVarchar(view.areaCode);
    }),
  areaOf: (v) => v.areaCode,
  replay: {
    async changes(db, scope, after, upTo, limit) {
      const rows = await db.query<{ seq: bigint; meter_id: string; db: number; area_code: string }>(
        `SELECT seq, meter_id, db, area_code FROM test_readings WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3) ORDER BY seq LIMIT ${limit}`,
        [after, upTo, scope],
      );
      return rows.map((r) => ({ seq: Number(r.seq), meterId: r.meter_id, ts: '', db: r.db, areaCode: r.area_code }));
    },
    async count(db, scope, after, upTo) {
      const [row] = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM test_readings WHERE seq > $1 AND seq <= $2 AND starts_with(area_code, $3)', [after, upTo, scope]);
      return Number(row?.n ?? 0);
    },
  },
});

const migration = {
  version: 1000,
  name: 'test readings',
  sql: 'CREATE TABLE test_readings (seq BIGINT NOT NULL, source VARCHAR NOT NULL, meter_id VARCHAR NOT NULL, db DOUBLE NOT NULL, area_code VARCHAR NOT NULL)',
};

const reading = (meterId: string, second: number, [lon, lat]: readonly [number, number], db = 60): Reading => ({
  meterId,
  ts: `2026-12-01T09:00:${String(second).padStart(2, '0')}+08:00`,
  lon,
  lat,
  db,
});

describe('a stream declared outside the gateway', () => {
  let gw: Gateway;
  let luohu: string;
  beforeAll(async () => {
    gw = await startTestGateway({}, { streams: [readings], migrations: [migration] });
    luohu = await login(gw.url, 'leader-440303');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('is ingested over HTTP with duplicates and bad items refused like any stream, stored, and pushed to the screens of its scope only', async () => {
    const luohuScreen = screenClient(gw.url, { token: luohu }, ['readings']);
    const futianScreen = screenClient(gw.url, { token: await login(gw.url, 'leader-440304') }, ['readings']);
    await Promise.all([luohuScreen.ready, futianScreen.ready]);

    const ok = await postJson(`${gw.url}/api/ingest/readings`, { readings: [reading('m1', 1, IN_LUOHU), reading('m2', 1, IN_FUTIAN)] }, 'demo-source-4403');
    expect(ok).toMatchObject({ status: 200, body: { accepted: 2, duplicates: 0 } });
    // not newer for m1: a duplicate; newer: accepted
    const again = await postJson(`${gw.url}/api/ingest/readings`, { readings: [reading('m1', 1, IN_LUOHU), reading('m1', 2, IN_LUOHU, 71)] }, 'demo-source-4403');
    expect(again).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 1 } });
    const bad = await postJson(`${gw.url}/api/ingest/readings`, { readings: [reading('m3', 3, IN_LUOHU, 500)] }, 'demo-source-4403');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'readings.0.db' }] });
    const outside = await postJson(`${gw.url}/api/ingest/readings`, { readings: [reading('m4', 3, IN_FUTIAN)] }, 'demo-source-440303');
    expect(outside).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });

    await waitFor(() => luohuScreen.changes.filter((c) => c.message === 'readings').length === 2, 5000, 'readings on the Luohu screen');
    await new Promise((r) => setTimeout(r, 200));
    expect(luohuScreen.changes.filter((c) => c.message === 'readings').map((c) => [c.view.meterId, c.view.db])).toEqual([
      ['m1', 60],
      ['m1', 71],
    ]);
    expect(futianScreen.changes.filter((c) => c.message === 'readings').map((c) => c.view.meterId)).toEqual(['m2']);
    const [row] = await gw.db.query<{ n: bigint }>('SELECT count(*) AS n FROM test_readings');
    expect(Number(row!.n)).toBe(3);
    luohuScreen.close();
    futianScreen.close();
  });

  it('is taken over Socket.IO /ingest and replayed after since in seq order, interleaved with events', async () => {
    const first = screenClient(gw.url, { token: luohu }, ['readings']);
    await first.ready;
    const since = first.hello!.seq;
    first.close();

    const source = io(`${gw.url}/ingest`, { auth: { key: 'demo-source-440303' }, transports: ['websocket'], forceNew: true, reconnection: false });
    const send = (kind: string, body: unknown) => new Promise<IngestResponse>((resolve) => source.emit(kind as never, body as never, resolve as never));
    expect(await send('readings', { readings: [reading('m1', 10, IN_LUOHU)] })).toMatchObject({ status: 200, accepted: 1 });
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_LUOHU)] }, 'demo-source-440303')).status).toBe(200);
    expect(await send('readings', { readings: [reading('m5', 11, IN_LUOHU)] })).toMatchObject({ status: 200, accepted: 1 });
    source.close();

    const back = screenClient(gw.url, { token: luohu, since }, ['readings']);
    await back.ready;
    await waitFor(() => back.replayed, 5000, 'replay');
    expect(back.changes.map((c) => c.message)).toEqual(['readings', 'events', 'readings']);
    const seqs = back.changes.map((c) => c.view.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(since);
    back.close();
  });

  it('appears in the OpenAPI document with its own body schema', async () => {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as { paths: Record<string, { post?: { requestBody?: unknown } }> };
    expect(JSON.stringify(doc.paths['/api/ingest/readings']?.post?.requestBody)).toContain('meterId');
  });
});
