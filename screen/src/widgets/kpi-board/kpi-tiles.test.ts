import { describe, expect, it } from 'vitest';
import type { KpiResponse } from '../../net/protocol.js';
import { kpiTiles, toneOf } from './kpi-tiles.js';

const answer = {
  scope: '440303',
  from: '',
  to: '',
  by: 'none',
  rows: [
    {
      key: '440303',
      kpis: {
        closureRate: { numerator: 9, denominator: 10, value: 0.9 },
        reworkRate: { numerator: 1, denominator: 4, value: 0.25 },
        handlingRate: { numerator: 0, denominator: 0, value: null },
      },
    },
  ],
} as unknown as KpiResponse;

describe('KPI tiles', () => {
  it('turns the answer into percentages in the asked order, null when nothing was due', () => {
    const tiles = kpiTiles(answer, ['reworkRate', 'closureRate', 'handlingRate']);
    expect(tiles.map((t) => [t.id, t.percent])).toEqual([
      ['reworkRate', 25],
      ['closureRate', 90],
      ['handlingRate', null],
    ]);
    expect(tiles[1]).toMatchObject({ numerator: 9, denominator: 10, inverse: false });
    expect(kpiTiles(null, ['closureRate'])[0]!.percent).toBeNull();
  });
  it('colours inverse KPIs the other way round', () => {
    const [rework, closure, handling] = kpiTiles(answer, ['reworkRate', 'closureRate', 'handlingRate']);
    expect(toneOf(closure!)).toBe('good');
    expect(toneOf(rework!)).toBe('fair'); // 25 % rework ≈ a 75 % score
    expect(toneOf(handling!)).toBe('none');
  });
});
