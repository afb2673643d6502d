import { describe, expect, it } from 'vitest';
import type { EditorDoc, EditorItem } from './document.js';
import { counterIds, pageOf } from './document.js';
import { expandToGroups, group, setHidden, setLocked, ungroup, unitsOf } from './groups.js';
import { clickSelect, hitTest, marqueeSelect } from './selection.js';

const item = (id: string, x: number, y: number, more: Partial<EditorItem> = {}): EditorItem => ({ id, widget: 'totals', options: {}, x, y, w: 100, h: 100, ...more });
const docOf = (...items: EditorItem[]): EditorDoc => ({ canvas: { width: 1920, height: 1080 }, pages: [{ id: 'p', name: 'P', items }] });
const page = (d: EditorDoc) => pageOf(d, 'p');

describe('group and ungroup', () => {
  const d = docOf(item('a', 0, 0), item('b', 200, 0), item('c', 400, 0), item('d', 600, 0));
  it('gives the members one group id and makes them contiguous at the topmost member', () => {
    const g = group(d, 'p', ['a', 'c'], counterIds());
    expect(page(g).items.map((i) => [i.id, i.group])).toEqual([
      ['b', undefined],
      ['a', 'group-1'],
      ['c', 'group-1'],
      ['d', undefined],
    ]);
    expect(unitsOf(page(g), ['c'])).toEqual([{ ids: ['a', 'c'], rect: { x: 0, y: 0, w: 500, h: 100 }, locked: false }]);
  });
  it('merges groups it touches, ignores fewer than two items, and ungroups whole groups', () => {
    const ids = counterIds();
    const g1 = group(d, 'p', ['a', 'b'], ids);
    const g2 = group(g1, 'p', ['b', 'd'], ids); // b drags a along
    expect(new Set(page(g2).items.filter((i) => i.group).map((i) => i.group))).toEqual(new Set(['group-2']));
    expect(expandToGroups(page(g2), ['d']).sort()).toEqual(['a', 'b', 'd']);
    expect(group(d, 'p', ['a'], ids)).toBe(d);
    const u = ungroup(g2, 'p', ['a']);
    expect(page(u).items.every((i) => !('group' in i))).toBe(true);
  });
});

describe('lock and hide', () => {
  it('sets and clears flags on whole groups; clearing removes the field', () => {
    const g = group(docOf(item('a', 0, 0), item('b', 200, 0), item('c', 400, 0)), 'p', ['a', 'b'], counterIds());
    const locked = setLocked(g, 'p', ['a'], true);
    expect(page(locked).items.map((i) => i.locked)).toEqual([true, true, undefined]);
    expect(unitsOf(page(locked), ['a'])[0]!.locked).toBe(true);
    const unlocked = setLocked(locked, 'p', ['b'], false);
    expect(page(unlocked).items.some((i) => 'locked' in i)).toBe(false);
    const hidden = setHidden(g, 'p', ['c'], true);
    expect(page(hidden).items.map((i) => i.hidden)).toEqual([undefined, undefined, true]);
    expect(setHidden(hidden, 'p', ['c'], true)).toBe(hidden);
  });
});

describe('selection', () => {
  const d = docOf(item('a', 0, 0), item('b', 50, 50), item('l', 300, 0, { locked: true }), item('h', 500, 0, { hidden: true }), item('g1', 700, 0, { group: 'G' }), item('g2', 900, 0, { group: 'G' }));
  it('hits the topmost pickable item', () => {
    expect(hitTest(page(d), 60, 60)).toBe('b');
    expect(hitTest(page(d), 10, 10)).toBe('a');
    expect(hitTest(page(d), 310, 10)).toBeUndefined(); // locked
    expect(hitTest(page(d), 510, 10)).toBeUndefined(); // hidden
  });
  it('clicks select a whole group; Shift toggles', () => {
    expect(clickSelect(page(d), [], 'g2', false)).toEqual(['g1', 'g2']);
    expect(clickSelect(page(d), ['a'], 'g1', true)).toEqual(['a', 'g1', 'g2']);
    expect(clickSelect(page(d), ['a', 'g1', 'g2'], 'g2', true)).toEqual(['a']);
    expect(clickSelect(page(d), ['a'], undefined, false)).toEqual([]);
  });
  it('a marquee takes what it touches, never locked or hidden', () => {
    expect(marqueeSelect(page(d), [], { x: 0, y: 0, w: 800, h: 10 }, false)).toEqual(['a', 'g1', 'g2']);
    expect(marqueeSelect(page(d), ['b'], { x: 0, y: 0, w: 10, h: 10 }, true)).toEqual(['a', 'b']);
  });
});
