/**
 * `npm run datasets -- import <file> --level district|street|community|grid [--crs …] [--out dir]`
 * Validates a city's own boundary file (GeoJSON, DataV, ECharts or Shapefile: formats.ts) and
 * writes it in GridCommand's format (<out>/areas/<level>s.geojson: WGS84, 6 decimals,
 * properties { code, name, level, parent }). Every problem is reported with the index of the
 * feature it is in and the field it is about; nothing is written if there is any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AreaFeature, Level, MultiPolygonCoords, Pos } from './geo.js';
import { cleanLonLat, LEVEL_FILES, stringifyCollection, toGeometry } from './geo.js';
import { CrsError, transformFor, type CoordTransform, type Crs } from './crs.js';
import { fromJson, readSource, SourceError, type SourceFile } from './formats.js';

export { CRSS } from './crs.js';
export const LEVELS: readonly Level[] = ['district', 'street', 'community', 'grid'];
/** code length(s) per level and the length of the parent prefix (grids: a 2 or 3 digit sequence) */
export const RULES: Record<Level, { lengths: number[]; parentLength: number; what: string }> = {
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

/** Where codes, names and parents are, when not in the usual places. */
export interface FieldOptions { codeField?: string | undefined; nameField?: string | undefined; parentField?: string | undefined }
/** `crs`: this file's coordinates (wins over its format's convention); `defaultCrs`: for a file that neither has a .prj nor a convention. */
export interface ImportOptions extends FieldOptions { level: Level; crs?: Crs | undefined; defaultCrs?: Crs | undefined; cm?: number | undefined }

/** Fields that hold codes and names in Chinese department data (行政区代码/名称 …), tried after the usual ones. */
const CODE_FIELDS = ['code', 'adcode', 'xzqdm', 'xzqhdm', 'qhdm', 'pac', 'dm', 'gb'];
const NAME_FIELDS = ['name', 'xzqmc', 'xzqhmc', 'qhmc', 'mc'];

function field(props: Record<string, unknown>, name: string): { key: string; value: unknown } | undefined {
  if (name in props) return { key: name, value: props[name] };
  const lower = name.toLowerCase();
  const key = Object.keys(props).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : { key, value: props[key] };
}

const present = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** A code as digits: strings and integer numbers (DataV's adcodes are numbers) are accepted. */
function codeText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string') return v.trim();
  if (isObj(v) && (typeof v.adcode === 'number' || typeof v.adcode === 'string')) return codeText(v.adcode); // DataV's parent: { adcode }
  return undefined;
}

/** 12-digit statistical codes pad shorter levels with zeros (330102000000 is the district 330102). */
function unpad(code: string, lengths: number[]): string {
  const want = lengths.find((n) => code.length > n && /^0+$/.test(code.slice(n)));
  return /^\d+$/.test(code) && !lengths.includes(code.length) && want !== undefined ? code.slice(0, want) : code;
}

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
    out.push([p[0], p[1]]);
  }
  const a = out[0] as Pos, b = out[out.length - 1] as Pos;
  if (a[0] !== b[0] || a[1] !== b[1]) { problems.push(`${where} is not closed (first position ${JSON.stringify(a)} ≠ last ${JSON.stringify(b)})`); return null; }
  return out;
}

/** The polygons of a geometry (positions as found), or null with the problems named. */
export function checkGeometry(g: unknown, where: string, problems: string[]): MultiPolygonCoords | null {
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

/** The CRS of a source: its .prj, else the one given for it, else its format's convention, else the default given, else WGS84. */
export function sourceTransform(source: SourceFile, crs: { crs?: Crs | undefined; defaultCrs?: Crs | undefined; cm?: number | undefined }, sample: Pos | undefined): CoordTransform {
  try {
    return transformFor({
      crs: crs.crs,
      conventional: source.conventionalCrs ? { crs: source.conventionalCrs, why: `as ${source.format === 'datav' ? 'DataV GeoAtlas' : 'ECharts map'} files are` } : undefined,
      fallback: crs.defaultCrs,
      prj: source.prj,
      cm: crs.cm,
      sample,
    });
  } catch (e) {
    if (e instanceof CrsError) throw new ImportError([`${path.basename(source.file)}: ${e.message}`]);
    throw e;
  }
}

/** A position of the file's first well-formed ring, to tell metres from degrees. */
function firstPosition(geoms: (MultiPolygonCoords | null)[]): Pos | undefined {
  for (const g of geoms) { const p = g?.[0]?.[0]?.[0]; if (p) return p; }
  return undefined;
}

const inRange = (p: Pos): boolean => p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90;

export interface AreasRead {
  features: AreaFeature[];
  /** a feature's own centre (DataV `center`, ECharts `cp`), WGS84, by code */
  centers: Map<string, Pos>;
  format: SourceFile['format'];
  transform: CoordTransform;
  /** the fields the codes and names were found in */
  codeField: string;
  nameField: string;
  /** grids or communities without a name, named by their number */
  unnamed: number;
}

/** Validates a source's features as areas of one level and converts them. Throws ImportError naming every problem. */
export function areasFrom(source: SourceFile, opts: ImportOptions): AreasRead {
  const problems: string[] = [];
  const rule = RULES[opts.level];
  const seen = new Map<string, number>();
  const rows: { i: number; label: string; code: string; name: string; parent: string; geom: MultiPolygonCoords; center?: Pos }[] = [];
  const geoms: (MultiPolygonCoords | null)[] = [];
  const codeFields = new Map<string, number>(), nameFields = new Map<string, number>();
  const count = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };
  let unnamed = 0;
  source.features.forEach((f, i) => {
    const start = problems.length;
    const props = f.properties;
    // the code: a named field, or properties.code / properties.adcode / the feature id / a department field
    let raw: unknown, from = '';
    if (opts.codeField) {
      const hit = field(props, opts.codeField);
      raw = hit?.value;
      from = `properties.${hit?.key ?? opts.codeField}`;
    } else {
      for (const name of CODE_FIELDS.slice(0, 2)) { const hit = field(props, name); if (hit && present(hit.value)) { raw = hit.value; from = `properties.${hit.key}`; break; } }
      if (!present(raw) && present(f.id)) { raw = f.id; from = 'the feature id'; }
      if (!present(raw)) for (const name of CODE_FIELDS.slice(2)) { const hit = field(props, name); if (hit && present(hit.value)) { raw = hit.value; from = `properties.${hit.key}`; break; } }
    }
    const text = codeText(raw);
    const code = text === undefined ? undefined : unpad(text, rule.lengths);
    const label = code ? `feature ${i} (code ${code})` : `feature ${i}`;
    if (!present(raw) || code === undefined) {
      const keys = Object.keys(props);
      problems.push(opts.codeField
        ? `${label}: properties.${opts.codeField} (--code-field) is missing${keys.length ? `; its fields: ${keys.join(', ')}` : ''}`
        : `${label}: properties.code is missing (nor properties.adcode, a feature id or a field such as XZQDM${keys.length ? `; its fields: ${keys.join(', ')}; name the code's field with --code-field` : ''})`);
    } else {
      count(codeFields, from);
      if (!/^\d+$/.test(code) || !rule.lengths.includes(code.length)) problems.push(`${label}: code ${JSON.stringify(code)} (${from}) is not a ${opts.level} code: ${rule.what}`);
      else if (opts.level === 'district' && code.endsWith('00')) problems.push(`${label}: code ${JSON.stringify(code)} (${from}) is the code of the city ${code.slice(0, 4)} itself, not of one of its districts (DataV: download <code>_full.json, which has the districts)`);
    }
    // the name
    let name: unknown;
    let nameFrom = '';
    for (const n of opts.nameField ? [opts.nameField] : NAME_FIELDS) {
      const hit = field(props, n);
      if (hit && present(hit.value)) { name = hit.value; nameFrom = `properties.${hit.key}`; break; }
    }
    if (typeof name === 'number') name = String(name);
    if (typeof name !== 'string' || name.trim() === '') {
      // a department's grid or community file often numbers its areas without naming them
      if (code && (opts.level === 'grid' || opts.level === 'community') && !opts.nameField) { name = `${opts.level === 'grid' ? '网格' : '社区'}${code.slice(rule.parentLength)}`; unnamed++; }
      else problems.push(`${label}: properties.${opts.nameField ?? 'name'} is missing or empty`);
    } else count(nameFields, nameFrom);
    // the parent: a code, or DataV's { adcode } (whose city is 330100 for 3301, or a province 110000 for a municipality's districts)
    let parent = code ? code.slice(0, rule.parentLength) : '';
    const parentHit = field(props, opts.parentField ?? 'parent');
    if (code && parentHit && present(parentHit.value)) {
      let p = codeText(parentHit.value) ?? String(parentHit.value);
      if (p.length > rule.parentLength && /^0+$/.test(p.slice(rule.parentLength)) && code.startsWith(p.slice(0, rule.parentLength))) p = p.slice(0, rule.parentLength);
      else if (opts.level === 'district' && /^\d{2}0000$/.test(p) && code.startsWith(p.slice(0, 2))) p = code.slice(0, rule.parentLength);
      if (!code.startsWith(p)) problems.push(`${label}: parent ${JSON.stringify(p)} (properties.${parentHit.key}) is not a prefix of the code`);
      else if (p.length !== rule.parentLength) problems.push(`${label}: parent ${JSON.stringify(p)} (properties.${parentHit.key}) should have ${rule.parentLength} digits for a ${opts.level}`);
      else parent = p;
    }
    if (code) {
      const prev = seen.get(code);
      if (prev !== undefined) problems.push(`${label}: duplicate code, also used by feature ${prev}`);
      else seen.set(code, i);
    }
    const geom = checkGeometry(f.geometry, label, problems);
    geoms.push(geom);
    if (problems.length > start || !geom || !code || typeof name !== 'string') return;
    const c = props.center ?? props.cp ?? props.centroid;
    const center = Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? ([c[0], c[1]] as Pos) : undefined;
    rows.push({ i, label, code, name: name.trim(), parent, geom, ...(center ? { center } : {}) });
  });
  const transform = sourceTransform(source, opts, firstPosition(geoms));
  const features: AreaFeature[] = [];
  const centers = new Map<string, Pos>();
  for (const r of rows) {
    let bad: string | null = null;
    const converted = r.geom.map((poly, pi) => poly.map((ring, ri) => ring.map((p, k) => {
      const q = transform.apply(p);
      if (!bad && !(Number.isFinite(q[0]) && Number.isFinite(q[1]) && inRange(q))) {
        const where = `${r.label}${r.geom.length > 1 ? ` polygon ${pi}` : ''} ring ${ri} position ${k}`;
        bad = inRange(p)
          ? `${where} [${p[0]}, ${p[1]}] does not convert to a longitude/latitude (${transform.description})`
          : `${where} [${p[0]}, ${p[1]}] is outside lon -180..180 / lat -90..90 (projected coordinates? give --crs cgcs2000 for Gauss–Krüger metres; lat/lon swapped?)`;
      }
      return q;
    })));
    if (bad) { problems.push(bad); continue; }
    const m = cleanLonLat(converted);
    if (m.length === 0) { problems.push(`${r.label}: geometry has no area`); continue; }
    features.push({ type: 'Feature', properties: { code: r.code, name: r.name, level: opts.level, parent: r.parent }, geometry: toGeometry(m) });
    if (r.center && inRange(r.center)) centers.set(r.code, transform.apply(r.center));
  }
  if (problems.length > 0) throw new ImportError(problems.length > 50 ? [...problems.slice(0, 50), `… and ${problems.length - 50} more`] : problems);
  const most = (m: Map<string, number>): string => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return {
    features: features.sort((a, b) => a.properties.code.localeCompare(b.properties.code)),
    centers,
    format: source.format,
    transform,
    codeField: most(codeFields),
    nameField: most(nameFields) || 'their numbers (no name field)',
    unnamed,
  };
}

/** Validate a parsed GeoJSON (DataV, ECharts) document and convert it to GridCommand area features. Throws ImportError. */
export function validateAreas(doc: unknown, opts: ImportOptions): AreaFeature[] {
  let source: SourceFile;
  try {
    source = fromJson(doc);
  } catch (e) {
    if (e instanceof SourceError) throw new ImportError([e.message]);
    throw e;
  }
  return areasFrom(source, opts).features;
}

/** Reads a boundary file of any supported format as areas of one level. Throws ImportError. */
export function readAreas(file: string, opts: ImportOptions): AreasRead {
  let source: SourceFile;
  try {
    source = readSource(file);
  } catch (e) {
    if (e instanceof SourceError) throw new ImportError([e.message]);
    throw e;
  }
  return areasFrom(source, opts);
}

export function importFile(file: string, opts: ImportOptions & { out: string }): { file: string; count: number; read: AreasRead } {
  const read = readAreas(file, opts);
  const target = path.join(opts.out, 'areas', LEVEL_FILES[opts.level]);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, stringifyCollection({ type: 'FeatureCollection', features: read.features }));
  return { file: target, count: read.features.length, read };
}
