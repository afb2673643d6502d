/**
 * Soak: the gateway with its simulator at 200 events/s and 50 screens (a fifth on the city, the
 * rest on districts) for SOAK_SECONDS (default an hour), on the Shenzhen dataset
 * (tests/support/soak.ts). Prints soak.heap_growth_mb (heap after GC, end of a minute's warm-up →
 * end; goal ≤ 20), soak.p99_ms (commit → screen, every event view received), and what was lost
 * (soak.refused: sends refused or failed; soak.missing: (screen, event of its scope) never received).
 */
import path from 'node:path';
import { runSoak } from '../tests/support/soak.js';
import { recordResults } from './stats.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 3600);
const SCREENS = Number(process.env.SOAK_SCREENS ?? 50);
const RATE = Number(process.env.SOAK_RATE ?? 200);

export async function runSoakBench(): Promise<void> {
  const r = await runSoak({
    seconds: SECONDS,
    screens: SCREENS,
    ratePerS: RATE,
    datasetDir: path.resolve(import.meta.dirname, '../datasets/shenzhen'),
    say: (line) => console.log(`  ${line}`),
  });
  console.log(`  heap (MB, after GC): ${r.heapSamplesMb.map((m) => m.toFixed(1)).join(' ')}`);
  for (const s of r.missingSamples) console.log(`  ! ${s}`);
  for (const w of r.warnings.slice(0, 5)) console.log(`  ! ${w}`);
  recordResults({
    'soak.seconds': r.seconds,
    'soak.stored': r.stored,
    'soak.received': r.received,
    'soak.refused': r.refused,
    'soak.missing': r.missing,
    'soak.heap_growth_mb': Math.round(r.heapGrowthMb * 10) / 10,
    'soak.rss_end_mb': Math.round(r.rssEndMb),
    'soak.p50_ms': r.p50Ms,
    'soak.p99_ms': r.p99Ms,
  });
}
