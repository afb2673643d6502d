// Which building an open case lies in, and how many open cases each building holds: the
// sandbox's colour-by-cases mode. Pure (no Cesium), so the counting is tested on its own.
import type { Buildings } from '../../../../gateway/protocol/buildings-format.js';
import type { Rgba } from './marks.js';

/** Cell side of the lookup grid in millionths of a degree (~110 m): a footprint spans a few cells at most. */
const CELL = 1000;

/**
 * Buildings bucketed by the cells their bounding boxes touch, so a point finds the few
 * footprints it may lie in without testing all of them.
 */
export class BuildingIndex {
  private readonly cells = new Map<number, number[]>();

  constructor(private readonly b: Buildings) {
    for (let i = 0; i < b.count; i++) {
      const n = b.vertexCount[i] ?? 0;
      if (n < 3) continue;
      const s = b.start[i] ?? 0;
      let w = Infinity, so = Infinity, e = -Infinity, no = -Infinity;
      for (let k = s; k < s + n; k++) {
        const x = b.coords[2 * k] ?? 0, y = b.coords[2 * k + 1] ?? 0;
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < so) so = y;
        if (y > no) no = y;
      }
      for (let cx = Math.floor(w / CELL); cx <= Math.floor(e / CELL); cx++)
        for (let cy = Math.floor(so / CELL); cy <= Math.floor(no / CELL); cy++) {
          const key = cellKey(cx, cy);
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        }
    }
  }

  /** The building whose footprint contains the point, or -1. */
  buildingAt(lon: number, lat: number): number {
    const x = Math.round(lon * 1e6), y = Math.round(lat * 1e6);
    for (const i of this.cells.get(cellKey(Math.floor(x / CELL), Math.floor(y / CELL))) ?? []) if (this.inside(i, x, y)) return i;
    return -1;
  }

  /** Even-odd point in polygon over the footprint, in integer millionths (exact). */
  private inside(i: number, x: number, y: number): boolean {
    const s = this.b.start[i] ?? 0, n = this.b.vertexCount[i] ?? 0, c = this.b.coords;
    let inside = false;
    for (let a = 0, z = n - 1; a < n; z = a++) {
      const xa = c[2 * (s + a)]!, ya = c[2 * (s + a) + 1]!, xz = c[2 * (s + z)]!, yz = c[2 * (s + z) + 1]!;
      if (ya > y !== yz > y && x < ((xz - xa) * (y - ya)) / (yz - ya) + xa) inside = !inside;
    }
    return inside;
  }
}

function cellKey(cx: number, cy: number): number {
  // cells of ~110 m over ±180°: both fit in 2^19, the key in a safe integer
  return (cx + 2 ** 19) * 2 ** 20 + (cy + 2 ** 19);
}

/** Open cases per building (buildings with none are absent). */
export function openCasesByBuilding(index: BuildingIndex, cases: Iterable<{ lon: number; lat: number }>): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of cases) {
    const i = index.buildingAt(c.lon, c.lat);
    if (i >= 0) out.set(i, (out.get(i) ?? 0) + 1);
  }
  return out;
}

/** The buildings whose count differs between two countings: only these are recoloured. */
export function changedBuildings(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number[] {
  const out: number[] = [];
  for (const [i, n] of after) if (before.get(i) !== n) out.push(i);
  for (const i of before.keys()) if (!after.has(i)) out.push(i);
  return out;
}

/** Colour by open cases: none a dim slate (the city recedes), one amber, two orange, three or more red. */
export function caseColour(open: number): Rgba {
  if (open <= 0) return [30, 41, 59, 255];
  if (open === 1) return [250, 204, 21, 255];
  if (open === 2) return [249, 115, 22, 255];
  return [239, 68, 68, 255];
}
