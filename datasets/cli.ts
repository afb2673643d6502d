/**
 * GridCommand datasets CLI.
 *   npm run datasets -- build [--out datasets/shenzhen] [--cache datasets/.cache] [--no-video | --force-video]
 *   npm run datasets -- import <file.geojson> --level district|street|community|grid [--crs gcj02|bd09|wgs84] [--out dir]
 *     (default --out datasets/imported; writes <out>/areas/<level>s.geojson)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build/build.js';
import { CRSS, ImportError, LEVELS, importFile } from './build/import.js';
import type { Level } from './build/geo.js';
import type { Crs } from './build/crs.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  if (cmd === 'build') {
    await build({
      out: path.resolve(flag(args, 'out') ?? path.join(here, 'shenzhen')),
      cache: path.resolve(flag(args, 'cache') ?? path.join(here, '.cache')),
      video: args.includes('--no-video') ? 'skip' : args.includes('--force-video') ? 'force' : 'auto',
    });
    return 0;
  }
  if (cmd === 'import') {
    const file = args[0];
    if (!file || file.startsWith('--')) throw new Error('import: give the GeoJSON file to import');
    const level = flag(args, 'level');
    if (!level || !(LEVELS as readonly string[]).includes(level)) throw new Error(`import: --level must be one of ${LEVELS.join('|')}`);
    const crs = flag(args, 'crs') ?? 'wgs84';
    if (!(CRSS as readonly string[]).includes(crs)) throw new Error(`import: --crs must be one of ${CRSS.join('|')}`);
    try {
      const r = importFile(path.resolve(file), { level: level as Level, crs: crs as Crs, out: path.resolve(flag(args, 'out') ?? path.join(here, 'imported')) });
      process.stdout.write(`imported ${r.count} ${level} features (${crs} → wgs84) into ${r.file}\n`);
      return 0;
    } catch (e) {
      if (e instanceof ImportError) { process.stderr.write(`import failed: ${e.message}\n`); return 1; }
      throw e;
    }
  }
  process.stderr.write('usage: datasets build [--out dir] [--cache dir] [--no-video | --force-video]\n       datasets import <file.geojson> --level district|street|community|grid [--crs gcj02|bd09|wgs84] [--out dir]\n');
  return 2;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
