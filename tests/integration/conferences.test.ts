import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConferenceMessage, ConferenceView, FollowAnswer, SharedState } from '../../gateway/protocol/conferences.js';
import type { Gateway } from '../../gateway/src/server.js';
import { writeFixtureCity } from '../support/fixture-city.js';
import { login, screenClient, startTestGateway } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Client = ReturnType<typeof screenClient>;

describe('conference sessions (视频会商) between centers, over REST and /screen', () => {
  let gw: Gateway;
  const tokens: Record<string, string> = {};
  const clients: Client[] = [];

  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** A screen that records its `conference` messages. */
  const screen = async (who: string) => {
    const c = screenClient(gw.url, { token: tokens[who]! });
    await c.ready;
    clients.push(c);
    const got: ConferenceMessage[] = [];
    c.socket.on('conference', (m) => got.push(m));
    const follow = (id: string) => new Promise<FollowAnswer>((resolve) => c.socket.emit('conference:follow', id, resolve));
    const share = (id: string, state: SharedState) => new Promise<Record<string, unknown>>((resolve) => c.socket.emit('conference:state', { id, state }, resolve as never));
    return { got, follow, share, socket: c.socket };
  };

  beforeAll(async () => {
    // the demo serves each center a conference stream from the dataset's clips
    const city = writeFixtureCity();
    fs.cpSync(path.join(ROOT, 'datasets/shenzhen/video/clips/life'), path.join(city, 'video/clips/life'), { recursive: true });
    gw = await startTestGateway({ datasetDir: city });
    for (const u of ['leader-4403', 'duty-440303', 'leader-440304', 'leader-440303001', 'operator-4403']) tokens[u] = await login(gw.url, u);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await gw?.close();
  });

  it('opens sessions only for centers below the creator, by a role that may', async () => {
    const outside = await call('duty-440303', 'POST', '/api/conferences', { title: 't', invite: ['440304'] });
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ code: 'OUT_OF_SCOPE', details: [{ path: 'invite.0' }] });
    const unknown = await call('leader-4403', 'POST', '/api/conferences', { title: 't', invite: ['440303', '440399'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'invite.1' }] });
    const itself = await call('leader-4403', 'POST', '/api/conferences', { title: 't', invite: ['4403'] });
    expect(itself.status).toBe(403);
    expect((await call('operator-4403', 'POST', '/api/conferences', { title: 't', invite: ['440303'] })).status).toBe(403);
    const empty = await call('leader-4403', 'POST', '/api/conferences', { title: '', invite: [] });
    expect(empty.status).toBe(400);
    expect((empty.body.details as { path: string }[]).map((d) => d.path).sort()).toEqual(['invite', 'title']);
  });

  it('mirrors the presenter’s state to followers, refuses a center not invited, passes the role, and keeps the record after the end', async () => {
    const created = await call('leader-4403', 'POST', '/api/conferences', { title: '防汛会商', invite: ['440303', '440304'] });
    expect(created.status).toBe(200);
    const conf = created.body as unknown as ConferenceView;
    expect(conf).toMatchObject({ hostScope: '4403', createdBy: 'leader-4403', presenter: 'leader-4403', status: 'open' });
    expect(conf.participants.map((p) => p.username)).toEqual(['leader-4403']);
    expect(conf.participants[0]!.streamUrl).toMatch(/^\/video\/live\/clips\/\w+\/index\.m3u8$/);

    // invited centers see and join it; a street center below one that was not itself invited is refused (403) over REST and on the socket
    expect(((await call('duty-440303', 'GET', '/api/conferences')).body.conferences as ConferenceView[]).map((c) => c.id)).toContain(conf.id);
    expect(((await call('leader-440303001', 'GET', '/api/conferences')).body.conferences as ConferenceView[]).map((c) => c.id)).not.toContain(conf.id);
    const refused = await call('leader-440303001', 'POST', `/api/conferences/${conf.id}/join`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await call('leader-440303001', 'GET', `/api/conferences/${conf.id}`)).status).toBe(403);
    expect((await call('duty-440303', 'POST', `/api/conferences/${conf.id}/join`, { streamUrl: 'https://mcu.example.gov.cn/luohu.m3u8' })).status).toBe(200);
    expect((await call('leader-440304', 'POST', `/api/conferences/${conf.id}/join`, {})).status).toBe(200);

    const presenter = await screen('leader-4403');
    const luohu = await screen('duty-440303');
    const futian = await screen('leader-440304');
    const outsider = await screen('leader-440303001');
    expect(await outsider.follow(conf.id)).toMatchObject({ ok: false, statusCode: 403, code: 'FORBIDDEN' });
    const first = await luohu.follow(conf.id);
    expect(first).toMatchObject({ ok: true, state: null, conference: { presenter: 'leader-4403' } });
    expect(await futian.follow(conf.id)).toMatchObject({ ok: true });
    expect(await presenter.follow(conf.id)).toMatchObject({ ok: true });

    // the presenter flies the camera and picks an event: both followers receive exactly that
    const camera = { lon: 114.1205, lat: 22.5481, height: 850.5, heading: 37.25, pitch: -42.5, roll: 0 };
    const selection = { area: '440303001', category: null, eventId: 'ev-42' };
    expect(await presenter.share(conf.id, { camera, selection })).toMatchObject({ ok: true, seq: 1 });
    for (const f of [luohu, futian]) {
      await expect.poll(() => f.got.filter((m) => m.kind === 'state').length).toBe(1);
      expect(f.got.find((m) => m.kind === 'state')).toEqual({ kind: 'state', id: conf.id, seq: 1, by: 'leader-4403', state: { camera, selection } });
    }
    // a part left out stays: marks added later keep the camera; a follower rejoining gets the whole latest state
    const mark = { id: 'm1', kind: 'polygon' as const, coords: [[114.11, 22.54], [114.12, 22.54], [114.12, 22.55]] as [number, number][], label: '积水点' };
    expect(await presenter.share(conf.id, { marks: [mark], page: 2 })).toMatchObject({ ok: true, seq: 2 });
    const again = await luohu.follow(conf.id);
    expect(again).toMatchObject({ ok: true, seq: 2, state: { camera, selection, marks: [mark], page: 2 } });

    // only the presenter shares; bad state names its field
    expect(await luohu.share(conf.id, { page: 1 })).toMatchObject({ ok: false, statusCode: 403 });
    expect(await presenter.share(conf.id, { camera: { ...camera, lat: 123 } })).toMatchObject({ ok: false, statusCode: 400, details: [{ path: 'state.camera.lat' }] });

    // a hand is raised; the presenter role passes to it (the hand goes down) and the new presenter's state reaches the city
    expect((await call('duty-440303', 'POST', `/api/conferences/${conf.id}/hand`, { raised: true })).body).toMatchObject({ participants: expect.arrayContaining([expect.objectContaining({ username: 'duty-440303', hand: true })]) });
    await expect.poll(() => presenter.got.some((m) => m.kind === 'session' && m.conference.participants.some((p) => p.username === 'duty-440303' && p.hand))).toBe(true);
    expect((await call('leader-440304', 'POST', `/api/conferences/${conf.id}/present`, { to: 'leader-440304' })).status).toBe(403);
    const passed = await call('leader-4403', 'POST', `/api/conferences/${conf.id}/present`, { to: 'duty-440303' });
    expect(passed.body).toMatchObject({ presenter: 'duty-440303' });
    expect(await luohu.share(conf.id, { page: 3 })).toMatchObject({ ok: true, seq: 3 });
    await expect.poll(() => presenter.got.filter((m) => m.kind === 'state').at(-1)).toMatchObject({ by: 'duty-440303', state: { page: 3, camera } });
    // the presenter leaves: the role goes back to the host
    expect((await call('duty-440303', 'POST', `/api/conferences/${conf.id}/leave`)).body).toMatchObject({ presenter: 'leader-4403' });
    expect((await call('leader-440304', 'POST', `/api/conferences/${conf.id}/end`)).status).toBe(403);

    const ended = await call('leader-4403', 'POST', `/api/conferences/${conf.id}/end`);
    expect(ended.body).toMatchObject({ status: 'ended', presenter: null, participants: [] });
    await expect.poll(() => futian.got.some((m) => m.kind === 'session' && m.conference.status === 'ended')).toBe(true);
    expect(await futian.follow(conf.id)).toMatchObject({ ok: false, statusCode: 404 });
    expect((await call('leader-440304', 'POST', `/api/conferences/${conf.id}/join`, {})).status).toBe(409);
    expect(((await call('duty-440303', 'GET', '/api/conferences?status=ended')).body.conferences as ConferenceView[]).map((c) => c.id)).toContain(conf.id);
    const record = await call('duty-440303', 'GET', `/api/conferences/${conf.id}`);
    const events = record.body.events as { kind: string; username: string; data: Record<string, unknown> | null }[];
    expect(events.map((e) => `${e.kind}:${e.username}`)).toEqual([
      'created:leader-4403', 'join:leader-4403', 'join:duty-440303', 'join:leader-440304', 'mark:leader-4403',
      'hand:duty-440303', 'presenter:leader-4403', 'leave:duty-440303', 'presenter:duty-440303', 'ended:leader-4403',
    ]);
    // who acted, and to whom the role went: passed by the host to 罗湖, back to the host when 罗湖 left
    expect(events.filter((e) => e.kind === 'presenter').map((e) => e.data)).toEqual([{ presenter: 'duty-440303' }, { presenter: 'leader-4403' }]);
    expect(events.find((e) => e.kind === 'mark')!.data).toEqual({ marks: [mark] });
    expect(events.find((e) => e.kind === 'join' && e.username === 'duty-440303')!.data).toEqual({ streamUrl: 'https://mcu.example.gov.cn/luohu.m3u8' });
  });

  it('keeps sessions and their events across a restart', async () => {
    const created = (await call('leader-4403', 'POST', '/api/conferences', { title: '夜间会商', invite: ['440304'] })).body as unknown as ConferenceView;
    const dataDir = gw.dbFile.replace(/\/gridcommand\.duckdb$/, '');
    const datasetDir = gw.city.dir;
    for (const c of clients.splice(0)) c.close();
    await gw.close();
    gw = await startTestGateway({ dataDir, datasetDir });
    for (const u of Object.keys(tokens)) tokens[u] = await login(gw.url, u);
    const open = (await call('leader-440304', 'GET', '/api/conferences')).body.conferences as ConferenceView[];
    expect(open.find((c) => c.id === created.id)).toMatchObject({ status: 'open', presenter: 'leader-4403', participants: [] });
    expect((await call('leader-440304', 'POST', `/api/conferences/${created.id}/join`, {})).status).toBe(200);
    expect(((await call('leader-4403', 'GET', '/api/conferences?status=ended')).body.conferences as ConferenceView[]).length).toBe(1);
  });
});
