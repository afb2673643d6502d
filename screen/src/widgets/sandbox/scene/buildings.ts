// Every building as an extruded footprint, batched: one GeometryInstance per building (its own
// colour as a per-instance attribute) in a few Primitives.
// One Entity per building would be one draw call each; this is a handful (see the `sandbox`
// benchmark's naive_frame_ms).
import {
  BoundingSphere,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  ComponentDatatype,
  Ellipsoid,
  Geometry,
  GeometryAttribute,
  GeometryAttributes,
  GeometryInstance,
  PerInstanceColorAppearance,
  Primitive,
  PrimitiveCollection,
  PrimitiveType,
} from '@cesium/engine';
import type { Buildings } from '../../../../../gateway/protocol/buildings-format.js';
import { buildingColour, type Rgba } from '../marks.js';

/** buildings per Primitive: each batch is combined in one frame, so the page stays responsive between them */
const BATCH = 5000;

const scratch = new Cartesian3();
const up = new Cartesian3();
const edge = new Cartesian3();
const out = new Cartesian3();

function ecef(lonDeg: number, latDeg: number, h: number, target: Float64Array, at: number): void {
  Cartesian3.fromDegrees(lonDeg, latDeg, h, Ellipsoid.WGS84, scratch);
  target[at] = scratch.x;
  target[at + 1] = scratch.y;
  target[at + 2] = scratch.z;
}

/** Walls (a quad per edge, normals outward) and a flat roof (a fan: footprints are 4–8 vertices). */
export function buildingGeometry(b: Buildings, i: number): Geometry {
  const n = b.vertexCount[i] ?? 0;
  const s = b.start[i] ?? 0;
  const h = Math.max(3, b.height(i));
  const lon = (k: number) => (b.coords[2 * (s + (k % n))] ?? 0) / 1e6;
  const lat = (k: number) => (b.coords[2 * (s + (k % n)) + 1] ?? 0) / 1e6;
  const vertices = 4 * n + n;
  const pos = new Float64Array(3 * vertices);
  const nor = new Float32Array(3 * vertices);
  const idx = new Uint16Array(6 * n + 3 * (n - 2));
  // Cesium's pack/unpack are typed for arrays; typed arrays index the same
  const P = pos as unknown as number[];
  const N = nor as unknown as number[];
  let cLon = 0;
  let cLat = 0;
  for (let k = 0; k < n; k++) {
    cLon += lon(k) / n;
    cLat += lat(k) / n;
  }
  Ellipsoid.WGS84.geodeticSurfaceNormal(Cartesian3.fromDegrees(cLon, cLat, 0, Ellipsoid.WGS84, scratch), up);
  const centre = Cartesian3.fromDegrees(cLon, cLat, 0);
  let t = 0;
  for (let k = 0; k < n; k++) {
    const v = 4 * k;
    ecef(lon(k), lat(k), 0, pos, 3 * v);
    ecef(lon(k + 1), lat(k + 1), 0, pos, 3 * (v + 1));
    ecef(lon(k + 1), lat(k + 1), h, pos, 3 * (v + 2));
    ecef(lon(k), lat(k), h, pos, 3 * (v + 3));
    Cartesian3.subtract(Cartesian3.unpack(P, 3 * (v + 1), out), Cartesian3.unpack(P, 3 * v, edge), edge);
    Cartesian3.normalize(Cartesian3.cross(edge, up, edge), edge);
    // outward: away from the footprint's centre
    if (Cartesian3.dot(edge, Cartesian3.subtract(Cartesian3.unpack(P, 3 * v, out), centre, out)) < 0) Cartesian3.negate(edge, edge);
    for (let q = 0; q < 4; q++) Cartesian3.pack(edge, N, 3 * (v + q));
    idx.set([v, v + 1, v + 2, v, v + 2, v + 3], t);
    t += 6;
  }
  const roof = 4 * n;
  for (let k = 0; k < n; k++) {
    ecef(lon(k), lat(k), h, pos, 3 * (roof + k));
    Cartesian3.pack(up, N, 3 * (roof + k));
  }
  for (let k = 1; k < n - 1; k++) {
    idx.set([roof, roof + k, roof + k + 1], t);
    t += 3;
  }
  const attributes = new GeometryAttributes();
  attributes.position = new GeometryAttribute({ componentDatatype: ComponentDatatype.DOUBLE, componentsPerAttribute: 3, values: pos });
  attributes.normal = new GeometryAttribute({ componentDatatype: ComponentDatatype.FLOAT, componentsPerAttribute: 3, values: nor });
  return new Geometry({ attributes, indices: idx, primitiveType: PrimitiveType.TRIANGLES, boundingSphere: BoundingSphere.fromVertices(Array.from(pos)) });
}

export interface BuildingsLayer {
  collection: PrimitiveCollection;
  /** every batch has been combined and uploaded */
  ready(): boolean;
  count: number;
  /**
   * Recolours building i in place through its per-instance attribute (nothing is rebuilt);
   * false while its batch is not ready yet.
   */
  setColour(i: number, c: Rgba): boolean;
  /** building i's colour as drawn now (its instance attribute), or null */
  colourOf(i: number): Rgba | null;
  /** the batches, for a check that a recolouring rebuilt none */
  primitives: readonly Primitive[];
}

const attributesOf = (p: Primitive | undefined, i: number) => (p?.ready ? (p.getGeometryInstanceAttributes(i) as { color?: Uint8Array } | undefined) : undefined);

/**
 * Builds the batches, yielding to the page between them so the rest of the screen stays live.
 * `colour` is each building's first colour (by height unless told).
 */
export async function buildingsLayer(b: Buildings, colour: (i: number) => Rgba = (i) => buildingColour(b.height(i))): Promise<BuildingsLayer> {
  const collection = new PrimitiveCollection();
  const primitives: Primitive[] = [];
  const appearance = new PerInstanceColorAppearance({ translucent: false, closed: true });
  for (let from = 0; from < b.count; from += BATCH) {
    const instances: GeometryInstance[] = [];
    for (let i = from; i < Math.min(b.count, from + BATCH); i++) {
      if ((b.vertexCount[i] ?? 0) < 3) continue;
      const [r, g, bl, a] = colour(i);
      instances.push(
        new GeometryInstance({
          geometry: buildingGeometry(b, i),
          id: i,
          attributes: { color: ColorGeometryInstanceAttribute.fromColor(Color.fromBytes(r, g, bl, a)) },
        }),
      );
    }
    const p = new Primitive({
      geometryInstances: instances,
      appearance,
      // geometry built here (not a Cesium geometry type) is combined on this thread, a batch per frame
      asynchronous: false,
      allowPicking: false,
      releaseGeometryInstances: true,
      vertexCacheOptimize: false,
      interleave: true,
      compressVertices: true,
    });
    primitives.push(collection.add(p) as Primitive);
    await new Promise((r) => setTimeout(r, 0));
  }
  // Building i is in batch floor(i / BATCH) under the id i. Cesium finds an instance's
  // attributes by a search that starts after the last one found, so recolouring in index
  // order (a mode switch) costs a step per building, not a scan of the batch.
  return {
    collection,
    ready: () => primitives.every((p) => p.ready),
    count: b.count,
    primitives,
    setColour(i, [r, g, bl, a]) {
      const attrs = attributesOf(primitives[Math.floor(i / BATCH)], i);
      if (!attrs) return false;
      attrs.color = ColorGeometryInstanceAttribute.toValue(Color.fromBytes(r, g, bl, a));
      return true;
    },
    colourOf(i) {
      const c = attributesOf(primitives[Math.floor(i / BATCH)], i)?.color;
      return c ? [c[0]!, c[1]!, c[2]!, c[3]!] : null;
    },
  };
}
