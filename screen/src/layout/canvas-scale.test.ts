import { describe, expect, it } from 'vitest';
import { canvasPixelRatio, placeCanvas, type WallTile } from './canvas-scale.js';

describe('placeCanvas, one window', () => {
  it('fit: fills an exact 16:9 window, letterboxes a taller one, pillarboxes a wider one', () => {
    expect(placeCanvas('fit', 3840, 2160, 1920, 1080)).toEqual({ scale: 2, offsetX: 0, offsetY: 0, scrollX: false, scrollY: false });
    expect(placeCanvas('fit', 1920, 1200, 1920, 1080)).toMatchObject({ scale: 1, offsetX: 0, offsetY: 60 });
    expect(placeCanvas('fit', 1280, 540, 1920, 1080)).toMatchObject({ scale: 0.5, offsetX: 160, offsetY: 0 });
  });

  it('fill-width: the width fills, a taller canvas scrolls down, a shorter one is centred', () => {
    expect(placeCanvas('fill-width', 1280, 540, 1920, 1080)).toEqual({ scale: 2 / 3, offsetX: 0, offsetY: 0, scrollX: false, scrollY: true });
    expect(placeCanvas('fill-width', 1920, 1200, 1920, 1080)).toMatchObject({ scale: 1, offsetY: 60, scrollY: false });
  });

  it('fill-height: the height fills, a wider canvas scrolls sideways', () => {
    expect(placeCanvas('fill-height', 1280, 1080, 1920, 1080)).toEqual({ scale: 1, offsetX: 0, offsetY: 0, scrollX: true, scrollY: false });
    expect(placeCanvas('fill-height', 3840, 1080, 1920, 1080)).toMatchObject({ scale: 1, offsetX: 960 });
  });

  it('none: design pixels are window pixels', () => {
    expect(placeCanvas('none', 3840, 2160, 1920, 1080)).toMatchObject({ scale: 1, offsetX: 960, offsetY: 540 });
    expect(placeCanvas('none', 1280, 720, 1920, 1080)).toMatchObject({ scale: 1, offsetX: 0, offsetY: 0, scrollX: true, scrollY: true });
  });
});

describe('placeCanvas, a tile of a spliced wall', () => {
  const tile = (over: Partial<WallTile>): WallTile => ({ rows: 1, cols: 2, row: 0, col: 0, bezelX: 0, bezelY: 0, ...over });

  it('2×1 of 1920×1080 windows showing a 3840×1080 canvas: each its half at scale 1', () => {
    expect(placeCanvas('fit', 1920, 1080, 3840, 1080, tile({ col: 0 }))).toEqual({ scale: 1, offsetX: 0, offsetY: 0, scrollX: false, scrollY: false });
    expect(placeCanvas('fit', 1920, 1080, 3840, 1080, tile({ col: 1 }))).toMatchObject({ scale: 1, offsetX: -1920, offsetY: 0 });
  });

  it('2×2 of 4K windows showing a 1920×1080 canvas: each a quarter at scale 4, the slices meeting exactly', () => {
    const t = (row: number, col: number) => placeCanvas('fit', 3840, 2160, 1920, 1080, tile({ rows: 2, cols: 2, row, col }));
    expect(t(0, 0)).toMatchObject({ scale: 4, offsetX: 0, offsetY: 0 });
    expect(t(1, 1)).toMatchObject({ scale: 4, offsetX: -3840, offsetY: -2160 });
    // the design pixel at the seam (960, 540) is the first pixel of the bottom-right tile
    expect(960 * t(1, 1).scale + t(1, 1).offsetX).toBe(0);
    expect(540 * t(1, 1).scale + t(1, 1).offsetY).toBe(0);
  });

  it('bezel compensation: the frame counts as wall, so what lies behind it is hidden, not squeezed', () => {
    // two 1000-px windows with a 40-px frame between them: the wall is 2040 px wide
    const left = placeCanvas('fill-width', 1000, 600, 2040, 600, tile({ col: 0, bezelX: 40 }));
    const right = placeCanvas('fill-width', 1000, 600, 2040, 600, tile({ col: 1, bezelX: 40 }));
    expect(left.scale).toBe(1);
    expect(right.offsetX).toBe(-1040);
    // design x 1000…1040 falls behind the frame: past the left window's edge, before the right one's
    expect(1000 * left.scale + left.offsetX).toBe(1000);
    expect(1040 * right.scale + right.offsetX).toBe(0);
  });

  it('a wall never scrolls', () => {
    expect(placeCanvas('none', 800, 600, 1920, 1080, tile({}))).toMatchObject({ scrollX: false, scrollY: false });
  });
});

describe('canvasPixelRatio', () => {
  it('is device pixels per design pixel, rounded up to 1/100', () => {
    expect(canvasPixelRatio(2, 1)).toBe(2);
    expect(canvasPixelRatio(1, 2)).toBe(2);
    expect(canvasPixelRatio(2 / 3, 1)).toBe(0.67);
    expect(canvasPixelRatio(4, 1.5)).toBe(6);
  });
});
