/**
 * Coordinates to WGS84. gcoord converts the Chinese obfuscated datums (GCJ-02: AMap, Tencent,
 * DataV and the ECharts maps; BD-09: Baidu). CGCS2000 (China Geodetic Coordinate System 2000,
 * the national datum of surveying and department GIS data) differs from WGS84 by centimetres at
 * city scale, so CGCS2000 longitude/latitude are used as they are; projected CGCS2000 (Gauss–Krüger,
 * 3° or 6° zones) is inverted with proj4, its zone taken from the .prj, the easting's zone
 * prefix, or a central meridian given by hand.
 */
import gcoordModule from 'gcoord';
import proj4 from 'proj4';
import type { Pos } from './geo.js';

// gcoord's typings describe an ES default export; at runtime Node's CJS interop hands us the object itself.
type Gcoord = typeof gcoordModule.default;
const gcoord = gcoordModule as unknown as Gcoord;

export type Crs = 'wgs84' | 'gcj02' | 'bd09' | 'cgcs2000';
export const CRSS: readonly Crs[] = ['wgs84', 'gcj02', 'bd09', 'cgcs2000'];

export function toWgs84(p: Pos, from: Exclude<Crs, 'cgcs2000'>): Pos {
  if (from === 'wgs84') return [p[0], p[1]];
  const r = gcoord.transform([p[0], p[1]], from === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84);
  return [r[0], r[1]];
}

/** A refusal to guess a coordinate system, with what to do about it. */
export class CrsError extends Error {}

/** How one file's positions become WGS84, and how that was decided (for the provenance). */
export interface CoordTransform { crs: Crs; description: string; apply(p: Pos): Pos }

const isLonLat = (p: Pos): boolean => Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** Datums that need a local seven-parameter transformation nobody publishes: refused, never guessed. */
const OLD_DATUMS = /xian[\s_]*1980|xi'an[\s_]*1980|beijing[\s_]*1954|new[\s_]*beijing|\bD_Xian|\bD_Beijing/i;
const GOOD_DATUMS = /china[\s_]*2000|cgcs[\s_]*2000|china[\s_]*geodetic[\s_]*coordinate[\s_]*system[\s_]*2000|wgs[\s_]*(19)?84|D_China_2000/i;

function gaussKruger(cm: number, falseEasting: number): proj4.Converter {
  return proj4(`+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`);
}

/**
 * The transform for a file, by precedence: its .prj; the CRS given for this file (`crs`); the
 * CRS its format conventionally uses (DataV and the ECharts maps are GCJ-02); the CRS given for
 * every file without one of those (`fallback`); WGS84. `sample` is one of the file's positions,
 * to tell projected metres from degrees.
 */
export function transformFor(opts: { crs?: Crs | undefined; conventional?: { crs: Crs; why: string } | undefined; fallback?: Crs | undefined; prj?: string | undefined; cm?: number | undefined; sample?: Pos | undefined }): CoordTransform {
  if (opts.prj !== undefined && opts.prj.trim() !== '') return fromPrj(opts.prj.trim());
  const [crs, source] = opts.crs
    ? [opts.crs, 'as given for this file']
    : opts.conventional
      ? [opts.conventional.crs, opts.conventional.why]
      : opts.fallback
        ? [opts.fallback, 'as given with --crs']
        : ['wgs84' as Crs, 'the default (the file does not say)'];
  if (crs === 'cgcs2000') return cgcs2000(opts.sample, opts.cm, source);
  const names: Record<Exclude<Crs, 'cgcs2000'>, string> = { wgs84: 'WGS84', gcj02: 'GCJ-02 → WGS84 (gcoord)', bd09: 'BD-09 → WGS84 (gcoord)' };
  return { crs, description: `${names[crs]}, ${source}`, apply: (p) => toWgs84(p, crs) };
}

function cgcs2000(sample: Pos | undefined, cm: number | undefined, source: string): CoordTransform {
  if (!sample || isLonLat(sample)) {
    if (cm === undefined) return { crs: 'cgcs2000', description: `CGCS2000 longitude/latitude, used as WGS84 (they differ by centimetres), ${source}`, apply: (p) => [p[0], p[1]] };
  }
  if (cm !== undefined) {
    if (!Number.isFinite(cm) || cm < 70 || cm > 140) throw new CrsError(`--cm ${cm}: a central meridian in China is between 70 and 140 degrees east`);
    const prefix = sample && sample[0] >= 1e7 ? Math.floor(sample[0] / 1e6) : 0;
    const gk = gaussKruger(cm, prefix * 1e6 + 500000);
    return { crs: 'cgcs2000', description: `CGCS2000 Gauss–Krüger, central meridian ${cm}°E (--cm)${prefix ? `, zone prefix ${prefix}` : ''}, inverted with proj4`, apply: (p) => gk.inverse([p[0], p[1]]) as Pos };
  }
  const x = sample![0];
  if (x >= 1e7 && x < 1e8) {
    // 3° zones in China are numbered 25–45 (central meridian 3n), 6° zones 13–23 (6n − 3): the prefix tells which
    const zone = Math.floor(x / 1e6);
    const cmOf = zone >= 25 && zone <= 45 ? 3 * zone : zone >= 13 && zone <= 23 ? 6 * zone - 3 : null;
    if (cmOf === null) throw new CrsError(`projected easting ${x} has zone prefix ${zone}, which is not a Gauss–Krüger zone of China (3° zones 25–45, 6° zones 13–23): give the central meridian with --cm`);
    const gk = gaussKruger(cmOf, zone * 1e6 + 500000);
    const kind = zone >= 25 ? '3°' : '6°';
    return { crs: 'cgcs2000', description: `CGCS2000 Gauss–Krüger ${kind} zone ${zone} (central meridian ${cmOf}°E, from the easting's zone prefix), inverted with proj4`, apply: (p) => gk.inverse([p[0], p[1]]) as Pos };
  }
  throw new CrsError(`projected coordinates (easting ${x}) without a zone prefix and without a .prj: give the Gauss–Krüger central meridian with --cm (e.g. --cm 120)`);
}

function fromPrj(wkt: string): CoordTransform {
  if (OLD_DATUMS.test(wkt)) {
    throw new CrsError('the .prj names the Xi\'an 1980 or Beijing 1954 datum: moving it to WGS84 needs a local seven-parameter transformation that is not public; convert the file to CGCS2000 first (e.g. in the GIS it came from)');
  }
  if (!GOOD_DATUMS.test(wkt)) throw new CrsError(`the .prj names a coordinate system this importer does not know (${wkt.slice(0, 80)}…): CGCS2000 or WGS84, geographic or Gauss–Krüger / transverse Mercator, are read`);
  let conv: proj4.Converter;
  try {
    conv = proj4(wkt);
  } catch (e) {
    throw new CrsError(`the .prj cannot be read: ${(e as Error).message}`);
  }
  const name = /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]*)"/i.exec(wkt);
  const projected = name ? /^PROJ/i.test(name[1] ?? '') : false;
  const label = name?.[2] ?? 'the .prj';
  if (!projected) return { crs: wkt.match(/wgs/i) ? 'wgs84' : 'cgcs2000', description: `${label} (from the .prj), used as WGS84`, apply: (p) => [p[0], p[1]] };
  return { crs: /wgs/i.test(wkt) ? 'wgs84' : 'cgcs2000', description: `${label} (from the .prj), inverted with proj4`, apply: (p) => conv.inverse([p[0], p[1]]) as Pos };
}
