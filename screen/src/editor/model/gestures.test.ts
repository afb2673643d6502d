import { describe, expect, it } from 'vitest';
import type { EditorDoc, EditorItem } from './document.js';
import { pageOf } from './document.js';
import { beginMove, beginResize, fitView, previewMove, previewPlace, previewResize, snapContext, toCanvas, zoomAt } from './gestures.js';

const item = (id: string, x: number, y: number, w: number, h: number, more: Partial<EditorItem> = {}): EditorItem => ({ id, widget: 'totals', options: {}, x, y, w, h, ...more });
const doc: EditorDoc = {
  canvas: { width: 1920, height: 1080 },
  pages: [{ id: 'p', name: 'p', items: [item('a', 100, 100, 200, 100), item('b', 600, 400, 200, 100), item('g1', 1000, 100, 100, 100, { group: 'G' }), item('g2', 1200, 100, 100, 100, { group: 'G' }), item('l', 0, 900, 50, 50, { locked: true })] }],
};
const page = pageOf(doc, 'p');
const settings = { grid: 0, screenThreshold: 6, zoom: 0.5, toItems: true };

describe('gestures', () => {
  it('moves with snapping; the threshold is in screen pixels', () => {
    const g = beginMove(page, ['a'], { x: 150, y: 150 })!;
    const ctx = snapContext(doc, page, new Set(g.ids), settings);
    expect(ctx.threshold).toBe(12); // 6 screen px at 50 %
    const p = previewMove(g, { x: 150 + 490, y: 150 }, ctx); // left edge to 590: 10 from b's 600
    expect(p.dx).toBe(500);
    expect(p.rects.get('a')).toEqual({ x: 600, y: 100, w: 200, h: 100 });
    expect(p.guides.some((gd) => gd.axis === 'x' && gd.at === 600)).toBe(true);
  });

  it('moves a group whole, never locked items, and stops at the canvas edge', () => {
    const g = beginMove(page, ['g1', 'l'], { x: 0, y: 0 })!;
    expect(g.ids).toEqual(['g1', 'g2']);
    const p = previewMove(g, { x: 5000, y: -5000 }, snapContext(doc, page, new Set(g.ids), settings));
    expect(p.rects.get('g2')).toEqual({ x: 1820, y: 0, w: 100, h: 100 });
    expect(p.rects.get('g1')).toEqual({ x: 1620, y: 0, w: 100, h: 100 });
    expect(beginMove(page, ['l'], { x: 0, y: 0 })).toBeUndefined();
  });

  it('resizes one item by its handle and scales a group', () => {
    const one = beginResize(page, ['a'], 'se', { x: 300, y: 200 })!;
    const r = previewResize(one, { x: 403, y: 250 }, snapContext(doc, page, new Set(one.ids), { ...settings, grid: 10, screenThreshold: 0 }), { w: 40, h: 40 });
    expect(r.rects.get('a')).toEqual({ x: 100, y: 100, w: 300, h: 150 });
    const grp = beginResize(page, ['g1'], 'e', { x: 1300, y: 150 })!;
    const s = previewResize(grp, { x: 1500, y: 150 }, snapContext(doc, page, new Set(grp.ids), { ...settings, toItems: false }), { w: 40, h: 40 });
    // bounds 1000–1300 stretched to 1000–1500: everything × 5/3
    expect(s.rects.get('g1')).toEqual({ x: 1000, y: 100, w: 167, h: 100 });
    expect(s.rects.get('g2')).toEqual({ x: 1333, y: 100, w: 167, h: 100 });
  });

  it('places a palette widget centred on the pointer, inside the canvas', () => {
    const ctx = snapContext(doc, page, new Set(), { ...settings, toItems: false, grid: 8 });
    // centred on the canvas's middle lines, which win over the 8 px grid
    expect(previewPlace({ w: 400, h: 300 }, { x: 960, y: 540 }, ctx).rect).toEqual({ x: 760, y: 390, w: 400, h: 300 });
    expect(previewPlace({ w: 400, h: 300 }, { x: 700, y: 300 }, ctx).rect).toEqual({ x: 504, y: 152, w: 400, h: 300 }); // 500, 150 to the 8 px grid
    expect(previewPlace({ w: 400, h: 300 }, { x: 1910, y: 5 }, ctx).rect).toEqual({ x: 1520, y: 0, w: 400, h: 300 });
  });

  it('zooms about the pointer and fits the canvas', () => {
    const v = { zoom: 0.5, panX: 100, panY: 50 };
    const z = zoomAt(v, 2, 400, 300);
    expect(toCanvas(z, 400, 300)).toEqual(toCanvas(v, 400, 300));
    expect(z.zoom).toBe(1);
    expect(zoomAt(v, 1000, 0, 0).zoom).toBe(4);
    const f = fitView({ width: 3840, height: 2160 }, 1000, 600);
    expect(f.zoom).toBeCloseTo(952 / 3840); // the width decides
    expect(f.panX).toBeCloseTo(24);
    expect(f.panY).toBeCloseTo((600 - 2160 * f.zoom) / 2);
  });
});
