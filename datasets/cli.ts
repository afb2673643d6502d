/**
 * GridCommand datasets CLI.
 *   npm run datasets -- build [--out datasets/shenzhen] [--cache datasets/.cache] [--no-video | --force-video]
 *   npm run datasets -- import <file.geojson> --level district|street|grid [--crs gcj02|bd09|wgs84] [--out dir]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build/build.js';

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
  process.stderr.write('usage: datasets build [--out dir] [--cache dir]\n       datasets import <file.geojson> --level district|street|grid [--crs gcj02|bd09|wgs84] [--out dir]\n');
  return 2;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
