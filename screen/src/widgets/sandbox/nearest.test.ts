import { describe, expect, it } from 'vitest';
import { countdown, distanceM, nearest } from './nearest.js';

describe('dispatch panel geometry and clock', () => {
  it('measures ground distance (one thousandth of a degree of latitude ≈ 111 m)', () => {
    expect(distanceM(114.1, 22.5, 114.1, 22.501)).toBeGreaterThan(110);
    expect(distanceM(114.1, 22.5, 114.1, 22.501)).toBeLessThan(112);
  });
  it('orders by distance and keeps n', () => {
    const r = nearest([{ id: 'far', lon: 114.2, lat: 22.5 }, { id: 'near', lon: 114.101, lat: 22.5 }, { id: 'mid', lon: 114.15, lat: 22.5 }], 114.1, 22.5, 2);
    expect(r.map((x) => x.id)).toEqual(['near', 'mid']);
  });
  it('counts down to the deadline and past it', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(countdown('2026-01-01T01:02:03Z', now)).toEqual({ text: '1:02:03', overdue: false });
    expect(countdown('2025-12-31T23:59:00Z', now)).toEqual({ text: '0:01:00', overdue: true });
    expect(countdown(null, now)).toBeNull();
  });
});
