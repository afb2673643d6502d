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

describe('a layout published while the screen is open', () => {
  it('replaces the layout shown when it is the same id and newer, nothing else', async () => {
    const { createPinia, setActivePinia } = await import('pinia');
    const { useLayoutStore } = await import('./layout.js');
    setActivePinia(createPinia());
    const store = useLayoutStore();
    const layout = (id: string, pages = 1) => ({ schemaVersion: 2, id, name: { 'zh-CN': id, en: id }, tier: 'any', design: { width: 1920, height: 1080 }, scaleMode: 'fit', pages: Array.from({ length: pages }, (_, i) => ({ key: `p${i}`, placements: [] })), carousel: { intervalS: 0, resumeAfterS: 60 } }) as never;
    expect(store.published(layout('a'), 1)).toBe(false); // nothing shown yet
    store.show(layout('a', 2), 1);
    store.setPage(1);
    expect(store.published(layout('b'), 5)).toBe(false);
    expect(store.published(layout('a', 2), 1)).toBe(false);
    expect(store.published(layout('a', 2), 2)).toBe(true);
    expect(store.version).toBe(2);
    expect(store.page).toBe(1); // the same layout: the page shown stays
  });
});
