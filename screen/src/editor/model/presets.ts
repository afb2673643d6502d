// Canvas presets: the two common screen sizes, a custom size, and spliced walls (rows × columns
// of panels). A wall's canvas runs across its bezels — a bezel is a strip of the canvas no panel
// shows — so a line drawn across the wall stays straight on the glass; the editor draws the
// strips and snaps to the panels' edges so nothing important lands under a seam.
import type { Rect, Size } from './geometry.js';
import { contains } from './geometry.js';

export interface WallPreset {
  rows: number;
  cols: number;
  /** one panel's size in pixels */
  panel: Size;
  /** the bezel between two panels, in panel pixels (both bezels of the seam together) */
  bezel: number;
}

export type CanvasPreset =
  | { kind: 'fhd' }
  | { kind: 'uhd' }
  | { kind: 'custom'; width: number; height: number }
  | { kind: 'wall'; wall: WallPreset };

export const MIN_CANVAS = 320;
export const MAX_CANVAS = 16_384;

export function canvasOf(preset: CanvasPreset): { canvas: Size; wall?: WallPreset } {
  switch (preset.kind) {
    case 'fhd':
      return { canvas: { width: 1920, height: 1080 } };
    case 'uhd':
      return { canvas: { width: 3840, height: 2160 } };
    case 'custom':
      return { canvas: { width: checkSide(preset.width, 'width'), height: checkSide(preset.height, 'height') } };
    case 'wall': {
      const w = checkWall(preset.wall);
      const width = w.cols * w.panel.width + (w.cols - 1) * w.bezel;
      const height = w.rows * w.panel.height + (w.rows - 1) * w.bezel;
      return { canvas: { width: checkSide(width, 'width'), height: checkSide(height, 'height') }, wall: w };
    }
  }
}

function checkSide(v: number, name: string): number {
  if (!Number.isInteger(v) || v < MIN_CANVAS || v > MAX_CANVAS) throw new RangeError(`canvas ${name} must be a whole number from ${MIN_CANVAS} to ${MAX_CANVAS}, not ${v}`);
  return v;
}

function checkWall(w: WallPreset): WallPreset {
  for (const [k, v] of [['rows', w.rows], ['cols', w.cols]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 16) throw new RangeError(`wall ${k} must be a whole number from 1 to 16, not ${v}`);
  }
  if (!Number.isInteger(w.bezel) || w.bezel < 0 || w.bezel > 200) throw new RangeError(`wall bezel must be 0–200 px, not ${w.bezel}`);
  return w;
}

/** Each panel's rectangle on the canvas, row by row. */
export function panelRects(w: WallPreset): Rect[] {
  const out: Rect[] = [];
  for (let r = 0; r < w.rows; r++) {
    for (let c = 0; c < w.cols; c++) {
      out.push({ x: c * (w.panel.width + w.bezel), y: r * (w.panel.height + w.bezel), w: w.panel.width, h: w.panel.height });
    }
  }
  return out;
}

/** The bezel strips: vertical ones between columns, then horizontal ones between rows. */
export function bezelRects(w: WallPreset, canvas: Size): Rect[] {
  if (w.bezel === 0) return [];
  const out: Rect[] = [];
  for (let c = 1; c < w.cols; c++) out.push({ x: c * w.panel.width + (c - 1) * w.bezel, y: 0, w: w.bezel, h: canvas.height });
  for (let r = 1; r < w.rows; r++) out.push({ x: 0, y: r * w.panel.height + (r - 1) * w.bezel, w: canvas.width, h: w.bezel });
  return out;
}

/** Panel edges to snap to: every panel's left/right (x) and top/bottom (y). */
export function panelSnapLines(w: WallPreset): { x: number[]; y: number[] } {
  const x = new Set<number>();
  const y = new Set<number>();
  for (const p of panelRects(w)) {
    x.add(p.x).add(p.x + p.w);
    y.add(p.y).add(p.y + p.h);
  }
  return { x: [...x], y: [...y] };
}

/** Whether a placement runs under a seam: it does not fit inside one panel. */
export function crossesSeam(r: Rect, w: WallPreset): boolean {
  return !panelRects(w).some((p) => contains(p, r));
}
