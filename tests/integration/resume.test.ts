import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import { anEvent, login, postJson, refusalCode, screenClient, startTestGateway, waitFor, type Gateway } from '../support/gateway-harness.js';

const IN_LUOHU = [114.11, 22.55] as const;
const IN_FUTIAN = [114.02, 22.52] as const;

async function allChangesAfter(gw: Gateway, token: string, since: number, area?: string): Promise<EventView[]> {
  const q = new URLSearchParams({ since: String(since), limit: '5000', ...(area ? { area } : {}) });
  const res = await fetch(`${gw.url}/api/events?${q}`, { headers: { authorization: `Bearer ${token}` } });
  const { events } = (await res.json()) as { events: EventView[] };
  return events.sort((a, b) => a.seq - b.seq);
}

describe('a screen resuming with since', () => {
  let gw: Gateway;
  let cityToken: string;
  let luohuToken: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    cityToken = await login(gw.url, 'leader-4403');
    luohuToken = await login(gw.url, 'leader-440303');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('receives exactly the missed changes in order, then live ones, with no gap or duplicate under a concurrent stream', async () => {
    const post = (n: number) =>
      postJson(`${gw.url}/api/ingest/events`, { events: Array.from({ length: n }, (_, i) => { const [lon, lat] = i % 3 === 0 ? IN_FUTIAN : IN_LUOHU; return anEvent(lon, lat); }) }, 'demo-source-4403');

    const first = screenClient(gw.url, { token: luohuToken, since: 0 });
    await first.ready;
    await post(9);
    await waitFor(() => first.received.length === 6, 5000, 'first screen');
    const lastSeen = first.received.at(-1)!.seq;
    first.close();

    await post(12); // missed while away
    // Keep a source streaming while the screen reconnects, so replay and live overlap in time.
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        await post(3);
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    const second = screenClient(gw.url, { token: luohuToken, since: lastSeen });
    await second.ready;
    await waitFor(() => second.replayed, 5000, 'replay');
    await new Promise((r) => setTimeout(r, 300));
    streaming = false;
    await stream;
    await post(3);

    const expected = await allChangesAfter(gw, luohuToken, lastSeen);
    await waitFor(() => second.received.length >= expected.length, 5000, 'all changes');
    await new Promise((r) => setTimeout(r, 100));
    const got = second.received.map((e) => e.seq);
    expect(got).toEqual(expected.map((e) => e.seq));
    expect(new Set(got).size).toBe(got.length);
    expect(got.every((s) => s > lastSeen)).toBe(true);
    expect(second.received.every((e) => e.districtCode === '440303')).toBe(true);
    expect(expected.length).toBeGreaterThan(8 + 2); // the 8 missed Luohu events and some of the stream
    second.close();
  });

  it('asks a screen whose since is ahead of the gateway to reload (resync)', async () => {
    const s = screenClient(gw.url, { token: cityToken, since: 10_000_000 });
    await s.ready;
    expect(s.hello).toMatchObject({ resync: true, scope: '4403' });
    s.close();
  });

  it('refuses a screen that asks for a scope wider than its user or a bad token', async () => {
    const wide = screenClient(gw.url, { token: luohuToken, scope: '4403' });
    expect(await refusalCode(wide.ready)).toBe('OUT_OF_SCOPE');
    wide.close();
    const other = screenClient(gw.url, { token: luohuToken, scope: '440304' });
    expect(await refusalCode(other.ready)).toBe('OUT_OF_SCOPE');
    other.close();
    const forged = screenClient(gw.url, { token: `${cityToken.slice(0, -4)}AAAA` });
    expect(await refusalCode(forged.ready)).toBe('UNAUTHORIZED');
    forged.close();
  });

  it('replays the positions and camera changes it missed, in seq order with the events, each worker and camera in its latest state', async () => {
    const first = screenClient(gw.url, { token: luohuToken });
    await first.ready;
    const since = first.hello!.seq;
    first.close();
    // a screen that stays: the resuming one connects once the hub has pushed everything, so its
    // replay (up to the hello's seq) covers all the changes and nothing arrives live after it
    const watcher = screenClient(gw.url, { token: luohuToken });
    await watcher.ready;

    const at = (s: number) => `2026-12-01T09:00:${String(s).padStart(2, '0')}+08:00`;
    const pos = (workerId: string, s: number, lon: number, lat: number) => ({ workerId, ts: at(s), lon, lat });
    const cam = (id: string, status: 'online' | 'offline') => ({ id, name: `摄像头 ${id}`, lon: IN_LUOHU[0], lat: IN_LUOHU[1], hlsUrl: `/video/${id}.m3u8`, status });
    const send = async (kind: string, body: unknown) => expect((await postJson(`${gw.url}/api/ingest/${kind}`, body, 'demo-source-4403')).status).toBe(200);
    await send('positions', { positions: [pos('w-a', 1, 114.11, 22.55), pos('w-b', 1, 114.111, 22.551), pos('w-f', 1, ...IN_FUTIAN)] });
    await send('cameras', { cameras: [cam('c-1', 'online')] });
    await send('events', { events: [anEvent(...IN_LUOHU)] });
    await send('positions', { positions: [pos('w-a', 5, 114.112, 22.552)] });
    await send('cameras', { cameras: [cam('c-1', 'offline'), cam('c-2', 'online')] });
    await waitFor(() => watcher.changes.some((c) => c.message === 'cameras' && c.view.id === 'c-2'), 5000, 'the hub to push the last change');
    watcher.close();

    const back = screenClient(gw.url, { token: luohuToken, since });
    await back.ready;
    await waitFor(() => back.replayed, 5000, 'replay');
    const got = back.changes.map((c) => ({ message: c.message, key: (c.view.workerId ?? c.view.id) as string, seq: c.view.seq }));
    // nothing of Futian; w-a and c-1 once each, in their latest state; all in seq order
    expect(got.map((g) => `${g.message}:${g.key}`)).toEqual(['positions:w-b', 'events:' + got[1]!.key, 'positions:w-a', 'cameras:c-1', 'cameras:c-2']);
    expect(got.map((g) => g.seq)).toEqual(got.map((g) => g.seq).sort((a, b) => a - b));
    const wa = back.changes.find((c) => c.view.workerId === 'w-a')!.view;
    expect([wa.lon, wa.lat]).toEqual([114.112, 22.552]);
    expect(back.changes.find((c) => c.view.id === 'c-1')!.view.status).toBe('offline');
    back.close();
  });
});
