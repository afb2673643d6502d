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
