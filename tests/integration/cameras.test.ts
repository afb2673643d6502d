import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraView } from '../../gateway/protocol/feeds.js';
import type { Gateway } from '../../gateway/src/server.js';
import { livePlaylist, parseVod } from '../../gateway/src/video/live-playlist.js';
import { writeFixtureCity } from '../support/fixture-city.js';
import { login, postJson, screenClient, startTestGateway } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const IN_GUIYUAN = [114.11, 22.55] as const; // 罗湖 桂园 440303001
const KEY = 'demo-source-4403';

/** A camera's stream on its own server, which the test makes answer, fail or talk nonsense. */
function fakeCameraServer() {
  let mode: 'ok' | '404' | 'html' = 'ok';
  const server = http.createServer((req, res) => {
    if (mode === '404') res.writeHead(404).end('gone');
    else if (mode === 'html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
    else res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:2,\nseg7.ts\n');
  });
  return {
    server,
    set: (m: typeof mode) => (mode = m),
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
  };
}

describe('live playlists over the dataset clips', () => {
  const vod = parseVod(fs.readFileSync(path.join(ROOT, 'datasets/shenzhen/video/clips/life/index.m3u8'), 'utf8'))!;

  it('slides a window of completed segments with wall-clock time, a discontinuity at each loop, never an end', () => {
    expect(vod.segments).toHaveLength(5);
    const at = (s: number) => livePlaylist(vod, s * 1000, 4, (u) => `/v/${u}`);
    // t = 1,000,003 s: loop 100,000 (10 s each), one 2 s segment of it complete → segment 500,001 done
    const p = at(1_000_003);
    expect(p).toContain('#EXT-X-MEDIA-SEQUENCE:499997');
    expect(p).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:99999');
    expect(p).not.toContain('ENDLIST');
    expect(p.match(/#EXTINF/g)).toHaveLength(4);
    // 499997..499999 are segments 2..4 of loop 99,999, then 500,000 starts loop 100,000 after a discontinuity
    expect(p.split('\n').filter((l) => l.endsWith('.m2ts') || l === '#EXT-X-DISCONTINUITY')).toEqual([
      '/v/seg_002.m2ts', '/v/seg_003.m2ts', '/v/seg_004.m2ts', '#EXT-X-DISCONTINUITY', '/v/seg_000.m2ts',
    ]);
    // when the next segment completes the window moves by one
    expect(at(1_000_003.9)).toContain('#EXT-X-MEDIA-SEQUENCE:499997');
    expect(at(1_000_004)).toContain('#EXT-X-MEDIA-SEQUENCE:499998');
  });

  it('refuses what is not a media playlist', () => {
    expect(parseVod('<html>')).toBeNull();
    expect(parseVod('#EXTM3U\n#EXT-X-ENDLIST\n')).toBeNull();
  });
});

describe('the camera index: live demo streams, status from sources and from the gateway’s stream check', () => {
  let gw: Gateway;
  let token: string;
  const cam = fakeCameraServer();
  let camUrl: string;

  beforeAll(async () => {
    const city = writeFixtureCity();
    fs.cpSync(path.join(ROOT, 'datasets/shenzhen/video/clips/life'), path.join(city, 'video/clips/life'), { recursive: true });
    const camOrigin = await cam.listen();
    camUrl = `${camOrigin}/live/cam-9.m3u8`;
    gw = await startTestGateway({ datasetDir: city, videoOrigins: [camOrigin] });
    token = await login(gw.url, 'leader-4403');
  });
  afterAll(async () => {
    await gw?.close();
    cam.server.close();
  });

  it('serves a clip as a live playlist whose segments play, advancing with time', async () => {
    const get = () => fetch(`${gw.url}/video/live/clips/life/index.m3u8`);
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('mpegurl');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    expect(text).not.toContain('ENDLIST');
    const seqOf = (t: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(t)![1]);
    const uri = text.split('\n').find((l) => l.endsWith('.m2ts'))!;
    expect(uri).toMatch(/^\/video\/clips\/life\/seg_00\d\.m2ts$/);
    const seg = await fetch(`${gw.url}${uri}`);
    expect(seg.status).toBe(200);
    expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    await new Promise((r) => setTimeout(r, 2100));
    expect(seqOf(await (await get()).text())).toBeGreaterThan(seqOf(text));
    expect((await fetch(`${gw.url}/video/live/clips/nothing/index.m3u8`)).status).toBe(404);
    expect((await fetch(`${gw.url}/video/live/..%2F..%2Fcity.json.m3u8`)).status).toBe(404);
  });

  it('marks a camera whose stream stops answering offline, pushes it, and lifts the mark when it answers again', async () => {
    const screen = screenClient(gw.url, { token });
    await screen.ready;
    const cameras = [
      { id: 'cam-9', name: '桂园路口球机', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1], hlsUrl: camUrl, status: 'online' },
      { id: 'cam-demo', name: '演示', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1], hlsUrl: '/video/live/clips/life/index.m3u8', status: 'online' },
      { id: 'cam-broken', name: '故障', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1], hlsUrl: '/video/live/clips/nothing/index.m3u8', status: 'fault' },
    ];
    expect((await postJson(`${gw.url}/api/ingest/cameras`, { cameras }, KEY)).body).toMatchObject({ accepted: 3 });
    const index = async () => {
      const r = await fetch(`${gw.url}/api/cameras?area=440303`, { headers: { authorization: `Bearer ${token}` } });
      return new Map(((await r.json()) as { cameras: CameraView[] }).cameras.map((c) => [c.id, c]));
    };
    // a real camera's absolute URL passes through untouched, and the screen may fetch from its origin
    expect((await index()).get('cam-9')).toMatchObject({ hlsUrl: camUrl, status: 'online', statusBy: 'source' });
    const csp = (await fetch(`${gw.url}/api/health`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${new URL(camUrl).origin}`));

    expect(await gw.streamCheck.run()).toEqual([]);
    cam.set('404');
    expect(await gw.streamCheck.run()).toEqual([]); // one miss is not yet offline
    const marked = await gw.streamCheck.run();
    expect(marked.map((v) => [v.id, v.status, v.statusBy])).toEqual([['cam-9', 'offline', 'probe']]);
    expect((await index()).get('cam-9')).toMatchObject({ status: 'offline', statusBy: 'probe' });
    await expect.poll(() => screen.changes.filter((c) => c.message === 'cameras' && c.view.id === 'cam-9').map((c) => c.view.status)).toEqual(['online', 'offline']);
    // the source sending the same entry again changes nothing: it still does not answer
    expect((await postJson(`${gw.url}/api/ingest/cameras`, { cameras: [cameras[0]] }, KEY)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await gw.streamCheck.run()).toEqual([]);

    // answering something that is not a playlist is a fault
    cam.set('html');
    await gw.streamCheck.run();
    expect((await gw.streamCheck.run()).map((v) => [v.id, v.status])).toEqual([['cam-9', 'fault']]);

    cam.set('ok');
    const back = await gw.streamCheck.run();
    expect(back.map((v) => [v.id, v.status, v.statusBy])).toEqual([['cam-9', 'online', 'source']]);
    await expect.poll(() => screen.changes.filter((c) => c.message === 'cameras' && c.view.id === 'cam-9').map((c) => c.view.status)).toEqual(['online', 'offline', 'fault', 'online']);
    // the demo's live stream answered throughout; a source's own fault report stands unchecked
    const now = await index();
    expect(now.get('cam-demo')).toMatchObject({ status: 'online', statusBy: 'source' });
    expect(now.get('cam-broken')).toMatchObject({ status: 'fault', statusBy: 'source' });
    screen.close();
  });

  it('keeps the source’s own entry for idempotency across a restart', async () => {
    cam.set('404');
    await gw.streamCheck.run();
    expect((await gw.streamCheck.run()).map((v) => v.id)).toEqual(['cam-9']);
    const dataDir = path.dirname(gw.dbFile);
    const datasetDir = gw.city.dir;
    await gw.close();
    gw = await startTestGateway({ dataDir, datasetDir });
    token = await login(gw.url, 'leader-4403');
    const again = { id: 'cam-9', name: '桂园路口球机', lon: IN_GUIYUAN[0], lat: IN_GUIYUAN[1], hlsUrl: camUrl, status: 'online' };
    expect((await postJson(`${gw.url}/api/ingest/cameras`, { cameras: [again] }, KEY)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    cam.set('ok');
    expect((await gw.streamCheck.run()).map((v) => [v.id, v.status])).toEqual([['cam-9', 'online']]);
  });
});
