/**
 * A city's own building footprints (GeoJSON or Shapefile polygons with a height in metres or a
 * floor count) as buildings.bin input: WGS84 outer rings, open and counter-clockwise, 3–255
 * vertices (simplified in metres where a footprint has more), each in the grid that holds its
 * centroid. Holes are dropped (the binary keeps outlines only); each part of a multi-part
 * footprint is a building of its own.
 */
import path from 'node:path';
import Flatbush from 'flatbush';
import type { BuildingInput } from '../buildings.js';
import type { AreaFeature, Frame, Pos } from './geo.js';
import { bboxOf, centroid, pointInMulti, polygonsOf, ringAreaPlanar, round6 } from './geo.js';
import type { Crs } from './crs.js';
import { checkGeometry, ImportError, sourceTransform } from './import.js';
import { readSource, SourceError } from './formats.js';

export interface FootprintOptions {
  /** a field in metres; else `floorsField`; else the usual names are tried */
  heightField?: string | undefined;
  floorsField?: string | undefined;
  /** metres per floor when only floors are known */
  floorHeight?: number | undefined;
  /** used where a footprint has no height, instead of refusing it */
  defaultHeight?: number | undefined;
  crs?: Crs | undefined;
  defaultCrs?: Crs | undefined;
  cm?: number | undefined;
}

export interface FootprintsRead {
  buildings: BuildingInput[];
  /** footprints read, parts kept, parts outside every grid, parts simplified, footprints given the default height */
  stats: { features: number; parts: number; outside: number; simplified: number; defaulted: number; heightFrom: string };
  transform: string;
  format: string;
}

const HEIGHT_FIELDS = ['height', 'bldg_height', 'building_height', 'h', '高度', 'gd', 'jzgd'];
const FLOOR_FIELDS = ['floor', 'floors', 'levels', 'building:levels', 'storeys', 'floor_num', '层数', 'cs', 'jzcs', 'dscs'];
const MAX_VERTICES = 255;

function lookup(props: Record<string, unknown>, names: string[]): { key: string; value: number } | undefined {
  for (const n of names) {
    const key = Object.keys(props).find((k) => k.toLowerCase() === n.toLowerCase());
    if (key === undefined) continue;
    const v = props[key];
    const num = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return { key, value: num };
  }
  return undefined;
}

/** Douglas–Peucker in the metric frame, with the tolerance doubled until the ring fits. */
function simplify(ring: Pos[], frame: Frame): Pos[] {
  const xy = ring.map(frame.toXY);
  const keep = (tol: number): number[] => {
    const marks = new Uint8Array(xy.length);
    marks[0] = 1; marks[xy.length - 1] = 1;
    const stack: [number, number][] = [[0, xy.length - 1]];
    while (stack.length) {
      const [a, b] = stack.pop()!;
      const pa = xy[a]!, pb = xy[b]!;
      const dx = pb[0] - pa[0], dy = pb[1] - pa[1], len = Math.hypot(dx, dy) || 1;
      let far = -1, best = tol;
      for (let i = a + 1; i < b; i++) {
        const p = xy[i]!;
        const d = Math.abs(dy * (p[0] - pa[0]) - dx * (p[1] - pa[1])) / len;
        if (d > best) { best = d; far = i; }
      }
      if (far >= 0) { marks[far] = 1; stack.push([a, far], [far, b]); }
    }
    return [...marks.keys()].filter((i) => marks[i]);
  };
  for (let tol = 0.05; ; tol *= 2) {
    const idx = keep(tol);
    if (idx.length <= MAX_VERTICES || tol > 1000) return idx.map((i) => ring[i]!);
  }
}

/** Reads footprints and places each in the grid holding its centroid; refusals name the feature and the field. */
export function readFootprints(file: string, grids: AreaFeature[], frame: Frame, opts: FootprintOptions): FootprintsRead {
  let source;
  try {
    source = readSource(file);
  } catch (e) {
    if (e instanceof SourceError) throw new ImportError([e.message]);
    throw e;
  }
  const problems: string[] = [];
  const floorHeight = opts.floorHeight ?? 3.2;
  let heightFrom = '';
  const rows: { label: string; height: number; polys: Pos[][] }[] = [];
  let defaulted = 0;
  let sample: Pos | undefined;
  source.features.forEach((f, i) => {
    const label = `feature ${i}`;
    const props = f.properties;
    let height: number | undefined;
    const h = opts.heightField ? lookup(props, [opts.heightField]) : opts.floorsField ? undefined : lookup(props, HEIGHT_FIELDS);
    const fl = opts.floorsField ? lookup(props, [opts.floorsField]) : opts.heightField ? undefined : lookup(props, FLOOR_FIELDS);
    if (h && Number.isFinite(h.value) && h.value > 0) { height = h.value; heightFrom ||= `properties.${h.key} (metres)`; }
    else if (fl && Number.isFinite(fl.value) && fl.value > 0) { height = fl.value * floorHeight; heightFrom ||= `properties.${fl.key} (floors × ${floorHeight} m)`; }
    if (height === undefined) {
      if (opts.defaultHeight !== undefined) { height = opts.defaultHeight; defaulted++; }
      else {
        const named = opts.heightField ?? opts.floorsField;
        const bad = h ?? fl;
        problems.push(bad
          ? `${label}: properties.${bad.key} ${JSON.stringify(props[bad.key])} is not a positive number`
          : `${label}: no height: ${named ? `properties.${named} is missing` : 'none of properties.height, floors, levels, 层数 …'}${named ? '' : `; its fields: ${Object.keys(props).join(', ') || 'none'}; name one with --height-field (metres) or --floors-field, or give --default-height`}`);
      }
    }
    if (height !== undefined && height > 6553) problems.push(`${label}: height ${height} m is more than the 6,553.5 m buildings.bin holds (centimetres? give --floors-field if it is a floor count)`);
    const g = checkGeometry(f.geometry, label, problems);
    if (!g || height === undefined) return;
    sample ??= g[0]?.[0]?.[0];
    rows.push({ label, height, polys: g.map((poly) => poly[0]!) });
  });
  if (problems.length) throw new ImportError(problems.length > 50 ? [...problems.slice(0, 50), `… and ${problems.length - 50} more`] : problems);
  const transform = sourceTransform(source, opts, sample);

  // the grids, indexed by bounding box
  const gridPolys = grids.map((g) => polygonsOf(g.geometry));
  const index = new Flatbush(Math.max(1, grids.length));
  for (const m of gridPolys) { const b = bboxOf(m); index.add(b[0], b[1], b[2], b[3]); }
  if (grids.length === 0) index.add(0, 0, 0, 0);
  index.finish();

  const buildings: BuildingInput[] = [];
  let parts = 0, outside = 0, simplified = 0;
  for (const r of rows) {
    for (const outer of r.polys) {
      let ring = outer.slice(0, -1).map((p) => transform.apply(p)).map((p) => [round6(p[0]), round6(p[1])] as Pos);
      ring = ring.filter((p, k) => k === 0 || p[0] !== ring[k - 1]![0] || p[1] !== ring[k - 1]![1]);
      if (ring.length < 3 || Math.abs(ringAreaPlanar([...ring, ring[0]!])) < 1e-12) continue;
      if (ringAreaPlanar([...ring, ring[0]!]) < 0) ring.reverse(); // counter-clockwise
      if (ring.length > MAX_VERTICES) { ring = simplify([...ring, ring[0]!], frame).slice(0, -1); simplified++; }
      parts++;
      const c = centroid([[[...ring, ring[0]!]]]);
      const hit = index.search(c[0], c[1], c[0], c[1]).find((k) => pointInMulti(c, gridPolys[k]!));
      if (hit === undefined) { outside++; continue; }
      buildings.push({ ring, height: Math.round(r.height * 10) / 10, gridCode: grids[hit]!.properties.code });
    }
  }
  return {
    buildings,
    stats: { features: rows.length, parts, outside, simplified, defaulted, heightFrom: heightFrom || 'the default height' },
    transform: transform.description,
    format: `${source.format} (${path.basename(file)})`,
  };
}
