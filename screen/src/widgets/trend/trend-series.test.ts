import { describe, expect, it } from 'vitest';
import type { TrendResponse } from '../../net/protocol.js';
import { daysFrom } from '../shared/period.js';
import { trendSeries } from './trend-series.js';

describe('trend series', () => {
  it('labels each point by its local day (UTC+8)', () => {
    const answer = {
      points: [
        { at: '2026-11-30T16:00:00.000Z', reported: 4, closed: 1 },
        { at: '2026-12-01T16:00:00.000Z', reported: 6, closed: 5 },
      ],
    } as TrendResponse;
    expect(trendSeries(answer)).toEqual({ labels: ['12-01', '12-02'], reported: [4, 6], closed: [1, 5] });
    expect(trendSeries(null).labels).toEqual([]);
  });
  it('asks from the first of the last n local days', () => {
    expect(daysFrom(30, Date.parse('2026-12-03T04:00:00Z'))).toBe('2026-11-04');
  });
});
