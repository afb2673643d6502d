import { describe, expect, it } from 'vitest';
import { fallbackLayout, layoutCandidates } from './layout.js';

describe('which layout a screen shows', () => {
  it('its tier’s command center, or the one the route names first', () => {
    expect(layoutCandidates(undefined, '4403')).toEqual(['city-command']);
    expect(layoutCandidates(undefined, '440303')).toEqual(['district-command']);
    expect(layoutCandidates(undefined, '440303001')).toEqual(['street-command']);
    expect(layoutCandidates(undefined, '440303001001')).toEqual(['street-command']);
    expect(layoutCandidates('conference', '440303')).toEqual(['conference', 'district-command']);
    expect(layoutCandidates('district-command', '440303')).toEqual(['district-command']);
  });

  it('without its own, one of its tier from the offered list, else one for any tier', () => {
    const s = (id: string, tier: 'city' | 'district' | 'street' | 'any') => ({ id, tier, name: { 'zh-CN': id, en: id }, version: 0, pages: 1 });
    expect(fallbackLayout([s('a', 'any'), s('b', 'street')], 'street')).toBe('b');
    expect(fallbackLayout([s('b', 'street'), s('a', 'any')], 'district')).toBe('a');
    expect(fallbackLayout([], 'city')).toBeNull();
  });
});
