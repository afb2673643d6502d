/** A ring is [lon, lat][]; a polygon is an outer ring followed by holes. */
export type Ring = number[][];
export type PolygonCoords = Ring[];

/** Even-odd ray casting; points exactly on an edge may fall either way. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    const ay = a[1]!;
    const by = b[1]!;
    if (ay > lat !== by > lat) {
      const ax = a[0]!;
      const bx = b[0]!;
      if (lon < ((bx - ax) * (lat - ay)) / (by - ay) + ax) inside = !inside;
    }
  }
  return inside;
}

export function pointInPolygon(lon: number, lat: number, polygon: PolygonCoords): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !pointInRing(lon, lat, outer)) return false;
  return !holes.some((h) => pointInRing(lon, lat, h));
}

export function pointInPolygons(lon: number, lat: number, polygons: PolygonCoords[]): boolean {
  return polygons.some((p) => pointInPolygon(lon, lat, p));
}

export function bboxOf(polygons: PolygonCoords[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of polygons) {
    for (const [x, y] of p[0] ?? []) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  }
  return [w, s, e, n];
}

/** Squared distance in degrees² from a point to the nearest edge of any ring of the polygons. */
export function distanceSqToPolygons(lon: number, lat: number, polygons: PolygonCoords[]): number {
  let best = Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [ax, ay] = ring[j] as [number, number];
        const [bx, by] = ring[i] as [number, number];
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((lon - ax) * dx + (lat - ay) * dy) / len));
        const ex = ax + t * dx - lon;
        const ey = ay + t * dy - lat;
        const d = ex * ex + ey * ey;
        if (d < best) best = d;
      }
    }
  }
  return best;
}
