/** `npm run datasets -- build`: regenerates datasets/shenzhen/ from the pinned sources and seeds. */
import fs from 'node:fs';
import path from 'node:path';
import { bboxOf, polygonsOf, round6, stringifyCollection, type AreaFeature } from './geo.js';
import { readDivision, readEchartsShenzhen } from './sources.js';
import { buildCommunitiesAndGrids, buildDistricts, buildStreets, SEED } from './areas.js';
import { generateBuildings } from './buildings.js';
import { encodeBuildings } from '../buildings.js';
import { CLIPS, demoUsers, generateBasedata, generateCameras, generateWorkers } from './people.js';
import { categories, departments } from './tables.js';
import { buildClips } from './video.js';

export interface BuildOptions { out: string; cache: string; video?: 'auto' | 'force' | 'skip'; log?: (s: string) => void }

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

  const { buildings, shortfall } = generateBuildings(grids, SEED);
  fs.writeFileSync(path.join(opts.out, 'buildings.bin'), encodeBuildings(buildings));
  lap(`buildings: ${buildings.length} (${shortfall} fewer than wanted where grids were full)`);

  const streetNames = new Map(streets.map((f) => [f.properties.code, f.properties.name]));
  const communityNames = new Map(communities.map((f) => [f.properties.code, f.properties.name]));
  const cameras = generateCameras(grids, streetNames, communityNames, SEED);
  writeJsonRows(path.join(opts.out, 'cameras.json'), cameras);
  const workers = generateWorkers(grids, SEED);
  writeJsonRows(path.join(opts.out, 'workers.json'), workers);
  const cats = categories();
  writeJsonRows(path.join(opts.out, 'categories.json'), cats);
  writeJsonRows(path.join(opts.out, 'departments.json'), departments(cats));
  writeJsonRows(path.join(opts.out, 'basedata.json'), generateBasedata(grids, buildings, SEED));
  const users = demoUsers(districts, streets);
  fs.writeFileSync(path.join(opts.out, 'users.json'), [
    '{', ` "demoOnly": true,`, ` "note": ${JSON.stringify(users.note)},`,
    ` "users": [\n  ${users.users.map((u) => JSON.stringify(u)).join(',\n  ')}\n ],`,
    ` "sourceKeys": [\n  ${users.sourceKeys.map((u) => JSON.stringify(u)).join(',\n  ')}\n ]`, '}', '',
  ].join('\n'));
  lap(`cameras: ${cameras.length}, workers: ${workers.length}, categories: ${cats.length}`);

  if (opts.video !== 'skip') {
    buildClips(path.join(opts.out, 'video'), CLIPS, { force: opts.video === 'force', log });
    lap('video clips');
  }
}

/** A JSON array with one element per line: compact, and diffs stay readable. */
function writeJsonRows(file: string, rows: unknown[]): void {
  fs.writeFileSync(file, `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
}
