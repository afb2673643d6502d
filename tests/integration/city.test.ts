import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import { loadCity, type CityData } from '../../datasets/load.js';
import { pointInMulti, type MultiPolygonCoords } from '../../datasets/build/geo.js';
import { startSimulator } from '../../gateway/src/sim/simulator.js';
import { createLogger } from '../../gateway/src/log.js';
import fs from 'node:fs';
import path from 'node:path';
import { anEvent, login, postJson, startTestGateway, tempDir, waitFor, type Gateway } from '../support/gateway-harness.js';
import { buildHangzhou } from '../support/built-city.js';

const polys = (g: { geometry: { type: string; coordinates: unknown } }) =>
  (g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates) as MultiPolygonCoords;

describe('a gateway running on a city built from a DataV file of its districts (杭州市)', () => {
  let gw: Gateway;
  let dir: string;
  let city: CityData;

  beforeAll(async () => {
    dir = await buildHangzhou();
    city = loadCity(dir);
    gw = await startTestGateway({ datasetDir: dir });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('says which city it is, without a session', async () => {
    const res = await fetch(`${gw.url}/api/city`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: '3301', name: '杭州市', nameEn: 'Hangzhou', center: city.city.center, bbox: city.city.bbox });
  });

  it('serves its districts and streets to its own demo users', async () => {
    const token = await login(gw.url, 'leader-3301');
    const res = await fetch(`${gw.url}/api/areas?level=district`, { headers: { authorization: `Bearer ${token}` } });
    const fc = (await res.json()) as { features: { properties: { code: string; name: string; parent: string } }[] };
    expect(fc.features.map((f) => f.properties)).toEqual([
      { code: '330102', name: '上城区', level: 'district', parent: '3301' },
      { code: '330105', name: '拱墅区', level: 'district', parent: '3301' },
      { code: '330106', name: '西湖区', level: 'district', parent: '3301' },
    ]);
    const district = await login(gw.url, 'leader-330105');
    const streets = (await (await fetch(`${gw.url}/api/areas?level=street`, { headers: { authorization: `Bearer ${district}` } })).json()) as { features: { properties: { code: string } }[] };
    expect(streets.features.length).toBe(city.streets.filter((s) => s.properties.parent === '330105').length);
    expect(streets.features.every((f) => f.properties.code.startsWith('330105'))).toBe(true);
  });

  it('places an event sent inside a district in the grid that holds it, and refuses one outside the city or the key\'s district', async () => {
    const grid = city.grids.find((g) => g.properties.code.startsWith('330102'))!;
    const ring = polys(grid)[0]![0]!;
    // a point inside the grid: the mean of its vertices, checked
    const p: [number, number] = [ring.reduce((a, q) => a + q[0], 0) / ring.length, ring.reduce((a, q) => a + q[1], 0) / ring.length];
    expect(pointInMulti(p, polys(grid))).toBe(true);
    const ev = anEvent(Number(p[0].toFixed(6)), Number(p[1].toFixed(6)), { category: '0102' });
    const r = await postJson(`${gw.url}/api/ingest/events`, { events: [ev] }, 'demo-source-330102');
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(1);
    const token = await login(gw.url, 'duty-330102');
    const list = (await (await fetch(`${gw.url}/api/events?area=330102`, { headers: { authorization: `Bearer ${token}` } })).json()) as { events: EventView[] };
    const placed = list.events.find((e) => e.sourceId === ev.id)!;
    expect(placed).toMatchObject({ districtCode: '330102', streetCode: grid.properties.code.slice(0, 9), gridCode: grid.properties.code, status: 'REPORTED' });
    // the case runs through the workflow of the built city's classes
    const accept = await postJson(`${gw.url}/api/events/${placed.id}/transitions`, { action: 'accept' }, token);
    expect(accept.status).toBe(200);
    expect(accept.body.status).toBe('ACCEPTED');

    const outside = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(114.06, 22.54)] }, 'demo-source-3301');
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body)).toContain('outside the city');
    const otherDistrict = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(p[0], p[1])] }, 'demo-source-330105');
    expect(otherDistrict.status).toBe(403);
  });

  it('runs its simulator: every simulated source is accepted and events land in the city', async () => {
    const warnings: unknown[] = [];
    const log = createLogger('silent');
    log.warn = ((obj: unknown) => { warnings.push(obj); }) as typeof log.warn;
    const token = await login(gw.url, 'leader-3301');
    const count = async () => ((await (await fetch(`${gw.url}/api/events?limit=5000`, { headers: { authorization: `Bearer ${token}` } })).json()) as { events: EventView[] }).events;
    const before = (await count()).length;
    const sim = await startSimulator({ url: gw.url, areas: gw.areas, ratePerS: 40, city: gw.city, log, seed: 7 });
    try {
      let events: EventView[] = [];
      const poll = setInterval(() => void count().then((e) => (events = e)), 300);
      await waitFor(() => events.length >= before + 20, 20_000, 'simulated events').finally(() => clearInterval(poll));
      expect(events.every((e) => e.districtCode.startsWith('3301') && e.gridCode?.startsWith(e.streetCode))).toBe(true);
      expect(new Set(events.map((e) => e.districtCode)).size).toBe(3);
    } finally {
      sim.stop();
    }
    expect(warnings).toEqual([]);
  }, 60_000);
});

describe('a dataset whose city.json is incomplete', () => {
  it('stops the gateway at start, naming the field, and leaves the database unopened', async () => {
    const dir = await buildHangzhou({ grids: 40 });
    const city = JSON.parse(fs.readFileSync(path.join(dir, 'city.json'), 'utf8')) as Record<string, unknown>;
    delete city.name;
    fs.writeFileSync(path.join(dir, 'city.json'), JSON.stringify(city));
    const dataDir = tempDir();
    await expect(startTestGateway({ datasetDir: dir, dataDir, dbFile: path.join(dataDir, 'gridcommand.duckdb') })).rejects.toThrow(`${dir}/city.json: name:`);
    expect(fs.existsSync(path.join(dataDir, 'gridcommand.duckdb'))).toBe(false);
  });
});
