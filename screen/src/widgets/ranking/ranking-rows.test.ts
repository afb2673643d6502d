import { describe, expect, it } from 'vitest';
import type { RankingResponse } from '../../net/protocol.js';
import { groupingFor, rankingRows } from './ranking-rows.js';

describe('ranking rows', () => {
  it('ranks the level below the scope unless told otherwise', () => {
    expect(groupingFor('auto', 'street')).toBe('street');
    expect(groupingFor('auto', null)).toBeNull();
    expect(groupingFor('department', 'street')).toBe('department');
  });

  it('caps the rows, names them, and scales the bars to the widest', () => {
    const answer = {
      rows: [
        { rank: 1, key: '440303001', name: '桂园街道', value: 0.8, numerator: 8, denominator: 10 },
        { rank: 2, key: '440303002', value: 0.4, numerator: 4, denominator: 10 },
        { rank: 3, key: '440303003', value: null, numerator: 0, denominator: 0 },
      ],
    } as unknown as RankingResponse;
    const rows = rankingRows(answer, 2, (k) => `n${k}`);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.name, r.percent, r.bar])).toEqual([
      ['桂园街道', 80, 1],
      ['n440303002', 40, 0.5],
    ]);
    expect(rankingRows(answer, 10, String)[2]).toMatchObject({ percent: null, bar: 0 });
    expect(rankingRows(null, 10, String)).toEqual([]);
  });
});
