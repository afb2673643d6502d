/** Small planar/spherical geometry helpers shared by the generators, the importer and the tests. */
export type Pos = [number, number];
export type Ring = Pos[];
export type PolygonCoords = Ring[];
export type MultiPolygonCoords = PolygonCoords[];

export interface PolygonGeometry { type: 'Polygon'; coordinates: PolygonCoords }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: MultiPolygonCoords }
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export type Level = 'district' | 'street' | 'community' | 'grid';
/** The file each level is kept in (areas/<file>). */
export const LEVEL_FILES: Record<Level, string> = { district: 'districts.geojson', street: 'streets.geojson', community: 'communities.geojson', grid: 'grids.geojson' };
export interface AreaProps { code: string; name: string; level: Level; parent: string }
export interface AreaFeature { type: 'Feature'; properties: AreaProps; geometry: AreaGeometry }
export interface AreaCollection { type: 'FeatureCollection'; features: AreaFeature[] }

/**
 * A local equirectangular frame in metres around an origin: an affine map of lon/lat, so straight
 * lines stay straight and a partition of the plane stays a partition. Good to well under 1% across
 * a city when the origin is near its middle (the scale is exact on the origin's parallel).
 */
export interface Frame { origin: Pos; toXY(p: Pos): Pos; toLonLat(p: Pos): Pos }
const R = 6378137;
export function frameAt(origin: Pos): Frame {
  const kx = (Math.PI / 180) * R * Math.cos((origin[1] * Math.PI) / 180);
  const ky = (Math.PI / 180) * R;
  return {
    origin,
    toXY: (p: Pos): Pos => [(p[0] - origin[0]) * kx, (p[1] - origin[1]) * ky],
    toLonLat: (p: Pos): Pos => [p[0] / kx + origin[0], p[1] / ky + origin[1]],
  };
}
/** Shenzhen's frame (the demo city's generators and tests use it). */
export const ORIGIN: Pos = [114.0, 22.6];
export const SHENZHEN_FRAME = frameAt(ORIGIN);
export const toXY = SHENZHEN_FRAME.toXY;
export const toLonLat = SHENZHEN_FRAME.toLonLat;

export const round6 = (v: number): number => {
  const r = Math.round(v * 1e6) / 1e6;
  return r === 0 ? 0 : r; // no -0 in output
};

export function polygonsOf(g: AreaGeometry): MultiPolygonCoords {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function mapMulti(m: MultiPolygonCoords, f: (p: Pos) => Pos): MultiPolygonCoords {
  return m.map((poly) => poly.map((ring) => ring.map(f)));
}

/** Round to 6 decimals, drop repeated vertices and degenerate rings/polygons; closes rings. */
export function cleanLonLat(m: MultiPolygonCoords): MultiPolygonCoords {
  const out: MultiPolygonCoords = [];
  for (const poly of m) {
    const rings: PolygonCoords = [];
    for (let ri = 0; ri < poly.length; ri++) {
      const ring = poly[ri] ?? [];
      const r: Ring = [];
      for (const p of ring) {
        const q: Pos = [round6(p[0]), round6(p[1])];
        const last = r[r.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) r.push(q);
      }
      const first = r[0];
      const last = r[r.length - 1];
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) r.push([first[0], first[1]]);
      if (r.length < 4 || Math.abs(ringAreaPlanar(r)) < 1e-14) {
        if (ri === 0) break; // outer ring vanished: drop the polygon
        continue;
      }
      rings.push(r);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

export function toGeometry(m: MultiPolygonCoords): AreaGeometry {
  const only = m[0];
  return m.length === 1 && only ? { type: 'Polygon', coordinates: only } : { type: 'MultiPolygon', coordinates: m };
}

/** Signed shoelace area in the coordinates' own units (positive = counter-clockwise). */
export function ringAreaPlanar(r: Ring): number {
  let s = 0;
  for (let i = 0, n = r.length; i < n; i++) {
    const a = r[i] as Pos;
    const b = r[(i + 1) % n] as Pos;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

export function multiAreaPlanar(m: MultiPolygonCoords): number {
  let s = 0;
  for (const poly of m) poly.forEach((ring, i) => { s += (i === 0 ? 1 : -1) * Math.abs(ringAreaPlanar(ring)); });
  return s;
}

/** Area in m² of lon/lat polygons on the WGS84 sphere (same formula as @turf/area). */
export function geodesicArea(m: MultiPolygonCoords): number {
  let total = 0;
  for (const poly of m) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringAreaSphere(ring));
      total += i === 0 ? a : -a;
    });
  }
  return total;
}
function ringAreaSphere(coords: Ring): number {
  const n = coords.length;
  if (n <= 2) return 0;
  let total = 0;
  const rad = Math.PI / 180;
  for (let i = 0; i < n; i++) {
    const lower = coords[i] as Pos;
    const middle = coords[(i + 1) % n] as Pos;
    const upper = coords[(i + 2) % n] as Pos;
    total += (upper[0] * rad - lower[0] * rad) * Math.sin(middle[1] * rad);
  }
  return (total * R * R) / 2;
}

export function pointInRing(p: Pos, ring: Ring): boolean {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Pos;
    const b = ring[j] as Pos;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

export function pointInMulti(p: Pos, m: MultiPolygonCoords): boolean {
  for (const poly of m) {
    const outer = poly[0];
    if (!outer || !pointInRing(p, outer)) continue;
    let inHole = false;
    for (let i = 1; i < poly.length; i++) if (pointInRing(p, poly[i] as Ring)) { inHole = true; break; }
    if (!inHole) return true;
  }
  return false;
}

export function bboxOf(m: MultiPolygonCoords): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const poly of m) for (const p of poly[0] ?? []) {
    if (p[0] < w) w = p[0];
    if (p[0] > e) e = p[0];
    if (p[1] < s) s = p[1];
    if (p[1] > n) n = p[1];
  }
  return [w, s, e, n];
}

/** Area-weighted centroid of the outer rings (planar; fine for small areas). */
export function centroid(m: MultiPolygonCoords): Pos {
  let ax = 0, ay = 0, aa = 0;
  for (const poly of m) {
    const r = poly[0];
    if (!r) continue;
    for (let i = 0, n = r.length; i < n; i++) {
      const a = r[i] as Pos;
      const b = r[(i + 1) % n] as Pos;
      const c = a[0] * b[1] - b[0] * a[1];
      ax += (a[0] + b[0]) * c;
      ay += (a[1] + b[1]) * c;
      aa += c;
    }
  }
  if (aa === 0) { const p = m[0]?.[0]?.[0]; return p ? [p[0], p[1]] : [0, 0]; }
  return [ax / (3 * aa), ay / (3 * aa)];
}

/** Distance from p to the nearest edge of m (planar units). */
export function distToBoundary(p: Pos, m: MultiPolygonCoords): number {
  let best = Infinity;
  for (const poly of m) for (const ring of poly) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i] as Pos;
      const b = ring[i + 1] as Pos;
      const dx = b[0] - a[0], dy = b[1] - a[1];
      const L = dx * dx + dy * dy;
      let t = L ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L : 0;
      t = Math.max(0, Math.min(1, t));
      const d = Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
      if (d < best) best = d;
    }
  }
  return best;
}

/** Compact JSON for a FeatureCollection: one feature per line, no indentation of coordinates. */
export function stringifyCollection(fc: AreaCollection): string {
  const lines = fc.features.map((f) => JSON.stringify(f));
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}
