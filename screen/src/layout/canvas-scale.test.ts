import { describe, expect, it } from 'vitest';
import { fitCanvas } from './canvas-scale.js';

describe('fitCanvas', () => {
  it('fills an exact 16:9 window', () => {
    expect(fitCanvas(3840, 2160)).toEqual({ scale: 2, offsetX: 0, offsetY: 0 });
  });
  it('letterboxes a taller window top and bottom', () => {
    const f = fitCanvas(1920, 1200);
    expect(f.scale).toBe(1);
    expect(f.offsetX).toBe(0);
    expect(f.offsetY).toBe(60);
  });
  it('pillarboxes a wider window left and right', () => {
    const f = fitCanvas(1280, 540);
    expect(f.scale).toBe(0.5);
    expect(f.offsetX).toBe(160);
    expect(f.offsetY).toBe(0);
  });
});
