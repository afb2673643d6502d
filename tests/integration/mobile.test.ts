import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import type { ReportResponse, TasksResponse } from '../../gateway/protocol/mobile.js';
import type { CaseDetail, LoginResponse } from '../../gateway/protocol/rest.js';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';
import { pngImage, uploadMedia } from '../support/images.js';

// The fixture city: grid …0101 is the south half of 桂园街道 (w-near's), …0102 the north half (w-far's).
const IN_GRID_01 = [114.11, 22.55] as const;
const IN_GRID_02 = [114.11, 22.58] as const;
const IN_HUANGBEI = [114.15, 22.55] as const; // another street
const LUOHU_KEY = 'demo-source-440303';
const ME = 'worker-44030300100101'; // w-near
const COLLEAGUE = 'worker-44030300100102'; // w-far

describe('grid workers on their phones', () => {
  let gw: Gateway;
  let duty: string;
  let worker: string;
  let colleague: string;

  beforeAll(async () => {
    gw = await startTestGateway({ logLevel: 'error' });
    duty = await login(gw.url, 'duty-440303');
    worker = await login(gw.url, ME);
    colleague = await login(gw.url, COLLEAGUE);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const get = async (url: string, token: string) => {
    const res = await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const act = (id: string, token: string, action: string, extra: Record<string, unknown> = {}) => postJson(`${gw.url}/api/events/${id}/transitions`, { action, ...extra }, token);

  /** A case reported by a source and moved by the duty officer to `assignee`. */
  async function dispatched(at: readonly [number, number], assignee: string): Promise<EventView> {
    const e = anEvent(...at, { occurredAt: new Date().toISOString() });
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [e] }, LUOHU_KEY)).status).toBe(200);
    const { events } = (await get('/api/events?limit=20', duty)).body as { events: EventView[] };
    const v = events.find((x) => x.sourceId === e.id)!;
    for (const [action, extra] of [['accept', {}], ['file', {}], ['dispatch', { assignee }]] as const) {
      expect((await act(v.id, duty, action, extra)).status).toBe(200);
    }
    return v;
  }

  it('logs a worker in scoped to their grid and linked to the registry', async () => {
    const r = await postJson(`${gw.url}/api/auth/login`, { username: ME, password: 'gridcommand-demo' });
    expect(r.status).toBe(200);
    expect((r.body as unknown as LoginResponse).user).toEqual({ username: ME, role: 'worker', scope: '44030300100101', workerId: 'w-near' });
    // one account per grid: the grid's first worker of the registry
    expect((await postJson(`${gw.url}/api/auth/login`, { username: 'worker-44030300100199', password: 'gridcommand-demo' })).status).toBe(401);
    expect((await get('/api/auth/me', worker)).body).toEqual({ user: { username: ME, role: 'worker', scope: '44030300100101', workerId: 'w-near' } });
  });

  it('keeps a worker to the phone routes, and staff out of them', async () => {
    expect((await get('/api/events', worker)).status).toBe(403);
    expect((await get('/api/stats/summary', worker)).status).toBe(403);
    expect((await get('/api/me/tasks', duty)).body).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists my tasks, lets me start and feed back with a photo; the duty officer sees the state and the photo', async () => {
    const mine = await dispatched(IN_GRID_01, 'w-near');
    const tasks = (await get('/api/me/tasks', worker)).body as unknown as TasksResponse;
    expect(tasks.tasks.map((t) => t.id)).toContain(mine.id);
    expect(tasks.grid.map((t) => t.id)).not.toContain(mine.id);

    const d = (await get(`/api/events/${mine.id}`, worker)).body as unknown as CaseDetail;
    expect(d).toMatchObject({ status: 'DISPATCHED', assignee: 'w-near', actions: ['start', 'return'] });
    const started = await act(mine.id, worker, 'start');
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('PROCESSING');

    const photo = await uploadMedia(gw.url, worker, pngImage(64, 48));
    expect(photo.status, JSON.stringify(photo.body)).toBe(200);
    const url = photo.body.url as string;
    expect(url).toMatch(/^\/api\/media\/[0-9a-f]{64}\.png$/);
    // stored under the data dir by its content hash
    expect(fs.existsSync(path.join(path.dirname(gw.dbFile), 'media', url.slice('/api/media/'.length)))).toBe(true);
    const fed = await act(mine.id, worker, 'feedback', { note: '已清理', attachments: [url] });
    expect(fed.status, JSON.stringify(fed.body)).toBe(200);

    const seen = (await get(`/api/events/${mine.id}`, duty)).body as unknown as CaseDetail;
    expect(seen.status).toBe('HANDLED');
    expect(seen.timeline.at(-1)).toMatchObject({ action: 'feedback', actor: { kind: 'worker', id: 'w-near' }, attachments: [url], note: '已清理' });
    const img = await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${duty}` } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(pngImage(64, 48))).toBe(true);
    // another grid's worker sees neither the case nor its photo; 福田's duty officer neither
    expect((await get(`/api/events/${mine.id}`, colleague)).status).toBe(404);
    expect((await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${colleague}` } })).status).toBe(404);
    const futian = await login(gw.url, 'duty-440304');
    expect((await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${futian}` } })).status).toBe(404);
  });

  it('answers 404 for a case of another grid not dispatched to me, 403 for a colleague\'s case I can see', async () => {
    const theirs = await dispatched(IN_GRID_02, 'w-far');
    expect((await get(`/api/events/${theirs.id}`, worker)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await act(theirs.id, worker, 'start')).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    const sameGrid = await dispatched(IN_GRID_01, 'w-off');
    const d = (await get(`/api/events/${sameGrid.id}`, worker)).body as unknown as CaseDetail;
    expect(d.actions).toEqual([]);
    const r = await act(sameGrid.id, worker, 'start');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED', message: 'the case is not dispatched to worker w-near' });
    // the duty officer's own actions stay theirs
    expect((await act(sameGrid.id, worker, 'check')).body).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect((await get(`/api/events/${sameGrid.id}`, duty)).body).toMatchObject({ status: 'DISPATCHED' });

    // dispatched to me outside my grid: mine to see and handle
    const away = await dispatched(IN_GRID_02, 'w-near');
    expect((await get('/api/me/tasks', worker)).body.tasks).toEqual(expect.arrayContaining([expect.objectContaining({ id: away.id })]));
    expect((await act(away.id, worker, 'return', { note: '非本网格职责' })).body).toMatchObject({ status: 'FILED' });
  });

  it('takes a report once by the phone\'s id, with the worker as reporter and its photos visible with the case', async () => {
    const photo = await uploadMedia(gw.url, worker, pngImage(32, 32, { seed: 7, noise: true }));
    const url = photo.body.url as string;
    const body = { id: `phone-${Date.now()}`, occurredAt: new Date().toISOString(), lon: IN_GRID_01[0], lat: IN_GRID_01[1], category: '0102', urgency: 'urgent', title: '暴露垃圾', description: '路边一堆垃圾', media: [url] };
    const first = await postJson(`${gw.url}/api/reports`, body, worker);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await postJson(`${gw.url}/api/reports`, body, worker);
    expect(again.status).toBe(200);
    const a = first.body as unknown as ReportResponse;
    const b = again.body as unknown as ReportResponse;
    expect(a.duplicate).toBe(false);
    expect(b).toMatchObject({ duplicate: true, event: { id: a.event.id } });
    expect(a.event).toMatchObject({ status: 'REPORTED', urgency: 'urgent', gridCode: '44030300100101', source: ME, sourceId: body.id });
    const { events } = (await get('/api/events?limit=100', duty)).body as { events: EventView[] };
    expect(events.filter((e) => e.sourceId === body.id)).toHaveLength(1);
    const d = (await get(`/api/events/${a.event.id}`, duty)).body as unknown as CaseDetail;
    expect(d).toMatchObject({ description: '路边一堆垃圾', media: [url] });
    expect((await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${duty}` } })).status).toBe(200);

    // refused with the path of what was wrong; nothing stored
    const bad = await postJson(`${gw.url}/api/reports`, { ...body, id: 'phone-bad', lat: 99 }, worker);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'lat' }] });
    const notUploaded = await postJson(`${gw.url}/api/reports`, { ...body, id: 'phone-missing', media: [`/api/media/${'0'.repeat(64)}.jpg`] }, worker);
    expect(notUploaded.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'media.0' }] });
    const withReporter = await postJson(`${gw.url}/api/reports`, { ...body, id: 'phone-rep', reporter: { kind: 'citizen', id: 'x' } }, worker);
    expect(withReporter.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const elsewhere = await postJson(`${gw.url}/api/reports`, { ...body, id: 'phone-far', lon: IN_HUANGBEI[0], lat: IN_HUANGBEI[1] }, worker);
    expect(elsewhere.body).toMatchObject({ statusCode: 403, code: 'OUT_OF_SCOPE' });
    expect((await postJson(`${gw.url}/api/reports`, body, duty)).status).toBe(403);
  });

  it('takes positions while on duty into the positions feed, as the session\'s worker', async () => {
    const ts = new Date().toISOString();
    const r = await postJson(`${gw.url}/api/me/positions`, { positions: [{ ts, lon: 114.112, lat: 22.551 }] }, worker);
    expect(r.body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await postJson(`${gw.url}/api/me/positions`, { positions: [{ ts, lon: 114.112, lat: 22.551 }] }, worker)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    const { positions } = (await get('/api/positions?worker=w-near', duty)).body as { positions: { workerId: string; lon: number; source: string }[] };
    expect(positions).toEqual([expect.objectContaining({ workerId: 'w-near', lon: 114.112 })]);
    expect((await postJson(`${gw.url}/api/me/positions`, { positions: [{ ts, lon: 114.112, lat: 22.551, workerId: 'w-far' }] }, worker)).body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'positions.0' }] });
  });

  it('takes the on-duty switch into the dispatch candidates', async () => {
    await postJson(`${gw.url}/api/me/positions`, { positions: [{ ts: new Date(Date.now() + 1000).toISOString(), lon: 114.111, lat: 22.551 }] }, worker);
    const e = anEvent(...IN_GRID_01, { occurredAt: new Date().toISOString() });
    await postJson(`${gw.url}/api/ingest/events`, { events: [e] }, LUOHU_KEY);
    const { events } = (await get('/api/events?limit=20', duty)).body as { events: EventView[] };
    const id = events.find((x) => x.sourceId === e.id)!.id;
    const candidates = async () => ((await get(`/api/events/${id}/candidates`, duty)).body as { workers: { id: string }[] }).workers.map((w) => w.id);
    const duty_ = (onDuty: boolean) => fetch(`${gw.url}/api/me/duty`, { method: 'PUT', headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' }, body: JSON.stringify({ onDuty }) });
    expect(await candidates()).toContain('w-near');
    expect(await (await duty_(false)).json()).toEqual({ onDuty: false });
    expect(await candidates()).not.toContain('w-near');
    await duty_(true);
    expect(await candidates()).toContain('w-near');
  });
});

describe('POST /api/media refusals', () => {
  let gw: Gateway;
  let worker: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    worker = await login(gw.url, ME);
  });
  afterAll(async () => {
    await gw?.close();
  });
  const mediaFiles = () => fs.readdirSync(path.join(path.dirname(gw.dbFile), 'media'));

  it('refuses what is not an image, whatever it is called', async () => {
    const r = await uploadMedia(gw.url, worker, Buffer.from('<script>alert(1)</script>'), 'photo.jpg', 'image/jpeg');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file' }] });
    expect(r.body.message).toContain('not an image');
  });

  it('refuses an image over the limit', async () => {
    const big = Buffer.concat([pngImage(8, 8), Buffer.alloc(5 * 1024 * 1024 + 1)]);
    const r = await uploadMedia(gw.url, worker, big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ code: 'BATCH_TOO_LARGE' });
    expect(r.body.message).toContain('5242880 bytes');
  });

  it('refuses a declared type that is not the content\'s, and a body that is not multipart', async () => {
    const r = await uploadMedia(gw.url, worker, pngImage(8, 8), 'photo.jpg', 'image/jpeg');
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: [{ path: 'file.contentType', message: 'declared image/jpeg, content is image/png' }] });
    const asText = await uploadMedia(gw.url, worker, pngImage(8, 8), 'photo.png', 'text/plain');
    expect(asText.status).toBe(415);
    const raw = await fetch(`${gw.url}/api/media`, { method: 'POST', headers: { authorization: `Bearer ${worker}`, 'content-type': 'image/png' }, body: new Uint8Array(pngImage(8, 8)) });
    expect(raw.status).toBe(415);
    expect(await raw.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: [{ path: 'content-type' }] });
  });

  it('refuses a path in the file name', async () => {
    for (const name of ['../../etc/passwd.png', 'a/b.png', '..\\x.png']) {
      const r = await uploadMedia(gw.url, worker, pngImage(8, 8), name);
      expect(r.status, name).toBe(400);
      expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'file.filename' }] });
    }
    expect(mediaFiles()).toEqual([]);
    // the same image twice is one file
    const ok = await uploadMedia(gw.url, worker, pngImage(8, 8));
    const twice = await uploadMedia(gw.url, worker, pngImage(8, 8));
    expect(twice.body.url).toBe(ok.body.url);
    expect(mediaFiles()).toHaveLength(1);
    // its uploader sees it; once its file is gone it is a 404, not a fault
    const url = `${gw.url}${ok.body.url as string}`;
    expect((await fetch(url, { headers: { authorization: `Bearer ${worker}` } })).status).toBe(200);
    fs.rmSync(path.join(path.dirname(gw.dbFile), 'media', mediaFiles()[0]!));
    const gone = await fetch(url, { headers: { authorization: `Bearer ${worker}` } });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await fetch(`${gw.url}/api/media`, { method: 'POST' })).status).toBe(401);
  });

  it('refuses a phone that uploads faster than a person takes photos', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await uploadMedia(gw.url, worker, pngImage(4, 4, { seed: i, noise: true }))).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});
