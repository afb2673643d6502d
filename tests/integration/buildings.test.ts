// GET /api/buildings: the real city's footprints as buildings.bin, narrowed to the caller's
// scope, decoded with the dataset's own reader.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBuildings } from '../../datasets/buildings.js';
import { readBuildings } from '../../datasets/load.js';
import { login, startTestGateway, type Gateway } from '../support/gateway-harness.js';

const SHENZHEN = path.resolve('datasets/shenzhen');

describe('GET /api/buildings', () => {
  let gw: Gateway;
  const tokens: Record<string, string> = {};
  const all = readBuildings(path.join(SHENZHEN, 'buildings.bin'));

  beforeAll(async () => {
    gw = await startTestGateway({ datasetDir: SHENZHEN });
    tokens.city = await login(gw.url, 'leader-4403');
    tokens.street = await login(gw.url, 'duty-440303001');
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  const get = (q: string, token: string, encoding = 'gzip') =>
    fetch(`${gw.url}/api/buildings${q}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } });

  it('answers the whole city to a city screen, every footprint and height as stored', async () => {
    const res = await get('', tokens.city!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.gridcommand\.buildings/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const b = decodeBuildings(await res.arrayBuffer()); // fetch has already gunzipped it
    expect(b.count).toBe(all.count);
    expect(b.count).toBeGreaterThan(30_000);
    for (const i of [0, 1234, b.count - 1]) {
      expect(b.footprint(i)).toEqual(all.footprint(i));
      expect(b.height(i)).toBe(all.height(i));
      expect(b.gridCode(i)).toBe(all.gridCode(i));
    }
  });

  it('narrows to the caller’s street, and to an area inside the scope', async () => {
    const street = decodeBuildings(await (await get('', tokens.street!, 'identity')).arrayBuffer());
    const expected = Array.from({ length: all.count }, (_, i) => all.gridCode(i)).filter((g) => g.startsWith('440303001')).length;
    expect(expected).toBeGreaterThan(0);
    expect(street.count).toBe(expected);
    expect(street.gridCodes.every((g) => g.startsWith('440303001'))).toBe(true);
    const district = decodeBuildings(await (await get('?area=440303', tokens.city!)).arrayBuffer());
    expect(district.count).toBeGreaterThan(street.count);
    expect(district.gridCodes.every((g) => g.startsWith('440303'))).toBe(true);
  });

  it('refuses an area outside the scope and a malformed one, naming the field', async () => {
    const out = await get('?area=440304', tokens.street!);
    expect(out.status).toBe(403);
    expect(((await out.json()) as { code: string }).code).toBe('OUT_OF_SCOPE');
    const bad = await get('?area=abc', tokens.city!);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('area');
  });
});
