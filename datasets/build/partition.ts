/**
 * Seeded weighted Voronoi (power diagram) partition of a parent polygon.
 * Each site's cell is the convex region where |x - p_i|² - w_i is smallest; it is built by
 * clipping a big box with one half-plane per other site (exact for a power diagram), then
 * intersected with the parent with polygon-clipping. Cells of a power diagram tile the plane,
 * so their intersections with the parent tile the parent: no gaps, no overlaps.
 * Everything runs in the local metric frame of geo.ts (an affine map of lon/lat).
 */
import polygonClipping from 'polygon-clipping';
import type { MultiPolygonCoords, Pos, Ring } from './geo.js';
import { centroid, multiAreaPlanar, pointInMulti, bboxOf } from './geo.js';

export interface Site { p: Pos; w: number }

function clipHalfPlane(poly: Pos[], nx: number, ny: number, c: number): Pos[] {
  // keep n·x <= c
  const out: Pos[] = [];
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Pos;
    const b = poly[(i + 1) % poly.length] as Pos;
    const da = nx * a[0] + ny * a[1] - c;
    const db = nx * b[0] + ny * b[1] - c;
    if (da <= 0) out.push(a);
    if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
      const t = da / (da - db);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/** Power cells of the sites inside box [w,s,e,n]; a cell may be empty. */
export function powerCells(sites: Site[], box: [number, number, number, number]): Pos[][] {
  const [w, s, e, n] = box;
  return sites.map((si, i) => {
    let cell: Pos[] = [[w, s], [e, s], [e, n], [w, n]];
    for (let j = 0; j < sites.length && cell.length > 0; j++) {
      if (j === i) continue;
      const sj = sites[j] as Site;
      const nx = 2 * (sj.p[0] - si.p[0]);
      const ny = 2 * (sj.p[1] - si.p[1]);
      const c = sj.p[0] ** 2 + sj.p[1] ** 2 - si.p[0] ** 2 - si.p[1] ** 2 - sj.w + si.w;
      if (nx === 0 && ny === 0) { if (j < i) cell = []; continue; }
      cell = clipHalfPlane(cell, nx, ny, c);
    }
    return cell;
  });
}

function closeRing(r: Pos[]): Ring {
  const f = r[0];
  return f ? [...r, [f[0], f[1]]] : [];
}

export function intersect(a: MultiPolygonCoords, b: MultiPolygonCoords): MultiPolygonCoords {
  if (a.length === 0 || b.length === 0) return [];
  return polygonClipping.intersection(a as polygonClipping.MultiPolygon, b as polygonClipping.MultiPolygon) as MultiPolygonCoords;
}
export function union(...ms: MultiPolygonCoords[]): MultiPolygonCoords {
  const nonEmpty = ms.filter((m) => m.length > 0);
  if (nonEmpty.length === 0) return [];
  const [first, ...rest] = nonEmpty as [MultiPolygonCoords, ...MultiPolygonCoords[]];
  return polygonClipping.union(first as polygonClipping.MultiPolygon, ...(rest as polygonClipping.MultiPolygon[])) as MultiPolygonCoords;
}
export function difference(a: MultiPolygonCoords, ...b: MultiPolygonCoords[]): MultiPolygonCoords {
  if (a.length === 0) return [];
  return polygonClipping.difference(a as polygonClipping.MultiPolygon, ...(b as polygonClipping.MultiPolygon[])) as MultiPolygonCoords;
}

/**
 * Partition `parent` (metric frame) among `sites`. Each connected part of the parent is split
 * among the sites lying in it; a part holding no site goes whole to the site nearest its centroid.
 * Returns one MultiPolygon per site (possibly empty).
 */
export function partition(parent: MultiPolygonCoords, sites: Site[]): MultiPolygonCoords[] {
  const result: MultiPolygonCoords[] = sites.map(() => []);
  const orphans: { part: MultiPolygonCoords; owner: number }[] = [];
  for (const poly of parent) {
    const part: MultiPolygonCoords = [poly];
    const inside = sites.map((s, i) => ({ s, i })).filter(({ s }) => pointInMulti(s.p, part));
    if (inside.length === 0) {
      const c = centroid(part);
      let best = 0, bd = Infinity;
      sites.forEach((s, i) => { const d = Math.hypot(s.p[0] - c[0], s.p[1] - c[1]); if (d < bd) { bd = d; best = i; } });
      orphans.push({ part, owner: best });
      continue;
    }
    const [w, s, e, n] = bboxOf(part);
    const pad = Math.max(e - w, n - s) + 1000;
    const cells = powerCells(inside.map((x) => x.s), [w - pad, s - pad, e + pad, n + pad]);
    cells.forEach((cell, k) => {
      if (cell.length < 3) return;
      const piece = intersect([[closeRing(cell)]], part);
      const idx = (inside[k] as { i: number }).i;
      result[idx] = result[idx]?.length ? union(result[idx] as MultiPolygonCoords, piece) : piece;
    });
  }
  for (const { part, owner } of orphans) result[owner] = union(result[owner] ?? [], part);
  return result;
}

export function areaOf(m: MultiPolygonCoords): number {
  return multiAreaPlanar(m);
}
