import { describe, expect, it } from 'vitest';
import { countdown, distanceM, formatDistance, nearestFirst, shouldSend } from './geo-math.js';

describe('the phone app geometry', () => {
  it('measures distances within a city', () => {
    // one thousandth of a degree of latitude ≈ 111 m
    expect(Math.round(distanceM({ lon: 114.1, lat: 22.55 }, { lon: 114.1, lat: 22.551 }))).toBe(111);
    expect(formatDistance(350.4)).toBe('350 m');
    expect(formatDistance(1234)).toBe('1.2 km');
  });

  it('puts the nearest case first, or the nearest deadline without a position', () => {
    const a = { id: 'a', lon: 114.12, lat: 22.55, deadline: '2026-12-01T10:00:00Z' };
    const b = { id: 'b', lon: 114.101, lat: 22.55, deadline: '2026-12-01T12:00:00Z' };
    expect(nearestFirst([a, b], { lon: 114.1, lat: 22.55 }).map((x) => x.id)).toEqual(['b', 'a']);
    expect(nearestFirst([b, a], null).map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('counts down to the deadline and past it', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(countdown('2026-12-01T12:30:00Z', now)).toEqual({ overdue: false, hours: 2, minutes: 30 });
    expect(countdown('2026-12-01T09:45:00Z', now)).toEqual({ overdue: true, hours: 0, minutes: 15 });
    expect(countdown(null, now)).toBeNull();
  });

  it('throttles positions: the first, then by time and movement', () => {
    const here = { lon: 114.1, lat: 22.55 };
    const moved = { lon: 114.1, lat: 22.5505 }; // ≈ 55 m
    expect(shouldSend(null, here, 0, 15_000)).toBe(true);
    const last = { at: 0, pos: here };
    expect(shouldSend(last, moved, 10_000, 15_000)).toBe(false); // too soon
    expect(shouldSend(last, here, 20_000, 15_000)).toBe(false); // standing still
    expect(shouldSend(last, moved, 20_000, 15_000)).toBe(true);
    expect(shouldSend(last, here, 60_000, 15_000)).toBe(true); // a minute: once anyway
  });
});
