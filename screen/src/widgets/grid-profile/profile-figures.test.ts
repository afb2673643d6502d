import { describe, expect, it } from 'vitest';
import type { StatView } from '../../net/protocol.js';
import { baseFigures } from './profile-figures.js';

const stat = (areaCode: string, key: string, value: number) => ({ areaCode, key, value }) as StatView;

describe('grid profile figures', () => {
  const stats = [
    stat('44030300100101', 'base.resident_population', 4725),
    stat('44030300100101', 'base.households', 4915),
    stat('44030300100102', 'base.resident_population', 4089),
    stat('44030400100101', 'base.resident_population', 999), // another district
    stat('440303001', 'base.resident_population', 1), // a wider area's own figure: not summed
    stat('44030300100101', 'other.key', 5),
  ];
  it('gives a grid its own figures', () => {
    const f = baseFigures(stats, '44030300100101');
    expect(f.residents).toBe(4725);
    expect(f.households).toBe(4915);
    expect(f.buildings).toBeNull();
  });
  it('sums the grids of a wider area', () => {
    expect(baseFigures(stats, '440303001').residents).toBe(8814);
    expect(baseFigures(stats, '440303').households).toBe(4915);
  });
});
