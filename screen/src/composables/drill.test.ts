import { describe, expect, it } from 'vitest';
import { childLevelOf, drillTarget, effectiveScope, trail, upTarget } from './drill.js';

describe('drill-down rules', () => {
  it('shows the level below each scope', () => {
    expect(childLevelOf('4403')).toBe('district');
    expect(childLevelOf('440303')).toBe('street');
    expect(childLevelOf('440303001')).toBe('community');
    expect(childLevelOf('440303001001')).toBe('grid');
    expect(childLevelOf('44030300100101')).toBeNull();
  });

  it('never shows wider than the user’s scope', () => {
    expect(effectiveScope('440303', undefined)).toBe('440303');
    expect(effectiveScope('440303', '440303001')).toBe('440303001');
    expect(effectiveScope('440303', '4403')).toBe('440303');
    expect(effectiveScope('440303', '440304001')).toBe('440303');
  });

  it('drills into narrower areas inside the scope, down to communities', () => {
    expect(drillTarget('4403', '4403', '440303')).toBe('440303');
    expect(drillTarget('4403', '440303', '440303001')).toBe('440303001');
    expect(drillTarget('4403', '440303', '440304001')).toBeNull(); // another district
    expect(drillTarget('440303', '440303', '4403')).toBeNull(); // wider
    expect(drillTarget('4403', '440303', '440303')).toBeNull(); // already there
    expect(drillTarget('4403', '440303001001', '44030300100101')).toBeNull(); // a grid is selected, not drilled
    expect(drillTarget('4403', '4403', 'abc')).toBeNull();
  });

  it('goes up one level, stopping at the user’s scope, and lists the trail', () => {
    expect(upTarget('4403', '440303001')).toBe('440303');
    expect(upTarget('4403', '440303')).toBe('4403');
    expect(upTarget('4403', '4403')).toBeNull();
    expect(upTarget('440303', '440303')).toBeNull();
    expect(upTarget('440303001', '440303001001')).toBe('440303001');
    expect(trail('4403', '440303001001')).toEqual(['4403', '440303', '440303001', '440303001001']);
    expect(trail('440303', '440303')).toEqual(['440303']);
  });
});
