import { describe, expect, it } from 'vitest';
import { byMajorClass, topCategories } from './category-series.js';

describe('category series', () => {
  const counts = { '0102': 5, '0101': 9, '0301': 2, '0402': 0, '0103': 5 };

  it('ranks the top categories, dropping zeros, ties by code', () => {
    const rows = topCategories(counts, 3, (c) => `n${c}`);
    expect(rows).toEqual([
      { code: '0101', name: 'n0101', value: 9 },
      { code: '0102', name: 'n0102', value: 5 },
      { code: '0103', name: 'n0103', value: 5 },
    ]);
  });

  it('sums minor classes into major classes', () => {
    expect(byMajorClass(counts, (m) => m)).toEqual([
      { code: '01', name: '01', value: 19 },
      { code: '03', name: '03', value: 2 },
    ]);
  });
});
