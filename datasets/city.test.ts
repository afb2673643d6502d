import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import area from '@turf/area';
import polygonClipping from 'polygon-clipping';
import gcoordModule from 'gcoord';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { buildCity, CityError, type CityBuildOptions } from './build/city.js';
import { loadCity, type AreaFeature, type AreaLevel } from './load.js';
import { pointInMulti, type MultiPolygonCoords } from './build/geo.js';
import { readSource } from './build/formats.js';
import { decodeBuildings, encodeBuildings } from './buildings.js';
import {
  CGCS2000_GK_CM_120E_PRJ, DIVISION, FIXTURES_DIR, HANGZHOU, WUHAN, datavDocument, echartsDocument, quantised, streetsOf, writeShapefile, type Ring,
} from '../tests/support/city-fixtures.js';

const gcoord = gcoordModule as unknown as typeof gcoordModule.default;
const DATAV = path.join(FIXTURES_DIR, '330100_full.json');
const ECHARTS = path.join(FIXTURES_DIR, 'wuhan.json');
const DIVISION_DIR = path.join(FIXTURES_DIR, 'division');
const tmp = (p = 'gc-city-') => fs.mkdtempSync(path.join(os.tmpdir(), p));
const quiet = () => {};

const polys = (f: AreaFeature): polygonClipping.MultiPolygon =>
  (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as polygonClipping.MultiPolygon;
const mpArea = (m: polygonClipping.MultiPolygon): number => area({ type: 'MultiPolygon', coordinates: m });

/** Worst relative error of children tiling their parents: sum ≈ parent, union ≈ sum (no overlap), union ∩ parent ≈ parent (no gap), union ≈ parent (nothing outside). */
function worstTiling(parents: AreaFeature[], children: AreaFeature[]): number {
  let worst = 0;
  for (const p of parents) {
    const kids = children.filter((c) => c.properties.parent === p.properties.code);
    expect(kids.length, `${p.properties.code} has children`).toBeGreaterThan(0);
    const pa = mpArea(polys(p));
    const sum = kids.reduce((a, k) => a + mpArea(polys(k)), 0);
    const [first, ...rest] = kids.map(polys) as [polygonClipping.MultiPolygon, ...polygonClipping.MultiPolygon[]];
    const uni = polygonClipping.union(first, ...rest);
    const ua = mpArea(uni);
    const covered = mpArea(polygonClipping.intersection(uni, polys(p)));
    const rel = (a: number, b: number) => Math.abs(a - b) / b;
    worst = Math.max(worst, rel(sum, pa), rel(ua, sum), rel(covered, pa), rel(ua, pa));
  }
  return worst;
}

function checkCity(dir: string, code: string, districtCodes: string[]) {
  const city = loadCity(dir);
  expect(city.city).toMatchObject({ code, crs: 'wgs84' });
  expect(city.city.bbox).toHaveLength(4);
  const [w, s, e, n] = city.city.bbox;
  expect(city.city.center[0]).toBeGreaterThan(w);
  expect(city.city.center[0]).toBeLessThan(e);
  expect(city.city.center[1]).toBeGreaterThan(s);
  expect(city.city.center[1]).toBeLessThan(n);
  expect(city.districts.map((d) => d.properties.code)).toEqual(districtCodes);
  // the streets are the tables' streets of these districts, with their names
  const expected = districtCodes.flatMap((d) => streetsOf(d));
  expect(city.streets.map((f) => [f.properties.code, f.properties.name]).sort()).toEqual(expected.sort());
  // every code extends its parent's, every parent exists
  const levels: AreaLevel[] = ['district', 'street', 'community', 'grid'];
  const known = new Set([code]);
  for (const level of levels) for (const f of city.areas(level)) {
    expect(known.has(f.properties.parent), `${f.properties.code}'s parent ${f.properties.parent}`).toBe(true);
    expect(f.properties.code.startsWith(f.properties.parent)).toBe(true);
    expect(f.properties.level).toBe(level);
    known.add(f.properties.code);
  }
  // tiling, measured with @turf/area and polygon-clipping (not the builder's own geometry)
  const t = { street: worstTiling(city.districts, city.streets), community: worstTiling(city.streets, city.communities), grid: worstTiling(city.communities, city.grids) };
  console.log(`${code}: worst tiling error streets in districts ${t.street.toExponential(2)}, communities in streets ${t.community.toExponential(2)}, grids in communities ${t.grid.toExponential(2)}`);
  expect(Math.max(t.street, t.community, t.grid)).toBeLessThan(0.005);
  // buildings inside their grids, cameras and workers marked generated and inside the city
  const b = city.buildings();
  expect(b.count).toBeGreaterThan(city.grids.length);
  const gridGeom = new Map(city.grids.map((g) => [g.properties.code, polys(g) as MultiPolygonCoords]));
  for (let i = 0; i < b.count; i += 7) expect(b.footprint(i).every((p) => pointInMulti(p, gridGeom.get(b.gridCode(i))!))).toBe(true);
  expect(city.cameras.length).toBeGreaterThan(10);
  expect(city.cameras.every((c) => c.generated === true && pointInMulti([c.lon, c.lat], gridGeom.get(c.gridCode)!))).toBe(true);
  expect(city.workers).toHaveLength(city.grids.length);
  expect(city.workers.every((w) => w.generated === true)).toBe(true);
  expect(city.categories.length).toBeGreaterThan(40);
  expect(city.departments.length).toBeGreaterThan(5);
  expect(city.basedata).toHaveLength(city.grids.length);
  expect(city.users.users.map((u) => u.username)).toContain(`leader-${code}`);
  expect(fs.existsSync(path.join(city.videoDir, 'clips'))).toBe(true);
  const prov = JSON.parse(fs.readFileSync(path.join(dir, 'provenance.json'), 'utf8')) as { levels: Record<string, { origin: string }>; generated: Record<string, string> };
  expect(prov.levels).toMatchObject({ district: { origin: 'given' }, street: { origin: 'generated' }, community: { origin: 'generated' }, grid: { origin: 'generated' } });
  expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/synthetic demo data, not official/);
  return city;
}

function options(over: Partial<CityBuildOptions> & Pick<CityBuildOptions, 'code' | 'files'>): CityBuildOptions {
  return { out: path.join(tmp(), 'city'), cache: tmp(), division: DIVISION_DIR, grids: 120, log: quiet, ...over };
}

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('a city from a DataV GeoAtlas download of its districts alone (杭州市)', () => {
  it('builds a complete dataset whose streets tile the districts and grids tile the streets', async () => {
    const opts = options({ code: '3301', files: { district: DATAV } });
    const r = await buildCity(opts);
    expect(r.counts.district).toBe(3);
    const city = checkCity(opts.out, '3301', ['330102', '330105', '330106']);
    // the name from the division tables (no --name given); the districts' names from the file
    expect(city.city.name).toBe('杭州市');
    expect(city.districts.map((d) => d.properties.name)).toEqual(['上城区', '拱墅区', '西湖区']);
    // DataV is GCJ-02: converted to WGS84 (in Hangzhou about −0.0046° lon, +0.0024° lat)
    const [x, y] = HANGZHOU.districts[0]!.parts[0]![0]!;
    const want = gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84) as [number, number];
    const ring = polys(city.districts[0]!)[0]![0]!;
    expect(ring.some(([a, b]) => Math.abs(a - want[0]) < 2e-6 && Math.abs(b - want[1]) < 2e-6)).toBe(true);
    // urban streets (街道) take the densest cells, towns (镇) the outskirts
    const dens = (code: string) => city.grids.filter((g) => g.properties.code.startsWith(code)).length / mpArea(polys(city.streets.find((s) => s.properties.code === code)!));
    expect(dens('330106109')).toBeLessThan(dens('330106004')); // 三墩镇 sparser than 西溪街道
  });

  it('gives the same files for the same inputs and seed', async () => {
    const a = options({ code: '3301', files: { district: DATAV }, grids: 60 });
    const b = { ...a, out: path.join(tmp(), 'again') };
    await buildCity(a);
    await buildCity(b);
    expect(hashes(b.out)).toEqual(hashes(a.out));
  });
});

describe('a city from an ECharts map of its districts (武汉市, compressed)', () => {
  it('decodes the compressed file to the polygons it was made from', () => {
    expect(JSON.parse(fs.readFileSync(ECHARTS, 'utf8'))).toEqual(echartsDocument());
    const src = readSource(ECHARTS);
    expect(src.format).toBe('echarts');
    const jiangan = src.features[0]!.geometry as { type: string; coordinates: Ring[][] };
    expect(jiangan.type).toBe('MultiPolygon');
    expect(jiangan.coordinates.map((p) => p[0])).toEqual(WUHAN.districts[0]!.parts.map(quantised));
    expect(JSON.parse(fs.readFileSync(DATAV, 'utf8'))).toEqual(datavDocument());
  });

  it('builds a complete dataset, the island kept as a second part of 江岸区', async () => {
    const opts = options({ code: '4201', name: '武汉市', nameEn: 'Wuhan', files: { district: ECHARTS } });
    await buildCity(opts);
    const city = checkCity(opts.out, '4201', ['420102', '420103', '420104']);
    expect(city.city).toMatchObject({ name: '武汉市', nameEn: 'Wuhan' });
    expect(city.districts[0]!.geometry.type).toBe('MultiPolygon');
    expect(polys(city.districts[0]!)).toHaveLength(2);
  });
});

describe('Shapefiles', () => {
  /** 杭州's districts in CGCS2000 (= the DataV outlines converted to WGS84), projected to 3° Gauss–Krüger at 120°E. */
  const gk = proj4('+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
  const wgs = (r: Ring): Ring => r.map((p) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as [number, number]);

  it('reads districts in projected CGCS2000 with a .prj and GBK attributes (12-digit codes) from the .dbf', async () => {
    const dir = tmp('gc-shp-');
    const shp = writeShapefile(path.join(dir, '区县界'), HANGZHOU.districts.map((d) => ({
      parts: d.parts.map((r) => wgs(r).map((p) => gk.forward(p) as [number, number])),
      fields: { XZQDM: `${d.code}000000`, XZQMC: d.name, AREA: 1 },
    })), [{ name: 'XZQDM', type: 'C', length: 12 }, { name: 'XZQMC', type: 'C', length: 20 }, { name: 'AREA', type: 'N', length: 10 }], { encoding: 'gbk', prj: CGCS2000_GK_CM_120E_PRJ });
    const opts = options({ code: '3301', name: '杭州市', files: { district: shp } });
    const r = await buildCity(opts);
    expect(r.levels.district.how).toMatch(/shapefile file, code from properties\.XZQDM, name from properties\.XZQMC; CGCS2000_3_Degree_GK_CM_120E \(from the \.prj\)/);
    const city = checkCity(opts.out, '3301', ['330102', '330105', '330106']);
    expect(city.districts.map((d) => d.properties.name)).toEqual(['上城区', '拱墅区', '西湖区']);
    // back to longitude/latitude within the 6-decimal rounding
    const want = wgs(HANGZHOU.districts[1]!.parts[0]!);
    const got = polys(city.districts[1]!)[0]![0]!;
    for (const p of want) expect(got.some((q) => Math.abs(q[0] - p[0]) < 1.5e-6 && Math.abs(q[1] - p[1]) < 1.5e-6), `${p}`).toBe(true);
  });

  it('reads a department\'s grids with a named code field; the streets and communities between are their unions', async () => {
    const first = options({ code: '3301', files: { district: DATAV }, grids: 60 });
    await buildCity(first);
    const made = loadCity(first.out);
    const dir = tmp('gc-shp-');
    const records = made.grids.map((g) => ({ parts: polys(g).map((p) => p[0] as Ring), fields: { WGBM: g.properties.code, WGMC: g.properties.name } }));
    const fields = [{ name: 'WGBM', type: 'C' as const, length: 14 }, { name: 'WGMC', type: 'C' as const, length: 60 }];
    const shp = writeShapefile(path.join(dir, 'grids'), records, fields, { encoding: 'utf-8', cpg: 'UTF-8' });
    // without the field named: refused, naming the feature and listing its fields
    const refused = await buildCity(options({ code: '3301', files: { district: DATAV, grid: shp }, crs: 'cgcs2000' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CityError);
    expect((refused as CityError).problems[0]).toBe('grids.shp: feature 0: properties.code is missing (nor properties.adcode, a feature id or a field such as XZQDM; its fields: WGBM, WGMC; name the code\'s field with --code-field)');
    const opts = options({ code: '3301', files: { district: DATAV, grid: shp }, crs: 'cgcs2000', codeField: 'WGBM', nameField: 'WGMC' });
    const r = await buildCity(opts);
    expect(r.levels.street.origin).toBe('derived');
    expect(r.levels.community.origin).toBe('derived');
    const city = loadCity(opts.out);
    expect(city.grids.map((g) => [g.properties.code, g.properties.name])).toEqual(made.grids.map((g) => [g.properties.code, g.properties.name]));
    expect(city.streets.map((s) => s.properties.name)).toEqual(made.streets.map((s) => s.properties.name));
    expect(worstTiling(city.streets, city.grids.map((g) => ({ ...g, properties: { ...g.properties, parent: g.properties.code.slice(0, 9) } })))).toBeLessThan(0.005);
    // the given grids (as the streets they make up) against the given districts: measured and reported
    expect(r.coverage).toHaveLength(1);
    expect(r.coverage[0]).toMatchObject({ parentLevel: 'district', childLevel: 'street' });
    expect(Math.max(r.coverage[0]!.gapShare, r.coverage[0]!.outsideShare, r.coverage[0]!.overlapShare)).toBeLessThan(0.001);
    expect(fs.readFileSync(path.join(opts.out, 'README.md'), 'utf8')).toMatch(/the union of the given grids/);
  });
});

describe('building footprints of the city', () => {
  it('takes heights from a floor count, places each footprint in its grid, leaves out those outside', async () => {
    const base = options({ code: '3301', files: { district: DATAV }, grids: 40 });
    await buildCity(base);
    const made = loadCity(base.out);
    const g = made.grids[5]!;
    const [cx, cy] = polys(g)[0]![0]!.reduce((a, p, _i, all) => [a[0] + p[0] / all.length, a[1] + p[1] / all.length], [0, 0]);
    // a small square in GCJ-02 around a point of the grid (converted back from WGS84)
    const square = (x: number, y: number, d = 0.0002): Ring => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
    const gcj = gcoord.transform([cx!, cy!], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 层数: 12 }, geometry: { type: 'Polygon', coordinates: [square(gcj[0] - 0.0001, gcj[1] - 0.0001)] } },
        { type: 'Feature', properties: { 层数: '3' }, geometry: { type: 'Polygon', coordinates: [square(100, 10)] } },
      ],
    };
    const file = path.join(tmp(), 'buildings.geojson');
    fs.writeFileSync(file, JSON.stringify(fc));
    const opts = options({ code: '3301', files: { district: DATAV }, grids: 40, buildings: file, crs: 'gcj02' });
    const r = await buildCity(opts);
    expect(r.counts.buildings).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/1 building footprints lie outside every grid/);
    const b = loadCity(opts.out).buildings();
    expect(b.height(0)).toBeCloseTo(12 * 3.2, 1);
    expect(b.gridCode(0)).toBe(g.properties.code);

    fs.writeFileSync(file, JSON.stringify({ ...fc, features: [{ ...fc.features[0], properties: { kind: 'house' } }] }));
    const refused = await buildCity(opts).catch((e: unknown) => e);
    expect((refused as CityError).problems[0]).toMatch(/^buildings\.geojson: feature 0: no height: none of properties\.height, floors, levels, 层数 …; its fields: kind; name one with --height-field/);
  });
});

describe('buildings.bin of a city with 3-digit grid numbers', () => {
  it('holds 15-digit grid codes (the header says how long they are)', () => {
    const ring: [number, number][] = [[120.1, 30.2], [120.1001, 30.2], [120.1001, 30.2001], [120.1, 30.2001]];
    const b = decodeBuildings(encodeBuildings([{ ring, height: 12.5, gridCode: '330102001001001' }, { ring, height: 3, gridCode: '330102001001002' }]));
    expect(b.gridCodes).toEqual(['330102001001001', '330102001001002']);
    expect([b.gridCode(1), b.height(0)]).toEqual(['330102001001002', 12.5]);
    expect(() => encodeBuildings([{ ring, height: 3, gridCode: '330102001001001' }, { ring, height: 3, gridCode: '33010200100101' }])).toThrow(/not 15 characters/);
  });
});

describe('refusals name the file, the feature and the field, and write nothing', () => {
  const refuse = async (over: Partial<CityBuildOptions> & Pick<CityBuildOptions, 'code' | 'files'>) => {
    const opts = options(over);
    const e = await buildCity(opts).catch((err: unknown) => err);
    expect(e, 'refused').toBeInstanceOf(CityError);
    expect(fs.existsSync(opts.out)).toBe(false);
    return (e as CityError).problems;
  };
  const write = (doc: unknown, name = 'in.json') => {
    const f = path.join(tmp(), name);
    fs.writeFileSync(f, JSON.stringify(doc));
    return f;
  };

  it('a DataV file with a feature without adcode, a parent that is not its prefix and a district of another city', async () => {
    const doc = datavDocument() as { features: { properties: Record<string, unknown> }[] };
    delete doc.features[1]!.properties.adcode;
    doc.features[2]!.properties.parent = { adcode: 320100 };
    const p = await refuse({ code: '3301', files: { district: write(doc, '330100_full.json') } });
    expect(p).toContain('330100_full.json: feature 1: properties.code is missing (nor properties.adcode, a feature id or a field such as XZQDM; its fields: name, center, centroid, childrenNum, level, parent, subFeatureIndex, acroutes; name the code\'s field with --code-field)');
    expect(p).toContain('330100_full.json: feature 2 (code 330106): parent "320100" (properties.parent) is not a prefix of the code');
    expect(await refuse({ code: '3302', files: { district: DATAV } })).toContain('330100_full.json: district 330102 上城区 is not in the city 3302 (its code does not start with 3302)');
  });

  it('the city file instead of the districts, and a district the tables do not know', async () => {
    const city = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { adcode: 330100, name: '杭州市', level: 'city', parent: { adcode: 330000 } }, geometry: { type: 'Polygon', coordinates: [HANGZHOU.districts[2]!.parts[0]] } }] };
    expect((await refuse({ code: '3301', files: { district: write(city, '330100.json') } }))[0]).toBe('330100.json: feature 0 (code 330100): code "330100" (properties.adcode) is the code of the city 3301 itself, not of one of its districts (DataV: download <code>_full.json, which has the districts)');
    const doc = datavDocument() as { features: { properties: Record<string, unknown> }[] };
    doc.features[0]!.properties.adcode = 330103; // 下城区, merged into 拱墅区 and 上城区 in 2021
    const p = await refuse({ code: '3301', files: { district: write(doc) } });
    expect(p[0]).toMatch(/^district 330103 上城区: the division tables \(division tables in division\) list no streets for it \(a code changed since\?\): give the streets with --streets$/);
  });

  it('projected metres without a coordinate system, without a zone, and on the Xi\'an 1980 datum', async () => {
    const dir = tmp('gc-shp-');
    const gk = proj4('+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
    const records = HANGZHOU.districts.map((d) => ({ parts: d.parts.map((r) => r.map((p) => gk.forward(p) as [number, number])), fields: { DM: d.code, MC: d.name } }));
    const fields = [{ name: 'DM', type: 'C' as const, length: 6 }, { name: 'MC', type: 'C' as const, length: 20 }];
    const plain = writeShapefile(path.join(dir, 'plain'), records, fields, { encoding: 'utf-8' });
    expect((await refuse({ code: '3301', files: { district: plain } }))[0]).toMatch(/^plain\.shp: feature 0 \(code 330102\) ring 0 position 0 \[\d+\.\d+, \d+\.\d+\] is outside lon -180\.\.180 \/ lat -90\.\.90 \(projected coordinates\? give --crs cgcs2000/);
    expect(await refuse({ code: '3301', files: { district: plain }, crs: 'cgcs2000' })).toEqual([expect.stringMatching(/^plain\.shp: plain\.shp: projected coordinates \(easting \d+\.\d+\) without a zone prefix and without a \.prj: give the Gauss–Krüger central meridian with --cm/)]);
    // with the central meridian named, the same file is read
    const ok = options({ code: '3301', files: { district: plain }, crs: 'cgcs2000', cm: 120 });
    await buildCity(ok);
    expect(loadCity(ok.out).districts).toHaveLength(3);
    const xian = writeShapefile(path.join(dir, 'xian'), records, fields, { encoding: 'utf-8', prj: CGCS2000_GK_CM_120E_PRJ.replace(/China_Geodetic_Coordinate_System_2000/g, 'Xian_1980').replace('D_China_2000', 'D_Xian_1980') });
    expect((await refuse({ code: '3301', files: { district: xian } }))[0]).toMatch(/^xian\.shp: xian\.shp: the \.prj names the Xi'an 1980 or Beijing 1954 datum/);
  });

  it('a Shapefile without its .dbf, and a file that is not JSON', async () => {
    const dir = tmp('gc-shp-');
    const shp = writeShapefile(path.join(dir, 'nodbf'), [{ parts: [HANGZHOU.districts[0]!.parts[0]!], fields: { DM: '330102' } }], [{ name: 'DM', type: 'C', length: 6 }], { encoding: 'utf-8' });
    fs.rmSync(path.join(dir, 'nodbf.dbf'));
    expect(await refuse({ code: '3301', files: { district: shp } })).toEqual(['nodbf.shp: nodbf.shp: the .dbf beside it is missing (the codes and names are in it)']);
    const broken = path.join(tmp(), 'broken.json');
    fs.writeFileSync(broken, '{"type": "FeatureCollection", "features": [');
    expect((await refuse({ code: '3301', files: { district: broken } }))[0]).toMatch(/^broken\.json: broken\.json is not valid JSON/);
  });
});

describe('the command line', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), ...args], { encoding: 'utf8' });

  it('builds with the issue\'s options, refuses an unknown option, and says why it failed with exit code 1', () => {
    const out = path.join(tmp(), 'wuhan');
    const ok = cli(['city', '--code', '4201', '--name', '武汉市', '--districts', ECHARTS, '--crs', 'gcj02', '--division', DIVISION_DIR, '--target-grids', '60', '--no-video', '--out', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`built 武汉市 (4201) in ${out}: 3 districts, ${DIVISION.areas.filter((a) => a[2] === '4201').reduce((n, a) => n + streetsOf(a[0]!).length, 0)} streets`);
    expect(ok.stdout).toContain(`GRIDCOMMAND_DATASET=${out} npm start`);
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toContain('--code 4201 --name 武汉市');
    const typo = cli(['city', '--code', '4201', '--district', ECHARTS, '--out', out]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/unknown option --district; the options are --code --name/);
    const bad = cli(['city', '--code', '4201', '--districts', DATAV, '--division', DIVISION_DIR, '--out', path.join(tmp(), 'x')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('city failed: 3 problems:\n  330100_full.json: district 330102 上城区 is not in the city 4201');
    expect(bad.stderr).toContain('nothing was written.');
  });
});
