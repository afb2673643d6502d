import { describe, expect, it } from 'vitest';
import { bezelRects, canvasOf, crossesSeam, panelRects, panelSnapLines } from './presets.js';

const wall = { rows: 2, cols: 3, panel: { width: 1920, height: 1080 }, bezel: 12 };

describe('canvas presets', () => {
  it('gives the fixed sizes and checks custom ones', () => {
    expect(canvasOf({ kind: 'fhd' }).canvas).toEqual({ width: 1920, height: 1080 });
    expect(canvasOf({ kind: 'uhd' }).canvas).toEqual({ width: 3840, height: 2160 });
    expect(canvasOf({ kind: 'custom', width: 2560, height: 1440 }).canvas).toEqual({ width: 2560, height: 1440 });
    expect(() => canvasOf({ kind: 'custom', width: 100, height: 1440 })).toThrow(/width .* not 100/);
    expect(() => canvasOf({ kind: 'custom', width: 1000.5, height: 1440 })).toThrow(/whole number/);
  });

  it('spans a wall’s panels and bezels', () => {
    const { canvas, wall: w } = canvasOf({ kind: 'wall', wall });
    expect(canvas).toEqual({ width: 3 * 1920 + 2 * 12, height: 2 * 1080 + 12 });
    expect(w).toEqual(wall);
    expect(() => canvasOf({ kind: 'wall', wall: { ...wall, rows: 0 } })).toThrow(/rows/);
    expect(() => canvasOf({ kind: 'wall', wall: { ...wall, bezel: -1 } })).toThrow(/bezel/);
  });

  it('lays out panels, bezel strips and the lines to snap to', () => {
    const { canvas } = canvasOf({ kind: 'wall', wall });
    const panels = panelRects(wall);
    expect(panels).toHaveLength(6);
    expect(panels[4]).toEqual({ x: 1932, y: 1092, w: 1920, h: 1080 });
    expect(bezelRects(wall, canvas)).toEqual([
      { x: 1920, y: 0, w: 12, h: 2172 },
      { x: 3852, y: 0, w: 12, h: 2172 },
      { x: 0, y: 1080, w: 5784, h: 12 },
    ]);
    expect(bezelRects({ ...wall, bezel: 0 }, canvas)).toEqual([]);
    const lines = panelSnapLines(wall);
    expect(lines.x.sort((a, b) => a - b)).toEqual([0, 1920, 1932, 3852, 3864, 5784]);
    expect(lines.y.sort((a, b) => a - b)).toEqual([0, 1080, 1092, 2172]);
  });

  it('tells whether a placement runs under a seam', () => {
    expect(crossesSeam({ x: 10, y: 10, w: 1900, h: 1000 }, wall)).toBe(false);
    expect(crossesSeam({ x: 1900, y: 10, w: 100, h: 100 }, wall)).toBe(true);
    expect(crossesSeam({ x: 1921, y: 10, w: 5, h: 100 }, wall)).toBe(true); // on the bezel itself
  });
});
