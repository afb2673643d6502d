import { describe, expect, it } from 'vitest';
import type { EditorDoc, EditorItem } from './document.js';
import { counterIds, pageOf } from './document.js';
import { align, distribute, moveBy, scaleRects, setRects, zOrder } from './arrange.js';
import { group } from './groups.js';

const item = (id: string, x: number, y: number, w: number, h: number, more: Partial<EditorItem> = {}): EditorItem => ({ id, widget: 'totals', options: {}, x, y, w, h, ...more });
const docOf = (...items: EditorItem[]): EditorDoc => ({ canvas: { width: 1920, height: 1080 }, pages: [{ id: 'p', name: 'P', items }] });
const rects = (d: EditorDoc) => Object.fromEntries(pageOf(d, 'p').items.map((i) => [i.id, [i.x, i.y, i.w, i.h]]));
const order = (d: EditorDoc) => pageOf(d, 'p').items.map((i) => i.id);

describe('align', () => {
  const d = docOf(item('a', 100, 100, 100, 50), item('b', 300, 250, 200, 100), item('c', 50, 500, 60, 60));
  it('aligns each edge and centre to the selection’s bounds', () => {
    expect(rects(align(d, 'p', ['a', 'b', 'c'], 'left'))).toMatchObject({ a: [50, 100, 100, 50], b: [50, 250, 200, 100], c: [50, 500, 60, 60] });
    expect(rects(align(d, 'p', ['a', 'b', 'c'], 'right'))).toMatchObject({ a: [400, 100, 100, 50], b: [300, 250, 200, 100], c: [440, 500, 60, 60] });
    expect(rects(align(d, 'p', ['a', 'b'], 'top'))).toMatchObject({ a: [100, 100, 100, 50], b: [300, 100, 200, 100] });
    expect(rects(align(d, 'p', ['a', 'b'], 'bottom'))).toMatchObject({ a: [100, 300, 100, 50], b: [300, 250, 200, 100] });
    // bounds x 100..500 → centre 300
    expect(rects(align(d, 'p', ['a', 'b'], 'hcenter'))).toMatchObject({ a: [250, 100, 100, 50], b: [200, 250, 200, 100] });
    // bounds y 100..350 → middle 225
    expect(rects(align(d, 'p', ['a', 'b'], 'vcenter'))).toMatchObject({ a: [100, 200, 100, 50], b: [300, 175, 200, 100] });
  });

  it('aligns a single unit to the canvas', () => {
    expect(rects(align(d, 'p', ['b'], 'hcenter')).b).toEqual([860, 250, 200, 100]);
    expect(rects(align(d, 'p', ['b'], 'bottom')).b).toEqual([300, 980, 200, 100]);
  });

  it('moves a group as one and leaves locked units where they are', () => {
    const g = group(d, 'p', ['a', 'c'], counterIds()); // group bounds x 50..200
    const out = rects(align(g, 'p', ['a', 'b'], 'right')); // selecting a selects its group
    expect(out).toMatchObject({ a: [400, 100, 100, 50], c: [350, 500, 60, 60], b: [300, 250, 200, 100] });
    const locked = docOf(item('a', 100, 100, 100, 50, { locked: true }), item('b', 300, 250, 200, 100));
    expect(rects(align(locked, 'p', ['a', 'b'], 'left'))).toMatchObject({ a: [100, 100, 100, 50], b: [100, 250, 200, 100] });
  });

  it('returns the same document when nothing moves', () => {
    const aligned = align(d, 'p', ['a', 'b', 'c'], 'left');
    expect(align(aligned, 'p', ['a', 'b', 'c'], 'left')).toBe(aligned);
  });
});

describe('distribute', () => {
  it('makes equal gaps between the first and the last, whatever the selection order', () => {
    const d = docOf(item('c', 900, 0, 100, 50), item('a', 0, 0, 100, 50), item('b', 150, 300, 300, 50), item('d', 200, 600, 50, 50));
    const out = rects(distribute(d, 'p', ['b', 'd', 'a', 'c'], 'h'));
    // span 0..1000, widths 550 → gap 150: a 0–100, d 250–300, b 450–750, c 900–1000 (ordered by centre)
    expect(out).toMatchObject({ a: [0, 0, 100, 50], d: [250, 600, 50, 50], b: [450, 300, 300, 50], c: [900, 0, 100, 50] });
  });

  it('rounds to whole pixels and keeps gaps within one pixel', () => {
    const d = docOf(item('a', 0, 0, 10, 10), item('b', 0, 7, 10, 10), item('c', 0, 40, 10, 10), item('e', 0, 99, 10, 10));
    const out = pageOf(distribute(d, 'p', ['a', 'b', 'c', 'e'], 'v'), 'p').items.map((i) => i.y).sort((m, n) => m - n);
    const gaps = out.slice(1).map((y, i) => y - out[i]! - 10);
    expect(out.every(Number.isInteger)).toBe(true);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });

  it('needs three units; a group counts once', () => {
    const d = docOf(item('a', 0, 0, 10, 10), item('b', 500, 0, 10, 10), item('c', 40, 0, 10, 10));
    const g = group(d, 'p', ['a', 'c'], counterIds());
    expect(distribute(g, 'p', ['a', 'b', 'c'], 'h')).toBe(g);
    expect(distribute(d, 'p', ['a', 'b'], 'h')).toBe(d);
  });
});

describe('moveBy and setRects', () => {
  it('keeps the whole selection on the canvas', () => {
    const d = docOf(item('a', 10, 10, 100, 100), item('b', 1800, 900, 100, 100));
    expect(rects(moveBy(d, 'p', ['a', 'b'], -50, 500))).toMatchObject({ a: [0, 90, 100, 100], b: [1790, 980, 100, 100] });
  });
  it('does not move locked items and does not mutate the input', () => {
    const d = docOf(item('a', 10, 10, 100, 100, { locked: true }), item('b', 500, 500, 10, 10));
    const before = JSON.stringify(d);
    const out = moveBy(d, 'p', ['a', 'b'], 5, 5);
    expect(rects(out)).toMatchObject({ a: [10, 10, 100, 100], b: [505, 505, 10, 10] });
    expect(JSON.stringify(d)).toBe(before);
    expect(pageOf(out, 'p').items[0]).toBe(pageOf(d, 'p').items[0]); // shared, not copied
  });
  it('sets rectangles in whole pixels', () => {
    const d = docOf(item('a', 0, 0, 10, 10));
    expect(rects(setRects(d, 'p', new Map([['a', { x: 1.4, y: 2.6, w: 99.5, h: 0.2 }]]))).a).toEqual([1, 3, 100, 1]);
  });
  it('scales a group’s members with its bounds', () => {
    expect(scaleRects([{ x: 0, y: 0, w: 50, h: 50 }, { x: 50, y: 50, w: 50, h: 50 }], { x: 0, y: 0, w: 100, h: 100 }, { x: 100, y: 0, w: 200, h: 50 })).toEqual([
      { x: 100, y: 0, w: 100, h: 25 },
      { x: 200, y: 25, w: 100, h: 25 },
    ]);
  });
});

describe('zOrder', () => {
  const d = docOf(item('a', 0, 0, 1, 1), item('b', 0, 0, 1, 1), item('c', 0, 0, 1, 1), item('d', 0, 0, 1, 1));
  it('brings to front, sends to back, keeping the selection’s own order', () => {
    expect(order(zOrder(d, 'p', ['a', 'c'], 'front'))).toEqual(['b', 'd', 'a', 'c']);
    expect(order(zOrder(d, 'p', ['d', 'b'], 'back'))).toEqual(['b', 'd', 'a', 'c']);
  });
  it('steps forward and backward past one neighbour', () => {
    expect(order(zOrder(d, 'p', ['a'], 'forward'))).toEqual(['b', 'a', 'c', 'd']);
    expect(order(zOrder(d, 'p', ['a', 'b'], 'forward'))).toEqual(['c', 'a', 'b', 'd']);
    expect(order(zOrder(d, 'p', ['a', 'c'], 'forward'))).toEqual(['b', 'a', 'd', 'c']);
    expect(order(zOrder(d, 'p', ['c', 'd'], 'backward'))).toEqual(['a', 'c', 'd', 'b']);
    expect(zOrder(d, 'p', ['d'], 'forward')).toBe(d);
    expect(zOrder(d, 'p', ['a'], 'back')).toBe(d);
  });
  it('moves a group past a whole other group, never splitting it', () => {
    const g = group(group(d, 'p', ['b', 'c'], counterIds()), 'p', [], counterIds());
    expect(order(zOrder(g, 'p', ['a'], 'forward'))).toEqual(['b', 'c', 'a', 'd']);
    expect(order(zOrder(g, 'p', ['c'], 'forward'))).toEqual(['a', 'd', 'b', 'c']);
  });
});
