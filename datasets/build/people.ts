/** Cameras, grid workers, per-grid base data (一格一档) and demo users/source keys. */
import type { AreaFeature, Pos } from './geo.js';
import { bboxOf, centroid, distToBoundary, geodesicArea, mapMulti, pointInMulti, polygonsOf, round6, type Frame } from './geo.js';
import { rng } from './prng.js';
import { SHENZHEN, type GenContext } from './context.js';
import { personName, streetShort } from './names.js';
import type { BuildingInput } from '../buildings.js';
import type { Camera, CameraStatus, DemoUsers, GridBaseData, Role, Worker } from '../load.js';

export const CLIPS = ['testsrc2', 'smptebars', 'mandelbrot', 'life', 'rgbtestsrc'] as const;
export type Clip = (typeof CLIPS)[number];

function pointInGrid(g: AreaFeature, seed: string, marginM: number, frame: Frame): Pos {
  const { toXY, toLonLat } = frame;
  const ll = polygonsOf(g.geometry);
  const xy = mapMulti(ll, toXY);
  const [w, s, e, n] = bboxOf(xy);
  const r = rng(seed);
  for (let margin = marginM; margin >= 0; margin /= 2) {
    for (let t = 0; t < 2000; t++) {
      const p: Pos = [w + r() * (e - w), s + r() * (n - s)];
      if (pointInMulti(p, xy) && distToBoundary(p, xy) >= margin) {
        const q = toLonLat(p);
        const out: Pos = [round6(q[0]), round6(q[1])];
        if (pointInMulti(out, ll)) return out;
      }
    }
    if (margin < 0.5) break;
  }
  throw new Error(`cannot place a point in grid ${g.properties.code}`);
}

const CAMERA_SPOTS = ['路口', '广场', '地铁站出入口', '公园入口', '学校周边', '河道', '农贸市场', '公交站', '社区出入口', '人行天桥', '停车场', '商业街'];
const CAMERA_KINDS = ['球机', '枪机', '高点'];

export function generateCameras(grids: AreaFeature[], streets: Map<string, string>, communities: Map<string, string>, seed: string, count = 500, ctx: GenContext = SHENZHEN, cityPrefix?: string): Camera[] {
  const r = rng(`${seed}/cameras`);
  const weights = grids.map((g) => {
    const ll = polygonsOf(g.geometry);
    const c = centroid(ll);
    return Math.sqrt(geodesicArea(ll) / 1e6) * ctx.density(c[0], c[1]) ** 1.2;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  weights.reduce((a, w, i) => (cum[i] = a + w), 0);
  const cams: { g: AreaFeature; p: Pos }[] = [];
  for (let i = 0; i < count; i++) {
    const x = r() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((cum[mid] ?? 0) < x) lo = mid + 1; else hi = mid; }
    const g = grids[lo] as AreaFeature;
    cams.push({ g, p: pointInGrid(g, `${seed}/camera/${i}`, 10, ctx.frame) });
  }
  cams.sort((a, b) => a.g.properties.code.localeCompare(b.g.properties.code) || a.p[0] - b.p[0] || a.p[1] - b.p[1]);
  const perDistrict = new Map<string, number>();
  return cams.map(({ g, p }) => {
    const code = g.properties.code;
    const d = code.slice(0, 6);
    const n = (perDistrict.get(d) ?? 0) + 1;
    perDistrict.set(d, n);
    const street = streetShort(streets.get(code.slice(0, 9)) ?? '', cityPrefix);
    const community = (communities.get(code.slice(0, 12)) ?? '').replace(/社区$/, '');
    const u = r();
    const status: CameraStatus = u < 0.9 ? 'online' : u < 0.97 ? 'offline' : 'fault';
    const clip = CLIPS[(n + Number(d.slice(4))) % CLIPS.length] as Clip;
    return {
      id: `cam-${d}-${String(n).padStart(4, '0')}`,
      name: `${street}${community}${r.pick(CAMERA_SPOTS)}${r.pick(CAMERA_KINDS)}${String(r.int(1, 12)).padStart(2, '0')}`,
      lon: p[0], lat: p[1], gridCode: code,
      hlsUrl: `/video/clips/${clip}/index.m3u8`,
      status,
    };
  });
}

/** One grid worker (网格员) per grid; phones use the unallocated prefix 100 so they are clearly fake. */
export function generateWorkers(grids: AreaFeature[], seed: string, frame: Frame = SHENZHEN.frame): Worker[] {
  const r = rng(`${seed}/workers`);
  return grids.map((g, i) => {
    const home = pointInGrid(g, `${seed}/worker-home/${g.properties.code}`, 5, frame);
    const digits = String(i + 1).padStart(8, '0');
    return {
      id: `wkr-${g.properties.code}`,
      name: personName(r),
      gridCode: g.properties.code,
      phone: `100-${digits.slice(0, 4)}-${digits.slice(4)}`,
      onDuty: r() < 0.78,
      home,
    };
  });
}

/** People and legal entities the base data adds up to (Shenzhen's order of magnitude by default). */
export interface Scale { population: number; enterprises: number }
export const SHENZHEN_SCALE: Scale = { population: 17.8e6, enterprises: 2.4e6 };

/** Per-grid base data, scaled to the city's people and legal entities. */
export function generateBasedata(grids: AreaFeature[], buildings: BuildingInput[], seed: string, ctx: GenContext = SHENZHEN, scale: Scale = SHENZHEN_SCALE): GridBaseData[] {
  const { toXY } = ctx.frame;
  const density = ctx.density;
  const r = rng(`${seed}/basedata`);
  const byGrid = new Map<string, { n: number; floorArea: number; tall: number }>();
  for (const b of buildings) {
    const xy = b.ring.map(toXY);
    let a = 0;
    for (let i = 0; i < xy.length; i++) { const p = xy[i] as Pos, q = xy[(i + 1) % xy.length] as Pos; a += p[0] * q[1] - q[0] * p[1]; }
    const floors = Math.max(1, Math.round((b.height - 1.5) / 3.2));
    const e = byGrid.get(b.gridCode) ?? { n: 0, floorArea: 0, tall: 0 };
    e.n++; e.floorArea += (Math.abs(a) / 2) * floors; if (floors > 20) e.tall++;
    byGrid.set(b.gridCode, e);
  }
  const raw = grids.map((g) => {
    const ll = polygonsOf(g.geometry);
    const areaKm2 = geodesicArea(ll) / 1e6;
    const e = byGrid.get(g.properties.code) ?? { n: 0, floorArea: 0, tall: 0 };
    const c = centroid(ll);
    const d = density(c[0], c[1]);
    // mostly from the land (area × urban intensity, rural land damped), partly from the generated floor area
    return { g, areaKm2, e, land: areaKm2 * Math.min(1, d / 0.2) ** 1.5 * (0.35 + d), floor: e.floorArea, tallShare: e.tall / Math.max(1, e.n) };
  });
  const landTot = raw.reduce((a, x) => a + x.land, 0);
  const floorTot = raw.reduce((a, x) => a + x.floor, 0) || 1;
  const shares = raw.map((x) => ({ ...x, people: 0.8 * (x.land / landTot) + 0.2 * (x.floor / floorTot), firms: 0.6 * (x.land / landTot) + 0.4 * ((x.floor * (0.4 + x.tallShare)) / floorTot) }));
  const firmTot = shares.reduce((a, x) => a + x.firms, 0);
  const peopleScale = scale.population;
  const firmScale = scale.enterprises / firmTot;
  return shares.map(({ g, areaKm2, e, people, firms }) => {
    const pop = people * peopleScale * (0.85 + 0.3 * r());
    const residentShare = 0.3 + 0.25 * r();
    const residentPopulation = Math.round(pop * residentShare);
    const floatingPopulation = Math.round(pop - residentPopulation);
    const households = Math.round(residentPopulation / 2.6 + floatingPopulation / 1.8);
    const k = Math.sqrt(Math.max(areaKm2, 0.01));
    const comp = (base: number, perKm: number, perB: number): number => Math.round((base + perKm * areaKm2 + perB * e.n) * (0.8 + 0.4 * r()));
    const poisson = (lambda: number): number => { let n = 0, p = Math.exp(-lambda), s = p; const u = r(); while (u > s && n < 50) { n++; p *= lambda / n; s += p; } return n; };
    return {
      gridCode: g.properties.code,
      areaKm2: Math.round(areaKm2 * 1e4) / 1e4,
      residentPopulation,
      floatingPopulation,
      households,
      buildings: e.n,
      enterprises: Math.round(firms * firmScale * (0.8 + 0.4 * r())),
      components: {
        '01': comp(20, 220, 3.5), '02': comp(10, 120, 1.2), '03': comp(8, 60, 1.5),
        '04': comp(15, 300, 0.8), '05': comp(2, 5, 1.0), '06': comp(3, 20, 0.4),
      },
      keyPlaces: {
        school: poisson(pop / 9000), hospital: poisson(pop / 40000), market: poisson(pop / 15000),
        constructionSite: poisson(0.4 + k * 0.8), hazardousChemicals: poisson(0.15 + k * 0.3),
        elderlyCare: poisson(pop / 30000), transitHub: poisson(pop / 25000),
      },
    };
  });
}

export function demoUsers(districts: AreaFeature[], streets: AreaFeature[], city: { code: string; name: string } = { code: '4403', name: '深圳市' }): DemoUsers {
  const roles: Role[] = ['leader', 'duty', 'operator', 'participant'];
  const scopes: { scope: string; name: string }[] = [{ scope: city.code, name: city.name }];
  for (const d of districts) {
    scopes.push({ scope: d.properties.code, name: d.properties.name });
    const first = streets.filter((s) => s.properties.parent === d.properties.code).map((s) => s.properties).sort((a, b) => a.code.localeCompare(b.code))[0];
    if (first) scopes.push({ scope: first.code, name: first.name });
  }
  return {
    demoOnly: true,
    note: 'DEMO ONLY (GRIDCOMMAND_DEMO=1): every user has the password documented in API.md "Demo mode"; the gateway hashes it at start. Never provision these with demo mode off.',
    users: scopes.flatMap(({ scope }) => roles.map((role) => ({ username: `${role}-${scope}`, role, scope, demoOnly: true as const }))),
    sourceKeys: scopes.filter((s) => s.scope.length <= 6).map((s) => ({ key: `demo-source-${s.scope}`, scope: s.scope, name: `${s.name}演示数据源`, demoOnly: true as const })),
  };
}
