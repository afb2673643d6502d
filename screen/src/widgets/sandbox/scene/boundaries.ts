// Area outlines, tier-aware: the scope's own outline bright, the areas one level down thinner,
// everything outside the scope under a dark veil, and grid outlines that appear at street zoom.
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  Material,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineCollection,
  Primitive,
} from '@cesium/engine';
import type { AreasResponse } from '../../../net/protocol.js';

type Feature = AreasResponse['features'][number];
type Ring = [number, number][];

export function outerRings(f: Feature): Ring[] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0] as Ring] : f.geometry.coordinates.map((p) => p[0] as Ring);
}

const LIFT_M = 4;

function ringPositions(ring: Ring): Cartesian3[] {
  const flat: number[] = [];
  for (const [lon, lat] of ring) flat.push(lon, lat, LIFT_M);
  const first = ring[0];
  if (first) flat.push(first[0], first[1], LIFT_M);
  return Cartesian3.fromDegreesArrayHeights(flat);
}

/**
 * Outlines of features as one PolylineCollection (one draw call for all of them). Each polyline
 * gets a material of its own: a collection destroys its polylines' materials one by one, and a
 * shared one was destroyed twice — the scope's next outlines were never drawn.
 */
export function outlines(features: readonly Feature[], colour: Color, width: number): PolylineCollection {
  const lines = new PolylineCollection();
  for (const f of features)
    for (const ring of outerRings(f)) lines.add({ positions: ringPositions(ring), width, material: Material.fromType('Color', { color: colour }), id: { kind: 'area', code: f.properties.code } });
  return lines;
}

/**
 * A dark veil over everything but the scope: a polygon around the city with the scope's
 * outer rings as holes.
 */
export function veil(scopeFeatures: readonly Feature[], around: [number, number, number, number]): Primitive {
  const [w, s, e, n] = around;
  const outer = Cartesian3.fromDegreesArray([w, s, e, s, e, n, w, n]);
  const holes = scopeFeatures.flatMap((f) => outerRings(f)).map((r) => new PolygonHierarchy(Cartesian3.fromDegreesArray(r.flat())));
  return new Primitive({
    geometryInstances: new GeometryInstance({
      geometry: new PolygonGeometry({ polygonHierarchy: new PolygonHierarchy(outer, holes), height: LIFT_M / 2, vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT }),
      attributes: { color: ColorGeometryInstanceAttribute.fromColor(new Color(0.0, 0.01, 0.04, 0.62)) },
    }),
    appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
    asynchronous: false,
    allowPicking: false,
  });
}

/** [west, south, east, north] of features */
export function extentOf(features: readonly Feature[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of features)
    for (const ring of outerRings(f))
      for (const [lon, lat] of ring) {
        w = Math.min(w, lon);
        e = Math.max(e, lon);
        s = Math.min(s, lat);
        n = Math.max(n, lat);
      }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** Point in polygon (even-odd) over a feature's outer rings: which area a click on the ground fell in. */
export function contains(f: Feature, lon: number, lat: number): boolean {
  for (const ring of outerRings(f)) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}
