import type { IngestEvent } from '../../protocol/events.js';
import { liveUrlOf } from '../video/live-playlist.js';
import { ancestorAt } from '../../protocol/scope.js';
import type { Area, AreaIndex } from '../geo/areas.js';
import { pointInPolygons } from '../geo/point-in-polygon.js';
import { demoScopes } from '../auth/identities.js';
import type { Logger } from '../log.js';
import { optional, type CityData } from '../city.js';
import { pick, poisson, seededRandom } from './random.js';
import { startCaseDriver } from './case-driver.js';

export interface SimulatorOptions {
  url: string;
  areas: AreaIndex;
  /** events per second across all sources */
  ratePerS: number;
  city: CityData;
  log: Logger;
  seed?: number;
}

interface SimSource {
  key: string;
  scope: string;
  kind: IngestEvent['reporter']['kind'];
  /** share of the total rate */
  weight: number;
  places: Area[];
  counter: number;
}

interface CategoryRow {
  code: string;
  name?: string;
  kind?: string;
  department?: string;
}

const FALLBACK_CATEGORIES: CategoryRow[] = [
  { code: '0101', name: '私搭乱建' },
  { code: '0102', name: '暴露垃圾' },
  { code: '0103', name: '建筑垃圾渣土' },
  { code: '0104', name: '道路保洁' },
  { code: '0201', name: '非法小广告' },
  { code: '0301', name: '施工扰民' },
  { code: '0401', name: '道路积水' },
  { code: '0501', name: '占道经营' },
];

const TICK_MS = 500;

/** A uniformly random point inside an area (rejection sampling in its bounding box). */
export function randomPointIn(area: Area, rand: () => number): [number, number] {
  const [w, s, e, n] = area.bbox;
  for (let i = 0; i < 1000; i++) {
    const lon = w + rand() * (e - w);
    const lat = s + rand() * (n - s);
    if (pointInPolygons(lon, lat, area.polygons)) return [lon, lat];
  }
  throw new Error(`no point found inside ${area.code}`);
}

/**
 * Plays the city's sources over the real ingest path: a city hotline (12345), every
 * district's platform, and the grid-worker apps of the first street of each district, each
 * with its own demo key; grid workers report positions; cameras and base statistics are
 * registered at start.
 */
export async function startSimulator(o: SimulatorOptions): Promise<{ stop(): void }> {
  const rand = seededRandom(o.seed ?? Date.now());
  const listed: CategoryRow[] = optional(() => o.city.categories, []);
  const categories = (listed.length ? listed : FALLBACK_CATEGORIES).filter((c) => c.kind !== 'component');
  const { city, districts, firstStreets } = demoScopes(o.areas);
  const source = (scope: string, kind: SimSource['kind'], weight: number): SimSource => ({
    key: `demo-source-${scope}`,
    scope,
    kind,
    weight,
    places: o.areas.finestWithin(scope),
    counter: 0,
  });
  const sources: SimSource[] = [
    source(city, 'hotline', 2),
    ...districts.map((d) => source(d, 'sensor', 1)),
    ...firstStreets.map((s) => source(s, 'worker', 0.5)),
  ].filter((s) => s.places.length > 0);
  const totalWeight = sources.reduce((a, s) => a + s.weight, 0);
  const post = async (kind: string, key: string, body: unknown) => {
    const res = await fetch(`${o.url}/api/ingest/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) o.log.warn({ kind, status: res.status, body: await res.text() }, 'simulated source refused');
  };

  await registerStatic(o, post);

  const workers = optional(() => o.city.workers, []).filter((w) => w.onDuty);
  const where = new Map(workers.map((w) => [w.id, [...w.home] as [number, number]]));
  let stopped = false;
  let tickNo = 0;
  const timer = setInterval(() => {
    if (stopped) return;
    tickNo++;
    for (const s of sources) {
      const n = poisson(rand, (o.ratePerS * (s.weight / totalWeight) * TICK_MS) / 1000);
      if (n === 0) continue;
      const now = Date.now();
      const events: IngestEvent[] = [];
      for (let i = 0; i < n; i++) {
        const area = pick(rand, s.places);
        const [lon, lat] = randomPointIn(area, rand);
        const cat = pick(rand, categories);
        const street = o.areas.nameOf(ancestorAt(area.code, 'street') ?? '') ?? '';
        events.push({
          id: `${s.scope}-${now.toString(36)}-${++s.counter}`,
          occurredAt: new Date(now - Math.floor(rand() * 5 * 60_000)).toISOString(),
          lon: Math.round(lon * 1e6) / 1e6,
          lat: Math.round(lat * 1e6) / 1e6,
          category: cat.code,
          urgency: rand() < 0.1 ? 'urgent' : 'normal',
          title: `${street}${cat.name ?? cat.code}`,
          reporter: { kind: s.kind, id: `${s.kind}-${Math.floor(rand() * 500)}` },
        });
      }
      post('events', s.key, { events }).catch((err: unknown) => o.log.warn({ err }, 'simulated events not sent'));
    }
    // Grid workers report every 5 s, walking a little around their grid.
    if (workers.length && tickNo % 10 === 0) {
      const ts = new Date().toISOString();
      const positions = workers.map((w) => {
        const p = where.get(w.id)!;
        const area = o.areas.byCode.get(w.gridCode);
        const next: [number, number] = [p[0] + (rand() - 0.5) * 0.0006, p[1] + (rand() - 0.5) * 0.0006];
        if (!area || pointInPolygons(next[0], next[1], area.polygons)) where.set(w.id, next);
        const [lon, lat] = where.get(w.id)!;
        return { workerId: w.id, ts, lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
      });
      for (let i = 0; i < positions.length; i += 5000) {
        post('positions', `demo-source-${city}`, { positions: positions.slice(i, i + 5000) }).catch((err: unknown) => o.log.warn({ err }, 'simulated positions not sent'));
      }
    }
  }, TICK_MS);
  const departments = new Map(listed.map((c) => [c.code, c.department]));
  const driver = await startCaseDriver({ url: o.url, cityCode: o.areas.cityCode, departmentOf: (c) => departments.get(c) || 'CG', rand, log: o.log });
  o.log.info({ sources: sources.length, ratePerS: o.ratePerS, workers: workers.length }, 'simulator started');
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      driver.stop();
    },
  };
}

/** Cameras and base statistics (一格一档), sent once at start like a video platform and a census feed would. */
async function registerStatic(o: SimulatorOptions, post: (kind: string, key: string, body: unknown) => Promise<void>): Promise<void> {
  const key = `demo-source-${o.areas.cityCode}`;
  const cameras = optional(() => o.city.cameras, []);
  if (cameras.length) {
    // the demo's clips are offered as live streams, as a video platform would give them
    const rows = cameras.map(({ id, name, lon, lat, hlsUrl, status }) => ({ id, name, lon, lat, hlsUrl: liveUrlOf(hlsUrl), status }));
    for (let i = 0; i < rows.length; i += 5000) await post('cameras', key, { cameras: rows.slice(i, i + 5000) });
  }
  const base = optional(() => o.city.basedata, []);
  if (base.length) {
    const ts = new Date(new Date().setHours(0, 0, 0, 0)).toISOString();
    const stats = base.flatMap(({ gridCode, ...fields }) => flattenNumbers(fields).map(([k, value]) => ({ key: `base.${k}`, areaCode: gridCode, ts, value })));
    const known = stats.filter((s) => o.areas.has(s.areaCode) && /^[a-z][a-z0-9_.]{0,63}$/.test(s.key));
    for (let i = 0; i < known.length; i += 5000) await post('stats', key, { stats: known.slice(i, i + 5000) });
  }
}

function flattenNumbers(obj: Record<string, unknown>, prefix = ''): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = `${prefix}${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
    if (typeof v === 'number' && Number.isFinite(v)) out.push([name, v]);
    else if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...flattenNumbers(v as Record<string, unknown>, `${name}.`));
  }
  return out;
}
