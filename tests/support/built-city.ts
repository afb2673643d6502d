import path from 'node:path';
import { buildCity } from '../../datasets/build/city.js';
import { FIXTURES_DIR } from './city-fixtures.js';
import { tempDir } from './gateway-harness.js';

/** 杭州市 built from the DataV fixture of three districts alone, as a user would with `npm run datasets -- city`. */
export async function buildHangzhou(over: { grids?: number } = {}): Promise<string> {
  const out = path.join(tempDir('gc-hangzhou-'), 'hangzhou');
  await buildCity({
    code: '3301',
    name: '杭州市',
    nameEn: 'Hangzhou',
    files: { district: path.join(FIXTURES_DIR, '330100_full.json') },
    out,
    cache: tempDir(),
    division: path.join(FIXTURES_DIR, 'division'),
    grids: over.grids ?? 120,
    log: () => {},
  });
  return out;
}
