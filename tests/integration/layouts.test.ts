// Layouts served by the gateway: the files of layouts/ provisioned into DuckDB at start, a
// stored version overriding its file, the list scoped by tier, a bad file refused by name.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayoutStore } from '../../gateway/src/db/layout-store.js';
import { login, startTestGateway, tempDir, type Gateway } from '../support/gateway-harness.js';

const SHIPPED = path.resolve(import.meta.dirname, '../../layouts');

const V1 = {
  schemaVersion: 1,
  id: 'old-wall',
  name: { 'zh-CN': '旧大屏', en: 'Old wall' },
  canvas: { width: 1920, height: 1080 },
  widgets: [{ key: 'feed', widget: 'event-feed', x: 0, y: 96, w: 600, h: 600, options: { rows: 20 } }],
};

async function get(gw: Gateway, url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('layouts served by the gateway', () => {
  let dir: string;
  let dataDir: string;
  let gw: Gateway;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dir = tempDir('gc-layouts-');
    dataDir = tempDir();
    for (const f of fs.readdirSync(SHIPPED)) fs.copyFileSync(path.join(SHIPPED, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'old-wall.json'), JSON.stringify(V1));
    gw = await startTestGateway({ layoutsDir: dir, dataDir });
    for (const u of ['leader-4403', 'leader-440303', 'leader-440303001']) tokens[u] = await login(gw.url, u);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('offers each scope the layouts of its tier, the narrower tiers and those for any tier', async () => {
    const ids = async (u: string) => ((await get(gw, '/api/layouts', tokens[u]!)).body.layouts as { id: string }[]).map((l) => l.id).sort();
    expect(await ids('leader-4403')).toEqual(['city-command', 'conference', 'dispatch-seat', 'district-command', 'old-wall', 'street-command']);
    expect(await ids('leader-440303')).toEqual(['conference', 'dispatch-seat', 'district-command', 'old-wall', 'street-command']);
    expect(await ids('leader-440303001')).toEqual(['conference', 'dispatch-seat', 'old-wall', 'street-command']);
  });

  it('answers one layout at the current schema version, a version-1 file migrated, defaults filled in', async () => {
    const r = await get(gw, '/api/layouts/old-wall', tokens['leader-440303001']!);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 0, origin: 'file', layout: { schemaVersion: 2, tier: 'any', scaleMode: 'fit', pages: [{ key: 'main', placements: [{ key: 'feed', z: 0, options: { rows: 20 } }] }] } });
    const city = await get(gw, '/api/layouts/city-command', tokens['leader-4403']!);
    expect(city.body).toMatchObject({ layout: { id: 'city-command', name: { 'zh-CN': '市级指挥中心' }, tier: 'city' } });
  });

  it('refuses a layout of a wider tier (403) and an unknown one (404)', async () => {
    expect((await get(gw, '/api/layouts/city-command', tokens['leader-440303']!)).body).toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await get(gw, '/api/layouts/district-command', tokens['leader-440303001']!)).status).toBe(403);
    expect((await get(gw, '/api/layouts/nothing-here', tokens['leader-4403']!)).status).toBe(404);
    expect((await get(gw, '/api/layouts/Bad%20Id', tokens['leader-4403']!)).status).toBe(400);
  });

  it('a stored version overrides the file; a restart re-provisions the files and keeps it', async () => {
    const store = new LayoutStore(gw.db);
    const edited = { ...V1, schemaVersion: 1, name: { 'zh-CN': '改过的', en: 'Edited' } };
    expect(await store.store('old-wall', JSON.stringify(edited), 'operator-4403')).toBe(1);
    const r = await get(gw, '/api/layouts/old-wall', tokens['leader-4403']!);
    expect(r.body).toMatchObject({ version: 1, origin: 'stored', layout: { name: { en: 'Edited' } } });

    // a stored version that no longer loads is skipped for the one below it
    expect(await store.store('old-wall', JSON.stringify({ ...edited, widgets: [{ ...V1.widgets[0], widget: 'gone' }] }), 'operator-4403')).toBe(2);
    expect((await get(gw, '/api/layouts/old-wall', tokens['leader-4403']!)).body).toMatchObject({ version: 1 });

    await gw.close();
    fs.writeFileSync(path.join(dir, 'dispatch-seat.json'), fs.readFileSync(path.join(SHIPPED, 'dispatch-seat.json'), 'utf8').replace('值班调度席', '值班席'));
    fs.rmSync(path.join(dir, 'conference.json'));
    gw = await startTestGateway({ layoutsDir: dir, dataDir });
    tokens['leader-4403'] = await login(gw.url, 'leader-4403');
    expect((await get(gw, '/api/layouts/dispatch-seat', tokens['leader-4403']!)).body).toMatchObject({ version: 0, layout: { name: { 'zh-CN': '值班席' } } });
    expect((await get(gw, '/api/layouts/conference', tokens['leader-4403']!)).status).toBe(404);
    expect((await get(gw, '/api/layouts/old-wall', tokens['leader-4403']!)).body).toMatchObject({ version: 1, origin: 'stored' });
  });

  it('a bad layout file stops the start, naming the file and the path, before the database is opened', async () => {
    const bad = tempDir('gc-layouts-bad-');
    const broken = structuredClone(V1);
    (broken.widgets[0] as Record<string, unknown>).options = { rows: 0 };
    fs.writeFileSync(path.join(bad, 'old-wall.json'), JSON.stringify(broken));
    const badData = tempDir();
    await expect(startTestGateway({ layoutsDir: bad, dataDir: badData })).rejects.toThrow('layout file old-wall.json: layout old-wall: pages.0.placements.0.options.rows:');
    expect(fs.existsSync(path.join(badData, 'gridcommand.duckdb'))).toBe(false);
    fs.writeFileSync(path.join(bad, 'old-wall.json'), JSON.stringify({ ...V1, id: 'new-wall' }));
    await expect(startTestGateway({ layoutsDir: bad, dataDir: badData })).rejects.toThrow('id "new-wall" does not match the file name');
  });
});
