// How the design canvas meets the window: one uniform scale and an offset, for a window of its
// own or for one tile of a spliced wall (several windows showing slices of one canvas). The
// canvas is laid out in design pixels and transformed; every canvas inside it (ECharts now)
// draws at design size × scale × devicePixelRatio, so nothing is a bitmap scaled up.
import type { InjectionKey, Ref } from 'vue';
import type { ScaleMode } from '../net/protocol.js';

export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

/** One window of a spliced wall: its place in rows × cols, and the bezel between panels in window pixels. */
export interface WallTile {
  rows: number;
  cols: number;
  row: number;
  col: number;
  /** the width of the frame between two panels side by side (both bezels), in this window's pixels */
  bezelX: number;
  /** the same between two panels one above the other */
  bezelY: number;
}

export const SINGLE_WINDOW: Readonly<WallTile> = Object.freeze({ rows: 1, cols: 1, row: 0, col: 0, bezelX: 0, bezelY: 0 });

export interface CanvasPlacement {
  /** design pixels → window pixels */
  scale: number;
  /** where the canvas's top left lands in this window (negative for tiles right of or below the first) */
  offsetX: number;
  offsetY: number;
  /** the scaled canvas is larger than the window along an axis it may scroll (fill-width, fill-height, none; single windows only) */
  scrollX: boolean;
  scrollY: boolean;
}

/**
 * Places the design canvas on the whole wall (every window the same size; one window is a
 * 1×1 wall), then shifts it so this tile shows its slice. Bezel compensation counts the frames
 * between panels as wall area, so a line crossing two panels stays straight: what falls
 * behind a bezel is hidden, not squeezed.
 */
export function placeCanvas(mode: ScaleMode, viewW: number, viewH: number, w: number, h: number, tile: WallTile = SINGLE_WINDOW): CanvasPlacement {
  const wallW = tile.cols * viewW + (tile.cols - 1) * tile.bezelX;
  const wallH = tile.rows * viewH + (tile.rows - 1) * tile.bezelY;
  const fit = Math.min(wallW / w, wallH / h);
  const scale = Math.max(0.01, mode === 'fit' ? fit : mode === 'fill-width' ? wallW / w : mode === 'fill-height' ? wallH / h : 1);
  // centred along an axis where the canvas is smaller than the wall, from the start where larger
  const originX = Math.max(0, (wallW - w * scale) / 2);
  const originY = Math.max(0, (wallH - h * scale) / 2);
  const single = tile.rows === 1 && tile.cols === 1;
  return {
    scale,
    offsetX: originX - tile.col * (viewW + tile.bezelX),
    offsetY: originY - tile.row * (viewH + tile.bezelY),
    scrollX: single && w * scale > wallW + 0.5,
    scrollY: single && h * scale > wallH + 0.5,
  };
}

/**
 * The pixel ratio a canvas inside the design canvas must draw at to be crisp: device pixels
 * per design pixel. Rounded to 1/100 so a resize by a pixel does not redraw every chart.
 */
export function canvasPixelRatio(scale: number, devicePixelRatio: number): number {
  return Math.max(0.25, Math.ceil(scale * devicePixelRatio * 100) / 100);
}

/** Provided by ScreenCanvas: device pixels per design pixel now (canvasPixelRatio). */
export const CANVAS_PIXEL_RATIO: InjectionKey<Readonly<Ref<number>>> = Symbol('canvas-pixel-ratio');
