import { describe, expect, it } from 'vitest';
import { ageParts, SILENT_CADENCES, staleness, worst } from './staleness.js';

const NOW = 1_000_000;

describe('widget staleness', () => {
  it('is fresh while connected, loaded and heard within its cadence', () => {
    expect(staleness({ lastAt: NOW - 5000, cadenceMs: 2000 }, 'live', NOW)).toEqual({ stale: false });
    expect(staleness({ lastAt: NOW - SILENT_CADENCES * 2000, cadenceMs: 2000 }, 'live', NOW)).toEqual({ stale: false });
  });

  it('is stale once its topic is silent past its cadence, with the age of what it shows', () => {
    expect(staleness({ lastAt: NOW - SILENT_CADENCES * 2000 - 1, cadenceMs: 2000 }, 'live', NOW)).toEqual({ stale: true, reason: 'silent', ageMs: 6001 });
    // no cadence (alerts come when they happen): silence alone is not staleness
    expect(staleness({ lastAt: NOW - 3_600_000, cadenceMs: null }, 'live', NOW)).toEqual({ stale: false });
  });

  it('is stale while the gateway connection is down, whatever its age', () => {
    expect(staleness({ lastAt: NOW - 100, cadenceMs: 60_000 }, 'stale', NOW)).toEqual({ stale: true, reason: 'offline', ageMs: 100 });
    expect(staleness({ lastAt: null, cadenceMs: null }, 'stale', NOW)).toEqual({ stale: true, reason: 'offline', ageMs: null });
    // still connecting for the first time (or reconnecting within the socket's grace): not yet
    expect(staleness({ lastAt: null, cadenceMs: 2000 }, 'connecting', NOW)).toEqual({ stale: false });
  });

  it('is stale when its last load failed, and fresh again when a load succeeds', () => {
    expect(staleness({ lastAt: NOW - 1000, cadenceMs: 15_000, failed: true }, 'live', NOW)).toEqual({ stale: true, reason: 'failed', ageMs: 1000 });
    expect(staleness({ lastAt: NOW, cadenceMs: 15_000, failed: false }, 'live', NOW)).toEqual({ stale: false });
  });

  it('takes the worst of several sources: the gravest reason and the oldest data', () => {
    expect(worst([])).toEqual({ stale: false });
    expect(worst([{ stale: false }, { stale: true, reason: 'silent', ageMs: 9000 }, { stale: true, reason: 'offline', ageMs: 4000 }])).toEqual({
      stale: true,
      reason: 'offline',
      ageMs: 9000,
    });
    expect(worst([{ stale: true, reason: 'failed', ageMs: null }, { stale: true, reason: 'silent', ageMs: 9000 }])).toEqual({ stale: true, reason: 'failed', ageMs: null });
  });

  it('tells an age in its largest whole unit', () => {
    expect(ageParts(45_900)).toEqual({ n: 45, unit: 's' });
    expect(ageParts(150_000)).toEqual({ n: 2, unit: 'min' });
    expect(ageParts(2 * 3_600_000 + 300_000)).toEqual({ n: 2, unit: 'h' });
  });
});
