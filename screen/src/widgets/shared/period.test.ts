import { describe, expect, it } from 'vitest';
import { nextPeriod, periodFrom } from './period.js';

describe('widget periods', () => {
  it('starts on the city’s local day (UTC+8), counting today in', () => {
    // 2026-12-03 17:00 UTC is already 12-04 01:00 in the city
    const now = Date.parse('2026-12-03T17:00:00Z');
    expect(periodFrom('today', now)).toBe('2026-12-04');
    expect(periodFrom('7d', now)).toBe('2026-11-28');
    expect(periodFrom('30d', now)).toBe('2026-11-05');
    expect(periodFrom('today', Date.parse('2026-12-03T15:59:59Z'))).toBe('2026-12-03');
  });
  it('cycles through the periods', () => {
    expect(nextPeriod('today')).toBe('7d');
    expect(nextPeriod('90d')).toBe('today');
  });
});
