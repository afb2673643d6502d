import { describe, expect, it } from 'vitest';
import { headAt, tripsOf } from './trips.js';

const at = (min: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + min * 60_000).toISOString();
const p = (workerId: string, min: number, lon: number) => ({ seq: min, workerId, source: 's', ts: at(min), lon, lat: 22.5, gridCode: null, areaCode: '440303' });

describe('trips from stored positions', () => {
  const from = Date.parse(at(0));
  const trips = tripsOf([p('a', 1, 114.0), p('b', 1, 114.5), p('a', 3, 114.2), p('a', 5, 114.4)], from);

  it('groups by worker in time order and drops single fixes', () => {
    expect(trips).toHaveLength(1);
    expect(trips[0]!.timestamps).toEqual([60, 180, 300]);
    expect(trips[0]!.path.map((x) => x[0])).toEqual([114.0, 114.2, 114.4]);
  });

  it('moves the head with the time', () => {
    expect(headAt(trips[0]!, 30)).toBeNull();
    expect(headAt(trips[0]!, 120)![0]).toBeCloseTo(114.1, 9);
    expect(headAt(trips[0]!, 240)![0]).toBeCloseTo(114.3, 9);
    expect(headAt(trips[0]!, 999)![0]).toBe(114.4);
  });
});
