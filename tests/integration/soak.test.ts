import { describe, expect, it } from 'vitest';
import { writeFixtureCity } from '../support/fixture-city.js';
import { runSoak } from '../support/soak.js';

// The short soak: a minute of the hour `npm run bench -- soak` runs (same harness, same rate and
// screens, the fixture city): nothing lost, no screen dropped, the heap does not keep growing.
describe('soak (60 s; `npm run bench -- soak` runs an hour)', () => {
  it('stores and delivers every event to every screen of its scope, with a flat heap', async () => {
    const r = await runSoak({ seconds: 60, screens: 50, ratePerS: 200, datasetDir: writeFixtureCity(), sampleEverySec: 10 });
    const rate = r.stored / r.seconds;
    console.log(`soak 60 s: ${r.stored} events stored, ${r.received} views received; heap after GC ${r.heapSamplesMb.map((m) => m.toFixed(1)).join(' ')} MB; commit → screen p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
    expect(r.refused, r.warnings.join('\n')).toBe(0);
    // the simulator's rate is Poisson: well over half of 200/s arrives even on a loaded machine
    expect(rate).toBeGreaterThan(100);
    expect(r.missing, r.missingSamples.join('\n')).toBe(0);
    expect(r.disconnected).toBe(0);
    expect(r.received).toBeGreaterThanOrEqual(r.stored);
    // a leak of one event view per screen would be tens of MB here (12,000 events × 50 screens)
    expect(r.heapGrowthMb, `heap after GC: ${r.heapSamplesMb.map((m) => m.toFixed(1)).join(' ')} MB`).toBeLessThan(20);
  }, 600_000);
});
