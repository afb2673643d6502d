/**
 * `npm run datasets -- import <file.geojson> --level district|street|community|grid [--crs gcj02|bd09|wgs84] [--out dir]`
 * Validates a city's own boundary file and writes it in GridCommand's format
 * (<out>/areas/<level>s.geojson: WGS84, 6 decimals, properties { code, name, level, parent }).
 * Every problem is reported with the index of the feature it is in; nothing is written if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AreaFeature, Level, MultiPolygonCoords, Pos } from './geo.js';
import { cleanLonLat, stringifyCollection, toGeometry } from './geo.js';
import { toWgs84, type Crs } from './crs.js';

export const LEVELS: readonly Level[] = ['district', 'street', 'community', 'grid'];
export const CRSS: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];
/** code length(s) per level and the length of the parent prefix (DOMAIN.md; grids: 2 or 3 digit sequence) */
const RULES: Record<Level, { lengths: number[]; parentLength: number; what: string }> = {
  district: { lengths: [6], parentLength: 4, what: '6 digits (GB/T 2260 county/district code)' },
  street: { lengths: [9], parentLength: 6, what: '9 digits (district code + 3)' },
  community: { lengths: [12], parentLength: 9, what: '12 digits (street code + 3)' },
  grid: { lengths: [14, 15], parentLength: 12, what: '14 or 15 digits (community code + 2 or 3)' },
};

export class ImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the boundary file:\n  ${problems.join('\n  ')}`);
    this.name = 'ImportError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRing(ring: unknown, where: string, problems: string[]): Pos[] | null {
  if (!Array.isArray(ring)) { problems.push(`${where} is not an array of positions`); return null; }
  if (ring.length < 4) { problems.push(`${where} has ${ring.length} positions; a closed ring needs at least 4`); return null; }
  const out: Pos[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p: unknown = ring[i];
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      problems.push(`${where} position ${i} is not [lon, lat] numbers: ${JSON.stringify(p)}`);
      return null;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      problems.push(`${where} position ${i} [${p[0]}, ${p[1]}] is outside lon -180..180 / lat -90..90 (projected coordinates? lat/lon swapped?)`);
      return null;
    }
    out.push([p[0], p[1]]);
  }
  const a = out[0] as Pos, b = out[out.length - 1] as Pos;
  if (a[0] !== b[0] || a[1] !== b[1]) { problems.push(`${where} is not closed (first position ${JSON.stringify(a)} ≠ last ${JSON.stringify(b)})`); return null; }
  return out;
}

function checkGeometry(g: unknown, where: string, problems: string[]): MultiPolygonCoords | null {
  if (!isObj(g)) { problems.push(`${where}: geometry is missing`); return null; }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') { problems.push(`${where}: geometry type is ${JSON.stringify(g.type)}; expected Polygon or MultiPolygon`); return null; }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) { problems.push(`${where}: geometry has no coordinates`); return null; }
  const polys: unknown[] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: MultiPolygonCoords = [];
  const before = problems.length;
  polys.forEach((poly, pi) => {
    const pw = g.type === 'Polygon' ? where : `${where} polygon ${pi}`;
    if (!Array.isArray(poly) || poly.length === 0) { problems.push(`${pw}: polygon has no rings`); return; }
    const rings = poly.map((r, ri) => checkRing(r, `${pw} ring ${ri}`, problems));
    if (rings.every((r): r is Pos[] => r !== null)) out.push(rings);
  });
  return problems.length === before ? out : null;
}

export interface ImportOptions { level: Level; crs: Crs }

/** Validate a parsed GeoJSON document and convert it to GridCommand area features. Throws ImportError. */
export function validateAreas(doc: unknown, opts: ImportOptions): AreaFeature[] {
  const problems: string[] = [];
  if (!isObj(doc) || doc.type !== 'FeatureCollection') throw new ImportError([`not a GeoJSON FeatureCollection (type is ${isObj(doc) ? JSON.stringify(doc.type) : typeof doc})`]);
  if (!Array.isArray(doc.features) || doc.features.length === 0) throw new ImportError(['the FeatureCollection has no features']);
  const rule = RULES[opts.level];
  const seen = new Map<string, number>();
  const out: AreaFeature[] = [];
  doc.features.forEach((f: unknown, i: number) => {
    const start = problems.length;
    if (!isObj(f) || f.type !== 'Feature') { problems.push(`feature ${i}: not a GeoJSON Feature`); return; }
    const props = isObj(f.properties) ? f.properties : {};
    const rawCode = props.code;
    const code = typeof rawCode === 'number' && Number.isInteger(rawCode) ? String(rawCode) : rawCode;
    const label = typeof code === 'string' && code ? `feature ${i} (code ${code})` : `feature ${i}`;
    if (typeof code !== 'string' || code === '') problems.push(`${label}: properties.code is missing`);
    else if (!/^\d+$/.test(code) || !rule.lengths.includes(code.length)) problems.push(`${label}: code ${JSON.stringify(code)} is not a ${opts.level} code: ${rule.what}`);
    const name = props.name;
    if (typeof name !== 'string' || name.trim() === '') problems.push(`${label}: properties.name is missing or empty`);
    let parent = typeof code === 'string' ? code.slice(0, rule.parentLength) : '';
    if (props.parent !== undefined && props.parent !== null) {
      const p = String(props.parent);
      if (typeof code === 'string' && !code.startsWith(p)) problems.push(`${label}: parent ${JSON.stringify(p)} is not a prefix of the code`);
      else if (p.length !== rule.parentLength) problems.push(`${label}: parent ${JSON.stringify(p)} should have ${rule.parentLength} digits for a ${opts.level}`);
      else parent = p;
    }
    if (typeof code === 'string') {
      const prev = seen.get(code);
      if (prev !== undefined) problems.push(`${label}: duplicate code, also used by feature ${prev}`);
      else seen.set(code, i);
    }
    const geom = checkGeometry(f.geometry, label, problems);
    if (problems.length > start || !geom || typeof code !== 'string' || typeof name !== 'string') return;
    const m = cleanLonLat(geom.map((poly) => poly.map((ring) => ring.map((p) => toWgs84(p, opts.crs)))));
    if (m.length === 0) { problems.push(`${label}: geometry has no area`); return; }
    out.push({ type: 'Feature', properties: { code, name: name.trim(), level: opts.level, parent }, geometry: toGeometry(m) });
  });
  if (problems.length > 0) throw new ImportError(problems.length > 50 ? [...problems.slice(0, 50), `… and ${problems.length - 50} more`] : problems);
  return out.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
}

export function importFile(file: string, opts: ImportOptions & { out: string }): { file: string; count: number } {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new ImportError([`cannot read ${file}: ${(e as Error).message}`]); }
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (e) { throw new ImportError([`${path.basename(file)} is not valid JSON: ${(e as Error).message}`]); }
  const features = validateAreas(doc, opts);
  const target = path.join(opts.out, 'areas', `${opts.level}s.geojson`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, stringifyCollection({ type: 'FeatureCollection', features }));
  return { file: target, count: features.length };
}
