import { describe, expect, it } from 'vitest';
import { snapMove, snapResize, type SnapContext } from './snap.js';

const canvas = { width: 1920, height: 1080 };
const ctx = (over: Partial<SnapContext> = {}): SnapContext => ({ canvas, others: [], grid: 0, threshold: 6, toItems: true, ...over });

describe('snapMove', () => {
  it('rounds to the grid when no line is near', () => {
    const r = snapMove({ x: 103, y: 57, w: 200, h: 100 }, ctx({ grid: 10, threshold: 0 }));
    expect(r.rect).toEqual({ x: 100, y: 60, w: 200, h: 100 });
    expect(r.guides).toEqual([]);
  });

  it('pulls an edge onto another widget’s edge within the threshold and draws the guide across both', () => {
    const other = { x: 500, y: 100, w: 300, h: 200 };
    const r = snapMove({ x: 504, y: 400, w: 100, h: 50 }, ctx({ others: [other], grid: 8 }));
    expect(r.rect.x).toBe(500); // the item line wins over the grid (504 is on the 8 px grid)
    const g = r.guides.find((g) => g.axis === 'x' && g.at === 500)!;
    expect(g).toEqual({ axis: 'x', at: 500, from: 100, to: 450 });
  });

  it('leaves a line alone beyond the threshold', () => {
    const r = snapMove({ x: 510, y: 400, w: 100, h: 50 }, ctx({ others: [{ x: 500, y: 0, w: 10, h: 10 }], threshold: 6 }));
    expect(r.rect.x).toBe(510);
  });

  it('snaps centre to centre and shows the centre guide', () => {
    const other = { x: 100, y: 100, w: 400, h: 100 }; // centre x 300
    const r = snapMove({ x: 247, y: 300, w: 100, h: 100 }, ctx({ others: [other] })); // centre 297
    expect(r.rect.x).toBe(250);
    expect(r.guides.some((g) => g.axis === 'x' && g.at === 300)).toBe(true);
  });

  it('snaps right edge to left edge (abutting) and the canvas centre', () => {
    const other = { x: 600, y: 0, w: 100, h: 100 };
    const r = snapMove({ x: 402, y: 487, w: 200, h: 100 }, ctx({ others: [other] }));
    expect(r.rect.x).toBe(400);
    expect(r.rect.y).toBe(490); // centre 540 = canvas middle
    expect(r.guides.some((g) => g.axis === 'y' && g.at === 540 && g.from === 0 && g.to === 1920)).toBe(true);
  });

  it('takes the nearest of several candidate lines', () => {
    const others = [
      { x: 494, y: 0, w: 2, h: 10 }, // lines 494, 495, 496: 4 px from 500 at best
      { x: 503, y: 0, w: 2, h: 10 }, // lines 503, 504, 505: 3 px
    ];
    expect(snapMove({ x: 500, y: 300, w: 100, h: 100 }, ctx({ others })).rect.x).toBe(503);
  });

  it('ignores widgets when toItems is off (grid only) and uses extra lines (wall panel edges)', () => {
    const others = [{ x: 502, y: 0, w: 10, h: 10 }];
    expect(snapMove({ x: 500, y: 300, w: 100, h: 100 }, ctx({ others, toItems: false })).rect.x).toBe(500);
    expect(snapMove({ x: 957, y: 300, w: 100, h: 100 }, ctx({ extra: { x: [960], y: [] }, toItems: false })).rect.x).toBe(960);
  });

  it('reports every line the result touches, merged per position', () => {
    const others = [
      { x: 100, y: 0, w: 100, h: 50 },
      { x: 100, y: 500, w: 100, h: 50 },
    ];
    const r = snapMove({ x: 101, y: 200, w: 100, h: 100 }, ctx({ others }));
    const at100 = r.guides.filter((g) => g.axis === 'x' && g.at === 100);
    expect(at100).toEqual([{ axis: 'x', at: 100, from: 0, to: 550 }]);
    expect(r.guides.some((g) => g.axis === 'x' && g.at === 150)).toBe(true);
    expect(r.guides.some((g) => g.axis === 'x' && g.at === 200)).toBe(true);
  });
});

describe('snapResize', () => {
  const start = { x: 100, y: 100, w: 200, h: 100 };
  it('moves only the dragged edges and snaps them', () => {
    const r = snapResize(start, 'se', 97, 43, ctx({ others: [{ x: 400, y: 0, w: 10, h: 10 }], grid: 10 }), { w: 20, h: 20 });
    expect(r.rect).toEqual({ x: 100, y: 100, w: 300, h: 140 }); // right to the other's left edge (400), bottom to the grid (240)
    expect(r.guides).toEqual([{ axis: 'x', at: 400, from: 0, to: 240 }]);
  });

  it('keeps the minimum size and the canvas', () => {
    expect(snapResize(start, 'w', 500, 0, ctx(), { w: 80, h: 40 }).rect).toEqual({ x: 220, y: 100, w: 80, h: 100 });
    expect(snapResize(start, 'nw', -500, -500, ctx(), { w: 80, h: 40 }).rect).toEqual({ x: 0, y: 0, w: 300, h: 200 });
    expect(snapResize(start, 'e', 5000, 0, ctx(), { w: 80, h: 40 }).rect.w).toBe(1820);
  });

  it('snaps a north edge to another widget’s bottom', () => {
    const r = snapResize({ x: 0, y: 300, w: 100, h: 100 }, 'n', 0, -96, ctx({ others: [{ x: 500, y: 0, w: 50, h: 200 }] }), { w: 10, h: 10 });
    expect(r.rect).toEqual({ x: 0, y: 200, w: 100, h: 200 });
  });
});
