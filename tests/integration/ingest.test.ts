import { DuckDBInstance } from '@duckdb/node-api';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketErrorBody } from '../../gateway/protocol/errors.js';
import type { IngestResponse } from '../../gateway/protocol/socket.js';
import { anEvent, login, postJson, screenClient, startTestGateway, waitFor, type Gateway } from '../support/gateway-harness.js';

// Points inside the fixture city (see tests/support/fixture-city.ts).
const IN_GUIYUAN = [114.11, 22.55] as const; // 罗湖 桂园 440303001, south grid 44030300100101
const IN_HUANGBEI = [114.15, 22.59] as const; // 罗湖 黄贝 440303002, north grid
const IN_NANYUAN = [114.02, 22.52] as const; // 福田 南园 440304001

describe('ingest → DuckDB → scoped screens', () => {
  let gw: Gateway;
  const screens: ReturnType<typeof screenClient>[] = [];
  let city: ReturnType<typeof screenClient>;
  let luohu: ReturnType<typeof screenClient>;
  let futian: ReturnType<typeof screenClient>;
  let guiyuan: ReturnType<typeof screenClient>;
  let huangbeiNarrowed: ReturnType<typeof screenClient>;

  beforeAll(async () => {
    gw = await startTestGateway();
    city = screenClient(gw.url, { token: await login(gw.url, 'leader-4403') });
    luohu = screenClient(gw.url, { token: await login(gw.url, 'leader-440303') });
    futian = screenClient(gw.url, { token: await login(gw.url, 'duty-440304') });
    guiyuan = screenClient(gw.url, { token: await login(gw.url, 'leader-440303001') });
    // a district user narrowing its screen to one street
    huangbeiNarrowed = screenClient(gw.url, { token: await login(gw.url, 'leader-440303'), scope: '440303002' });
    screens.push(city, luohu, futian, guiyuan, huangbeiNarrowed);
    await Promise.all(screens.map((s) => s.ready));
  });

  afterAll(async () => {
    screens.forEach((s) => s.close());
    await gw?.close();
  });

  it('acknowledges a committed batch and pushes each event to the screens of its scope and no other', async () => {
    const events = [anEvent(...IN_GUIYUAN), anEvent(...IN_HUANGBEI), anEvent(...IN_NANYUAN)];
    const r = await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(r.body.lastSeq).toBeGreaterThanOrEqual(3);

    await waitFor(() => city.received.length >= 3 && luohu.received.length >= 2 && futian.received.length >= 1, 5000, 'screens');
    await new Promise((r) => setTimeout(r, 200)); // let any stray push arrive
    const ids = (s: ReturnType<typeof screenClient>) => s.received.map((e) => e.sourceId);
    expect(ids(city)).toEqual(events.map((e) => e.id));
    expect(ids(luohu)).toEqual([events[0]!.id, events[1]!.id]);
    expect(ids(futian)).toEqual([events[2]!.id]);
    expect(ids(guiyuan)).toEqual([events[0]!.id]);
    expect(ids(huangbeiNarrowed)).toEqual([events[1]!.id]);

    const placed = city.received[0]!;
    expect(placed).toMatchObject({ districtCode: '440303', streetCode: '440303001', gridCode: '44030300100101', status: 'REPORTED', source: 'demo-4403' });
    expect(city.received.map((e) => e.seq)).toEqual([...city.received.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('counts a repeated (source, id) as a duplicate and changes nothing', async () => {
    const e = anEvent(...IN_GUIYUAN);
    const first = await postJson(`${gw.url}/api/ingest/events`, { events: [e] }, 'demo-source-440303');
    const again = await postJson(`${gw.url}/api/ingest/events`, { events: [e, { ...e, title: 'changed' }] }, 'demo-source-440303');
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
    // the same id from another source is another event
    const other = await postJson(`${gw.url}/api/ingest/events`, { events: [e] }, 'demo-source-4403');
    expect(other.body).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it('refuses a malformed batch whole with 400 naming the field, storing nothing', async () => {
    const before = (await (await fetch(`${gw.url}/api/health`)).json()) as { seq: number };
    const good = anEvent(...IN_GUIYUAN);
    const bad = { ...anEvent(...IN_GUIYUAN), lon: 'east' };
    const r = await postJson(`${gw.url}/api/ingest/events`, { events: [good, bad] }, 'demo-source-4403');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'events.1.lon' })]));

    const unknownField = await postJson(`${gw.url}/api/ingest/events`, { events: [{ ...good, id: 'x-1', colour: 'red' }] }, 'demo-source-4403');
    expect(unknownField.status).toBe(400);
    const badTime = await postJson(`${gw.url}/api/ingest/events`, { events: [{ ...good, id: 'x-2', occurredAt: 'yesterday' }] }, 'demo-source-4403');
    expect((badTime.body.details as { path: string }[])[0]!.path).toBe('events.0.occurredAt');
    const outside = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(113.5, 22.2)] }, 'demo-source-4403');
    expect(outside.status).toBe(400);
    expect(outside.body.details).toEqual([expect.objectContaining({ path: 'events.0' })]);
    const unknownClass = await postJson(`${gw.url}/api/ingest/events`, { events: [good, { ...good, id: 'x-3', category: '0999' }] }, 'demo-source-4403');
    expect(unknownClass.status).toBe(400);
    expect(unknownClass.body.details).toEqual([{ path: 'events.1.category', message: 'unknown event class 0999' }]);
    const notJson = await postJson(`${gw.url}/api/ingest/events`, '{"events": [', 'demo-source-4403');
    expect(notJson.status).toBe(400);
    const empty = await postJson(`${gw.url}/api/ingest/events`, { events: [] }, 'demo-source-4403');
    expect(empty.status).toBe(400);

    // the good event of the refused batch was not stored: sending it now is new, not a duplicate
    const resend = await postJson(`${gw.url}/api/ingest/events`, { events: [good] }, 'demo-source-4403');
    expect(resend.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(resend.body.lastSeq).toBe(before.seq + 1);
  });

  it('answers 401 for a bad or missing key, 403 outside the source scope, 413 for more than 5,000', async () => {
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_GUIYUAN)] }, 'not-a-key')).status).toBe(401);
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_GUIYUAN)] })).status).toBe(401);
    const outOfScope = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_GUIYUAN), anEvent(...IN_NANYUAN)] }, 'demo-source-440303');
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.details).toEqual([expect.objectContaining({ path: 'events.1' })]);
    const tooMany = Array.from({ length: 5001 }, () => anEvent(...IN_GUIYUAN));
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: tooMany }, 'demo-source-4403')).status).toBe(413);
  });

  it('keeps a grid the source names, and refuses an unknown one', async () => {
    const named = anEvent(...IN_GUIYUAN, { gridCode: '44030300100102' });
    const r = await postJson(`${gw.url}/api/ingest/events`, { events: [named] }, 'demo-source-440303');
    expect(r.status).toBe(200);
    await waitFor(() => city.received.some((e) => e.sourceId === named.id));
    expect(city.received.find((e) => e.sourceId === named.id)!.gridCode).toBe('44030300100102');
    const unknown = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_GUIYUAN, { gridCode: '44030300100199' })] }, 'demo-source-440303');
    expect(unknown.status).toBe(400);
    expect((unknown.body.details as { path: string }[])[0]!.path).toBe('events.0.gridCode');
  });

  it('takes the same batches over Socket.IO /ingest with an acknowledgement', async () => {
    const source = io(`${gw.url}/ingest`, { auth: { key: 'demo-source-440304' }, transports: ['websocket'], forceNew: true });
    const e = anEvent(...IN_NANYUAN);
    const send = (body: unknown) => new Promise<IngestResponse>((resolve) => source.emit('events', body as never, resolve));
    const ok = await send({ events: [e] });
    expect(ok).toMatchObject({ status: 200, accepted: 1, duplicates: 0 });
    const dup = await send({ events: [e] });
    expect(dup).toMatchObject({ status: 200, accepted: 0, duplicates: 1 });
    const bad = await send({ events: [{ ...e, category: 'garbage' }] });
    expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    source.close();

    const rejected = io(`${gw.url}/ingest`, { auth: { key: 'wrong' }, transports: ['websocket'], forceNew: true, reconnection: false });
    const err = await new Promise<Error>((resolve) => rejected.once('connect_error', resolve));
    expect(socketErrorBody(err)?.code).toBe('BAD_SOURCE_KEY');
    rejected.close();
  });

  it('takes positions, cameras and stats on the same writer', async () => {
    const key = 'demo-source-4403';
    const pos = await postJson(`${gw.url}/api/ingest/positions`, { positions: [{ workerId: 'w-9', ts: '2026-11-28T09:30:00+08:00', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1] }] }, key);
    expect(pos.body).toMatchObject({ accepted: 1 });
    const posAgain = await postJson(`${gw.url}/api/ingest/positions`, { positions: [{ workerId: 'w-9', ts: '2026-11-28T09:30:00+08:00', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1] }] }, key);
    expect(posAgain.body).toMatchObject({ accepted: 0, duplicates: 1 });
    const cam = { id: 'cam-1', name: '桂园路口', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1], hlsUrl: '/video/clips/a/index.m3u8', status: 'online' };
    expect((await postJson(`${gw.url}/api/ingest/cameras`, { cameras: [cam] }, key)).body).toMatchObject({ accepted: 1 });
    expect((await postJson(`${gw.url}/api/ingest/cameras`, { cameras: [cam] }, key)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await postJson(`${gw.url}/api/ingest/cameras`, { cameras: [{ ...cam, status: 'offline' }] }, key)).body).toMatchObject({ accepted: 1 });
    const stat = { key: 'population.resident', areaCode: '44030300100101', ts: '2026-11-28T00:00:00+08:00', value: 5321 };
    expect((await postJson(`${gw.url}/api/ingest/stats`, { stats: [stat] }, key)).body).toMatchObject({ accepted: 1 });
    const badStat = await postJson(`${gw.url}/api/ingest/stats`, { stats: [{ ...stat, areaCode: '440399' }] }, key);
    expect(badStat.status).toBe(400);
    expect((badStat.body.details as { path: string }[])[0]!.path).toBe('stats.0.areaCode');
  });

  it('leaves every acknowledged event in the DuckDB file', async () => {
    const health = (await (await fetch(`${gw.url}/api/health`)).json()) as { seq: number };
    const acked = city.received.map((e) => e.sourceId);
    const file = gw.dbFile;
    await gw.close();
    const inst = await DuckDBInstance.create(file);
    const conn = await inst.connect();
    const rows = (await conn.runAndReadAll('SELECT source_id, seq FROM events ORDER BY seq')).getRowObjectsJS();
    conn.closeSync();
    inst.closeSync();
    expect(rows.map((r) => r.source_id)).toEqual(expect.arrayContaining(acked));
    expect(Number(rows.at(-1)!.seq)).toBeLessThanOrEqual(health.seq);
  });
});
