import { describe, expect, it } from 'vitest';
import type { MapResponse } from '../../net/protocol.js';
import { areaOfGrid, countsByArea, scaleMax } from './area-counts.js';

const answer: MapResponse = {
  scope: '440303',
  grids: [
    { gridCode: '44030300100101', open: 3, overdue: 1 },
    { gridCode: '44030300100202', open: 2, overdue: 0 },
    { gridCode: '44030300200101', open: 5, overdue: 4 },
  ],
};

describe('scope map counts', () => {
  it('sums grids into the areas of the level shown', () => {
    expect(areaOfGrid('44030300100101', 'street')).toBe('440303001');
    expect(areaOfGrid('44030300100101', 'grid')).toBe('44030300100101');
    expect([...countsByArea(answer, 'street', 'open')]).toEqual([
      ['440303001', 5],
      ['440303002', 5],
    ]);
    expect(countsByArea(answer, 'street', 'overdue').get('440303002')).toBe(4);
    expect(countsByArea(answer, 'community', 'open').get('440303001001')).toBe(3);
    expect(countsByArea(null, 'district', 'open').size).toBe(0);
  });
  it('keeps the colour scale at least 1', () => {
    expect(scaleMax(new Map())).toBe(1);
    expect(scaleMax(countsByArea(answer, 'district', 'open'))).toBe(10);
  });
});
