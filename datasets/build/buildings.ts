/** Generated building footprints: denser and taller toward the downtowns, each wholly inside its grid. */
import type { AreaFeature, MultiPolygonCoords, Pos } from './geo.js';
import { bboxOf, distToBoundary, geodesicArea, mapMulti, pointInMulti, polygonsOf, round6 } from './geo.js';
import { rng, type Rng } from './prng.js';
import { SHENZHEN, type GenContext } from './context.js';
import type { BuildingInput } from '../buildings.js';

export const TARGET_BUILDINGS = 40000;
const MARGIN_M = 3; // min distance from a footprint's bounding circle to the grid boundary
const GAP_M = 4; // min gap between bounding circles of two buildings

/** Footprint outline in local metres (counter-clockwise), 4–8 vertices. */
function shape(r: Rng, a: number, b: number): Pos[] {
  const t = r();
  if (t < 0.55) return [[-a, -b], [a, -b], [a, b], [-a, b]];
  if (t < 0.7) { // L-shape
    const fx = -a + 2 * a * (0.4 + 0.2 * r()), fy = -b + 2 * b * (0.4 + 0.2 * r());
    return [[-a, -b], [a, -b], [a, fy], [fx, fy], [fx, b], [-a, b]];
  }
  if (t < 0.82) { // chamfered rectangle (tower)
    const c = Math.min(a, b) * (0.2 + 0.15 * r());
    return [[-a + c, -b], [a - c, -b], [a, -b + c], [a, b - c], [a - c, b], [-a + c, b], [-a, b - c], [-a, -b + c]];
  }
  if (t < 0.92) { // one corner cut
    const c = Math.min(a, b) * 0.5;
    return [[-a, -b], [a, -b], [a, b - c], [a - c, b], [-a, b]];
  }
  const k = 0.6 + 0.25 * r(); // trapezoid
  return [[-a, -b], [a, -b], [a * k, b], [-a * k, b]];
}

interface Placed { x: number; y: number; r: number }

/** ~`target` footprints shared among the grids by area × density^1.6 (`seed` names the random streams). */
export function generateBuildings(grids: AreaFeature[], seed: string, ctx: GenContext = SHENZHEN, target = TARGET_BUILDINGS): { buildings: BuildingInput[]; shortfall: number } {
  const { toXY, toLonLat } = ctx.frame;
  const density = ctx.density;
  const info = grids.map((g) => {
    const ll = polygonsOf(g.geometry);
    const xy = mapMulti(ll, toXY);
    const areaKm2 = geodesicArea(ll) / 1e6;
    const r = rng(`${seed}/buildings/density/${g.properties.code}`);
    const [w, s, e, n] = bboxOf(ll);
    let sum = 0, k = 0;
    for (let t = 0; t < 400 && k < 16; t++) {
      const p: Pos = [w + r() * (e - w), s + r() * (n - s)];
      if (pointInMulti(p, ll)) { sum += density(p[0], p[1]); k++; }
    }
    const d = k ? sum / k : 0.06;
    return { g, xy, areaKm2, d };
  });
  const weights = info.map((x) => x.areaKm2 * x.d ** 1.6);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const out: BuildingInput[] = [];
  let shortfall = 0;
  info.forEach((x, gi) => {
    const want = Math.max(1, Math.round((target * (weights[gi] ?? 0)) / wsum));
    const r = rng(`${seed}/buildings/${x.g.properties.code}`);
    const placed: Placed[] = [];
    const cell = 60;
    const hash = new Map<string, Placed[]>();
    const key = (i: number, j: number): string => `${i},${j}`;
    const [w, s, e, n] = bboxOf(x.xy);
    const theta0 = r() * Math.PI / 2;
    let got = 0;
    for (let attempt = 0; attempt < want * 40 && got < want; attempt++) {
      const p: Pos = [w + r() * (e - w), s + r() * (n - s)];
      if (!pointInMulti(p, x.xy as MultiPolygonCoords)) continue;
      const ll = toLonLat(p);
      const d = density(ll[0], ll[1]);
      // floors: lognormal around a median that rises steeply toward the downtowns
      const median = 2 + 28 * d ** 2.2;
      const floors = Math.max(1, Math.min(110, Math.round(median * Math.exp(0.55 * r.normal()))));
      let size = (8 + 16 * d) * (0.7 + 0.6 * r());
      if (floors > 30) size = Math.max(size, 20 + r() * 10);
      const a = size, b = size * (0.5 + 0.5 * r());
      const rad = Math.hypot(a, b);
      if (distToBoundary(p, x.xy) < rad + MARGIN_M) continue;
      const ci = Math.floor(p[0] / cell), cj = Math.floor(p[1] / cell);
      const reach = Math.ceil((rad + GAP_M + 60) / cell);
      let clash = false;
      for (let i = ci - reach; i <= ci + reach && !clash; i++) for (let j = cj - reach; j <= cj + reach && !clash; j++) {
        for (const q of hash.get(key(i, j)) ?? []) if (Math.hypot(q.x - p[0], q.y - p[1]) < q.r + rad + GAP_M) { clash = true; break; }
      }
      if (clash) continue;
      const pl = { x: p[0], y: p[1], r: rad };
      placed.push(pl);
      const k = key(ci, cj);
      const list = hash.get(k);
      if (list) list.push(pl); else hash.set(k, [pl]);
      const th = theta0 + 0.08 * r.normal();
      const c = Math.cos(th), sn = Math.sin(th);
      const ring = shape(r, a, b).map(([u, v]) => {
        const q = toLonLat([p[0] + u * c - v * sn, p[1] + u * sn + v * c]);
        return [round6(q[0]), round6(q[1])] as [number, number];
      });
      const height = Math.round((floors * 3.2 + 1.5 + r() * 2) * 10) / 10;
      out.push({ ring, height, gridCode: x.g.properties.code });
      got++;
    }
    shortfall += want - got;
  });
  return { buildings: out, shortfall };
}
