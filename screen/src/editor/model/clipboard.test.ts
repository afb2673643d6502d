import { describe, expect, it } from 'vitest';
import type { EditorDoc, EditorItem } from './document.js';
import { counterIds, pageOf } from './document.js';
import { addItem, copy, duplicate, paste, remove } from './clipboard.js';
import { addPage, duplicatePage, movePage, removePage, renamePage } from './pages.js';

const item = (id: string, x: number, y: number, more: Partial<EditorItem> = {}): EditorItem => ({ id, widget: 'event-feed', options: { rows: 5 }, x, y, w: 100, h: 100, ...more });
const docOf = (...items: EditorItem[]): EditorDoc => ({ canvas: { width: 1920, height: 1080 }, pages: [{ id: 'p', name: 'P', items }] });
const page = (d: EditorDoc, id = 'p') => pageOf(d, id);

describe('copy and paste', () => {
  it('pastes deep copies with new ids and a new group, offset, unlocked, on top', () => {
    const d = docOf(item('a', 0, 0, { group: 'G', locked: true }), item('b', 200, 0, { group: 'G' }), item('c', 500, 500));
    const clip = copy(d, 'p', ['a']);
    expect(clip.items.map((i) => i.id)).toEqual(['a', 'b']);
    const r = paste(d, 'p', clip, 20, counterIds());
    expect(r.ids).toEqual(['w-1', 'w-3']);
    const pasted = page(r.doc).items.slice(3);
    expect(pasted.map((i) => [i.id, i.x, i.y, i.group, i.locked])).toEqual([
      ['w-1', 20, 20, 'group-2', undefined],
      ['w-3', 220, 20, 'group-2', undefined],
    ]);
    expect(pasted[0]!.options).toEqual({ rows: 5 });
    expect(pasted[0]!.options).not.toBe(page(d).items[0]!.options);
  });

  it('keeps a paste on the canvas and survives the original changing', () => {
    const d = docOf(item('a', 1800, 950));
    const clip = copy(d, 'p', ['a']);
    const gone = remove(d, 'p', ['a']);
    const r = paste(gone, 'p', clip, 50, counterIds());
    expect(page(r.doc).items.map((i) => [i.x, i.y])).toEqual([[1820, 980]]);
  });

  it('duplicates in one call and deletes whole groups but not locked items', () => {
    const d = docOf(item('a', 0, 0), item('b', 0, 0, { group: 'G' }), item('c', 0, 0, { group: 'G' }), item('l', 0, 0, { locked: true }));
    expect(page(duplicate(d, 'p', ['a'], 10, counterIds()).doc).items).toHaveLength(5);
    expect(page(remove(d, 'p', ['b', 'l'])).items.map((i) => i.id)).toEqual(['a', 'l']);
    expect(remove(d, 'p', ['l'])).toBe(d);
  });

  it('places a palette drop inside the canvas', () => {
    const r = addItem(docOf(), 'p', { widget: 'totals', options: {}, x: 1900.4, y: -20, w: 400, h: 300 }, counterIds());
    expect(page(r.doc).items[0]).toEqual({ id: 'w-1', widget: 'totals', options: {}, x: 1520, y: 0, w: 400, h: 300 });
  });
});

describe('pages', () => {
  it('adds, renames, moves, duplicates and removes pages, keeping at least one', () => {
    const ids = counterIds();
    let d = docOf(item('a', 0, 0, { group: 'G' }), item('b', 0, 0, { group: 'G' }));
    const added = addPage(d, '第二页', ids);
    d = renamePage(added.doc, added.pageId, 'Two');
    expect(d.pages.map((p) => p.name)).toEqual(['P', 'Two']);
    d = movePage(d, added.pageId, 0);
    expect(d.pages.map((p) => p.id)).toEqual([added.pageId, 'p']);
    expect(movePage(d, 'p', 9)).toBe(d);
    const dup = duplicatePage(d, 'p', 'P copy', ids);
    expect(dup.doc.pages.map((p) => p.name)).toEqual(['Two', 'P', 'P copy']);
    const copied = page(dup.doc, dup.pageId).items;
    expect(copied.map((i) => i.id)).not.toContain('a');
    expect(new Set(copied.map((i) => i.group)).size).toBe(1);
    expect(copied[0]!.group).not.toBe('G');
    const one = removePage(removePage(dup.doc, dup.pageId), added.pageId);
    expect(() => removePage(one, 'p')).toThrow(/at least one page/);
    expect(() => removePage(one, 'nope')).toThrow(/no page nope/);
  });
});
