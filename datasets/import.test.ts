import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, importFile, validateAreas } from './build/import.js';
import { datavDocument, echartsDocument } from '../tests/support/city-fixtures.js';

const square = (x: number, y: number, d = 0.01): number[][][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const feature = (code: unknown, name: unknown, geometry: unknown, extra: Record<string, unknown> = {}): unknown => ({ type: 'Feature', properties: { code, name, ...extra }, geometry });
const fc = (...features: unknown[]): unknown => ({ type: 'FeatureCollection', features });
const poly = (x = 114.05, y = 22.55): unknown => ({ type: 'Polygon', coordinates: square(x, y) });

function problems(doc: unknown, level: 'district' | 'street' | 'community' | 'grid' = 'street'): string[] {
  try {
    validateAreas(doc, { level, crs: 'wgs84' });
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as ImportError).problems;
  }
  throw new Error('expected the import to be rejected');
}

describe('import: valid files', () => {
  it('accepts a street file, derives the parent, converts GCJ-02 to WGS84 and writes the area format', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-import-'));
    const src = path.join(out, 'in.geojson');
    fs.writeFileSync(src, JSON.stringify(fc(feature('440303001', '桂园街道', poly()), feature(440303002, ' 黄贝街道 ', { type: 'MultiPolygon', coordinates: [square(114.07, 22.55)] }))));
    const r = importFile(src, { level: 'street', crs: 'gcj02', out });
    expect(r.count).toBe(2);
    const written = JSON.parse(fs.readFileSync(r.file, 'utf8')) as { features: { properties: Record<string, string>; geometry: { coordinates: number[][][] } }[] };
    expect(written.features[0]?.properties).toEqual({ code: '440303001', name: '桂园街道', level: 'street', parent: '440303' });
    expect(written.features[1]?.properties.name).toBe('黄贝街道');
    const [lon, lat] = written.features[0]?.geometry.coordinates[0]?.[0] ?? [];
    // GCJ-02 → WGS84 in Shenzhen moves about -0.005 lon, +0.003 lat
    expect(lon).toBeCloseTo(114.05 - 0.0049, 3);
    expect(lat).toBeCloseTo(22.55 + 0.0028, 3);
  });
});

describe('import: the files cities have', () => {
  it('reads a DataV GeoAtlas download: numeric adcodes, parent { adcode }, GCJ-02 by convention', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-import-'));
    const src = path.join(out, '330100_full.json');
    fs.writeFileSync(src, JSON.stringify(datavDocument()));
    const r = importFile(src, { level: 'district', out });
    expect(r.read.format).toBe('datav');
    expect(r.read.codeField).toBe('properties.adcode');
    expect(r.read.transform.description).toBe('GCJ-02 → WGS84 (gcoord), as DataV GeoAtlas files are');
    const written = JSON.parse(fs.readFileSync(path.join(out, 'areas', 'districts.geojson'), 'utf8')) as { features: { properties: Record<string, string> }[] };
    expect(written.features.map((f) => f.properties)).toEqual([
      { code: '330102', name: '上城区', level: 'district', parent: '3301' },
      { code: '330105', name: '拱墅区', level: 'district', parent: '3301' },
      { code: '330106', name: '西湖区', level: 'district', parent: '3301' },
    ]);
    // --crs for the file wins over the convention
    expect(importFile(src, { level: 'district', crs: 'wgs84', out }).read.transform.description).toBe('WGS84, as given for this file');
  });

  it('reads an ECharts map (the code in the feature id) and writes communities where the loader reads them', () => {
    expect(validateAreas(echartsDocument(), { level: 'district' }).map((f) => f.properties.code)).toEqual(['420102', '420103', '420104']);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-import-'));
    const src = path.join(out, 'c.geojson');
    fs.writeFileSync(src, JSON.stringify(fc(feature('440303001001', '社区', poly()))));
    expect(path.basename(importFile(src, { level: 'community', out }).file)).toBe('communities.geojson');
  });

  it('takes 12-digit statistical codes padded with zeros at their level, and names grids without names by number', () => {
    expect(validateAreas(fc(feature('330102000000', '上城区', poly(120.1, 30.2))), { level: 'district' })[0]!.properties.code).toBe('330102');
    expect(validateAreas(fc({ type: 'Feature', properties: { XZQDM: 330102001000, XZQMC: '清波街道' }, geometry: poly(120.1, 30.2) }), { level: 'street' })[0]!.properties).toEqual({ code: '330102001', name: '清波街道', level: 'street', parent: '330102' });
    expect(validateAreas(fc({ type: 'Feature', properties: { WGBM: '33010200105101' }, geometry: poly(120.1, 30.2) }), { level: 'grid', codeField: 'WGBM' })[0]!.properties.name).toBe('网格01');
  });
});

describe('import: broken files are rejected with the feature named', () => {
  it('rejects non-FeatureCollections and empty collections', () => {
    expect(problems({ type: 'Feature' })[0]).toMatch(/not a GeoJSON FeatureCollection/);
    expect(problems([1, 2])[0]).toMatch(/not a GeoJSON FeatureCollection/);
    expect(problems(fc())[0]).toMatch(/no features/);
  });

  it('rejects invalid JSON with a clear message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-import-'));
    const f = path.join(dir, 'broken.geojson');
    fs.writeFileSync(f, '{"type": "FeatureCollection", "features": [');
    expect(() => importFile(f, { level: 'district', crs: 'wgs84', out: dir })).toThrow(/broken\.geojson is not valid JSON/);
  });

  it('rejects a missing or malformed code, naming the feature index', () => {
    const p = problems(fc(feature('440303001', 'ok', poly()), feature(undefined, 'no code', poly()), feature('44030300A', 'letters', poly()), feature('4403030011', 'too long', poly())));
    expect(p).toContain('feature 1: properties.code is missing (nor properties.adcode, a feature id or a field such as XZQDM; its fields: code, name; name the code\'s field with --code-field)');
    expect(p.find((m) => m.startsWith('feature 2 (code 44030300A)'))).toMatch(/not a street code: 9 digits/);
    expect(p.find((m) => m.startsWith('feature 3 '))).toMatch(/not a street code/);
  });

  it('checks the code prefix rules against the level and the parent', () => {
    expect(problems(fc(feature('440303001', 'x', poly())), 'district')[0]).toMatch(/feature 0 .*not a district code: 6 digits/);
    expect(problems(fc(feature('440303001', 'x', poly(), { parent: '440304' })))[0]).toMatch(/feature 0 .*parent "440304" \(properties.parent\) is not a prefix of the code/);
    expect(problems(fc(feature('44030300100101', 'x', poly(), { parent: '4403030010' })), 'grid')[0]).toMatch(/should have 12 digits/);
  });

  it('rejects missing names and duplicate codes', () => {
    const p = problems(fc(feature('440303001', '', poly()), feature('440303002', 'a', poly()), feature('440303002', 'b', poly())));
    expect(p).toContain('feature 0 (code 440303001): properties.name is missing or empty');
    expect(p).toContain('feature 2 (code 440303002): duplicate code, also used by feature 1');
  });

  it('rejects wrong geometry types, unclosed rings, short rings and bad positions', () => {
    const p = problems(fc(
      feature('440303001', 'point', { type: 'Point', coordinates: [114, 22] }),
      feature('440303002', 'open', { type: 'Polygon', coordinates: [[[114, 22], [114.1, 22], [114.1, 22.1], [114, 22.1]]] }),
      feature('440303003', 'short', { type: 'Polygon', coordinates: [[[114, 22], [114.1, 22], [114, 22]]] }),
      feature('440303004', 'nan', { type: 'Polygon', coordinates: [[[114, 22], ['x', 22], [114.1, 22.1], [114, 22]]] }),
      feature('440303005', 'projected', { type: 'Polygon', coordinates: [[[12697000, 2580000], [12698000, 2580000], [12698000, 2581000], [12697000, 2580000]]] }),
      feature('440303006', 'no geometry', null),
      feature('440303007', 'multi', { type: 'MultiPolygon', coordinates: [square(114, 22), [[[114, 22], [114.1, 22], [114.1, 22.1], [114, 22.1]]]] }),
    ));
    expect(p).toContain('feature 0 (code 440303001): geometry type is "Point"; expected Polygon or MultiPolygon');
    expect(p.find((m) => m.startsWith('feature 1 '))).toMatch(/ring 0 is not closed/);
    expect(p.find((m) => m.startsWith('feature 2 '))).toMatch(/ring 0 has 3 positions; a closed ring needs at least 4/);
    expect(p.find((m) => m.startsWith('feature 3 '))).toMatch(/position 1 is not \[lon, lat\] numbers/);
    expect(p.find((m) => m.startsWith('feature 4 '))).toMatch(/outside lon -180\.\.180/);
    expect(p).toContain('feature 5 (code 440303006): geometry is missing');
    expect(p.find((m) => m.startsWith('feature 6 '))).toMatch(/polygon 1 ring 0 is not closed/);
  });

  it('writes nothing when the file is rejected', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-import-'));
    const src = path.join(out, 'in.geojson');
    fs.writeFileSync(src, JSON.stringify(fc(feature('440303001', 'ok', poly()), feature('440303001', 'dup', poly()))));
    expect(() => importFile(src, { level: 'street', crs: 'wgs84', out })).toThrow(ImportError);
    expect(fs.existsSync(path.join(out, 'areas'))).toBe(false);
  });
});
