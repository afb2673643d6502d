/** `npm run datasets -- build`: regenerates datasets/shenzhen/ from the pinned sources and seeds. */
import fs from 'node:fs';
import path from 'node:path';
import { bboxOf, polygonsOf, round6, stringifyCollection, type AreaFeature } from './geo.js';
import { readDivision, readEchartsShenzhen } from './sources.js';
import { buildCommunitiesAndGrids, buildDistricts, buildStreets } from './areas.js';

export interface BuildOptions { out: string; cache: string; only?: string[]; log?: (s: string) => void }

function writeCollection(file: string, features: AreaFeature[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, stringifyCollection({ type: 'FeatureCollection', features }));
}

export async function build(opts: BuildOptions): Promise<void> {
  const log = opts.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  const t0 = Date.now();
  const lap = (what: string): void => log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
  const raw = readEchartsShenzhen(opts.cache);
  const div = readDivision(opts.cache);
  const districts = buildDistricts(raw, div.districts);
  lap(`districts: ${districts.length}`);
  const streets = buildStreets(districts, div.streets);
  lap(`streets: ${streets.length}`);
  const { communities, grids } = buildCommunitiesAndGrids(streets);
  lap(`communities: ${communities.length}, grids: ${grids.length}`);

  const areasDir = path.join(opts.out, 'areas');
  writeCollection(path.join(areasDir, 'districts.geojson'), districts);
  writeCollection(path.join(areasDir, 'streets.geojson'), streets);
  writeCollection(path.join(areasDir, 'communities.geojson'), communities);
  writeCollection(path.join(areasDir, 'grids.geojson'), grids);

  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const d of districts) {
    const b = bboxOf(polygonsOf(d.geometry));
    w = Math.min(w, b[0]); s = Math.min(s, b[1]); e = Math.max(e, b[2]); n = Math.max(n, b[3]);
  }
  const city = {
    code: '4403', name: '深圳市', nameEn: 'Shenzhen',
    center: [114.0596, 22.5431], // 深圳市民中心 (Civic Center), WGS84
    crs: 'wgs84',
    bbox: [round6(w), round6(s), round6(e), round6(n)],
  };
  fs.writeFileSync(path.join(opts.out, 'city.json'), `${JSON.stringify(city, null, 2)}\n`);
  lap('areas written');
}
