/**
 * Boundary and footprint files as cities have them, read into plain GeoJSON-like features:
 * - GeoJSON (`properties.code`, or any named field);
 * - DataV GeoAtlas downloads (`properties.adcode`, `parent: { adcode }`, `center`), GCJ-02;
 * - the ECharts city maps (`feature.id` as the code, `properties.cp`), plain or in ECharts'
 *   compressed form (`UTF8Encoding: true`: zigzag/delta-coded characters), GCJ-02;
 * - Shapefiles (`.shp` with its `.dbf`; `.prj` and `.cpg` when present), read with shpjs; DBF
 *   text in the encoding the `.cpg` or the DBF's language driver names, else UTF-8 when it is
 *   valid UTF-8, else GBK (what ArcGIS writes on a Chinese Windows).
 * JSON files are UTF-8, or GBK/GB18030 when they are not valid UTF-8.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDbf, parseShp } from 'shpjs';
import type { Crs } from './crs.js';

export type SourceFormat = 'geojson' | 'datav' | 'echarts' | 'shapefile';

export interface SourceFeature { id?: unknown; properties: Record<string, unknown>; geometry: unknown }

/** A file's features before validation, with what the format says about its coordinates. */
export interface SourceFile {
  file: string;
  format: SourceFormat;
  features: SourceFeature[];
  /** the CRS the format conventionally uses (DataV and the ECharts maps are GCJ-02) */
  conventionalCrs?: Crs;
  /** the .prj beside a Shapefile */
  prj?: string;
  /** how the DBF text was decoded */
  encoding?: string;
}

/** A file that cannot be read at all (before any feature is looked at). */
export class SourceError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export function readSource(file: string): SourceFile {
  if (!fs.existsSync(file)) throw new SourceError(`cannot read ${file}: no such file`);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.shp') return readShapefile(file);
  if (ext === '.zip') throw new SourceError(`${path.basename(file)} is a zip archive: unzip it and give the .shp (with its .dbf, .prj and .cpg beside it)`);
  if (ext === '.dbf' || ext === '.shx') throw new SourceError(`${path.basename(file)} is part of a Shapefile: give the .shp (its .dbf must be beside it)`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const { text } = decodeText(bytes);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${path.basename(file)} is not valid JSON: ${(e as Error).message}`);
  }
  return fromJson(doc, file);
}

/** A parsed JSON document as a source: GeoJSON, DataV or ECharts (compressed or not). */
export function fromJson(doc: unknown, file = '(document)'): SourceFile {
  if (!isObj(doc) || doc.type !== 'FeatureCollection') {
    throw new SourceError(`not a GeoJSON FeatureCollection (type is ${isObj(doc) ? JSON.stringify(doc.type) : Array.isArray(doc) ? 'an array' : typeof doc})`);
  }
  if (!Array.isArray(doc.features) || doc.features.length === 0) throw new SourceError('the FeatureCollection has no features');
  const compressed = doc.UTF8Encoding === true;
  const scale = typeof doc.UTF8Scale === 'number' && doc.UTF8Scale > 0 ? doc.UTF8Scale : 1024;
  const features = (doc.features as unknown[]).map((f): SourceFeature => {
    if (!isObj(f)) return { properties: {}, geometry: undefined, id: undefined };
    const geometry = compressed ? decodeEchartsGeometry(f.geometry, scale) : f.geometry;
    return { id: f.id, properties: isObj(f.properties) ? f.properties : {}, geometry };
  });
  const props = features.map((f) => f.properties);
  const datav = props.some((p) => p.adcode !== undefined && (isObj(p.parent) || p.level !== undefined || p.center !== undefined || p.acroutes !== undefined));
  const echarts = compressed || (!datav && features.some((f) => f.id !== undefined && (Array.isArray(f.properties.cp) || f.properties.childNum !== undefined)));
  if (datav) return { file, format: 'datav', features, conventionalCrs: 'gcj02' };
  if (echarts) return { file, format: 'echarts', features, conventionalCrs: 'gcj02' };
  return { file, format: 'geojson', features };
}

/**
 * ECharts' compressed maps: each ring is a string of character pairs, each character's code
 * minus 64 a zigzag-coded delta from the previous vertex, starting at the ring's encodeOffsets,
 * all in units of 1/scale degree.
 */
function decodeEchartsGeometry(g: unknown, scale: number): unknown {
  if (!isObj(g) || !Array.isArray(g.encodeOffsets) || !Array.isArray(g.coordinates)) return g;
  const offsets = g.encodeOffsets as unknown[];
  const ring = (s: unknown, off: unknown): unknown => {
    if (typeof s !== 'string' || !Array.isArray(off) || typeof off[0] !== 'number' || typeof off[1] !== 'number') return s;
    const out: [number, number][] = [];
    let x = off[0], y = off[1];
    for (let i = 0; i + 1 < s.length; i += 2) {
      const dx = s.charCodeAt(i) - 64, dy = s.charCodeAt(i + 1) - 64;
      x += (dx >> 1) ^ -(dx & 1);
      y += (dy >> 1) ^ -(dy & 1);
      out.push([x / scale, y / scale]);
    }
    // the compressed rings are stored open
    const first = out[0], last = out[out.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
    return out;
  };
  const coords = g.coordinates as unknown[];
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: coords.map((r, i) => ring(r, offsets[i])) };
  if (g.type === 'MultiPolygon') {
    return {
      type: 'MultiPolygon',
      coordinates: coords.map((poly, i) => (Array.isArray(poly) ? poly.map((r, j) => ring(r, (offsets[i] as unknown[] | undefined)?.[j])) : poly)),
    };
  }
  return g;
}

/** DBF language driver ids of the Chinese code pages (ArcGIS, Visual FoxPro). */
const CHINESE_LDIDS = new Set([0x4d, 0x7a]);

function encodingOf(cpg: string | undefined, dbf: Uint8Array): string {
  if (cpg !== undefined) {
    const c = cpg.trim().toUpperCase().replace(/^ANSI\s+/, '');
    if (/^UTF-?8$/.test(c) || c === '65001') return 'utf-8';
    if (['GBK', 'GB2312', 'CP936', '936', 'MS936'].includes(c)) return 'gbk';
    if (c === 'GB18030' || c === '54936') return 'gb18030';
    if (/^\d+$/.test(c)) return `windows-${c}`;
    try {
      return new TextDecoder(c.toLowerCase()).encoding;
    } catch {
      throw new SourceError(`the .cpg names the encoding "${cpg.trim()}", which cannot be decoded here: UTF-8, GBK, GB18030 or a Windows code page`);
    }
  }
  if (CHINESE_LDIDS.has(dbf[29] ?? 0)) return 'gbk';
  const headerLen = (dbf[8] ?? 0) | ((dbf[9] ?? 0) << 8);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(headerLen));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

function readShapefile(file: string): SourceFile {
  const base = file.slice(0, -path.extname(file).length);
  const sibling = (ext: string): string | undefined => {
    for (const e of [ext, ext.toUpperCase()]) if (fs.existsSync(base + e)) return base + e;
    return undefined;
  };
  const dbfFile = sibling('.dbf');
  if (!dbfFile) throw new SourceError(`${path.basename(file)}: the .dbf beside it is missing (the codes and names are in it)`);
  const prjFile = sibling('.prj');
  const cpgFile = sibling('.cpg');
  const shp = fs.readFileSync(file);
  const dbf = fs.readFileSync(dbfFile);
  if (shp.length < 100 || shp.readInt32BE(0) !== 9994) throw new SourceError(`${path.basename(file)} is not a Shapefile (no 9994 file code in its header)`);
  const encoding = encodingOf(cpgFile ? fs.readFileSync(cpgFile, 'latin1') : undefined, dbf);
  let geometries: unknown[];
  let rows: Record<string, unknown>[];
  try {
    geometries = parseShp(shp) as unknown[];
  } catch (e) {
    throw new SourceError(`${path.basename(file)} cannot be read: ${(e as Error).message}`);
  }
  try {
    rows = parseDbf(dbf, encoding) as Record<string, unknown>[];
  } catch (e) {
    throw new SourceError(`${path.basename(dbfFile)} cannot be read: ${(e as Error).message}`);
  }
  if (rows.length !== geometries.length) throw new SourceError(`${path.basename(file)} has ${geometries.length} shapes but its .dbf has ${rows.length} records`);
  const features = geometries.map((geometry, i): SourceFeature => ({ properties: rows[i] ?? {}, geometry: geometry ?? undefined }));
  const prj = prjFile ? decodeText(fs.readFileSync(prjFile)).text : undefined;
  return { file, format: 'shapefile', features, ...(prj !== undefined ? { prj } : {}), encoding };
}
