// Pointer gestures on the canvas as pure functions of canvas points: what a drag would do at
// each pointer position (the preview, with guides), and the one command it becomes at the
// end. The canvas component only converts screen to canvas points and calls these.
import type { EditorDoc, EditorPage } from './document.js';
import type { Rect } from './geometry.js';
import { boundsOf, clampOffset } from './geometry.js';
import { scaleRects } from './arrange.js';
import { expandToGroups } from './groups.js';
import { panelSnapLines } from './presets.js';
import { snapMove, snapResize, type Guide, type Handle, type SnapContext } from './snap.js';

export interface Point {
  x: number;
  y: number;
}

export interface SnapSettings {
  /** grid size, canvas pixels (0: off) */
  grid: number;
  /** snapping distance in screen pixels */
  screenThreshold: number;
  zoom: number;
  /** snap to other widgets and the canvas (Alt turns it off while dragging) */
  toItems: boolean;
}

export interface Preview {
  rects: Map<string, Rect>;
  guides: Guide[];
}

/** The snapping context for moving `moving` on a page: everything else visible is a target. */
export function snapContext(doc: EditorDoc, page: EditorPage, moving: ReadonlySet<string>, s: SnapSettings): SnapContext {
  return {
    canvas: doc.canvas,
    others: page.items.filter((i) => !moving.has(i.id) && i.hidden !== true),
    grid: s.grid,
    threshold: s.screenThreshold / s.zoom,
    toItems: s.toItems,
    ...(doc.wall ? { extra: panelSnapLines(doc.wall) } : {}),
  };
}

export interface MoveGesture {
  start: Point;
  ids: string[];
  from: Map<string, Rect>;
  bounds: Rect;
}

/** Starts moving the unlocked selection (with whole groups); undefined when nothing can move. */
export function beginMove(page: EditorPage, selection: readonly string[], start: Point): MoveGesture | undefined {
  const ids = new Set(expandToGroups(page, selection));
  const items = page.items.filter((i) => ids.has(i.id) && i.locked !== true);
  const bounds = boundsOf(items);
  if (!bounds) return undefined;
  return { start, ids: items.map((i) => i.id), from: new Map(items.map((i) => [i.id, { x: i.x, y: i.y, w: i.w, h: i.h }])), bounds };
}

/** Where the selection would be with the pointer at `p`, and the offset the move commits. */
export function previewMove(g: MoveGesture, p: Point, ctx: SnapContext): Preview & { dx: number; dy: number } {
  const raw = { ...g.bounds, x: g.bounds.x + p.x - g.start.x, y: g.bounds.y + p.y - g.start.y };
  const snapped = snapMove(raw, ctx);
  const c = clampOffset(snapped.rect, ctx.canvas);
  const dx = Math.round(snapped.rect.x + c.dx - g.bounds.x);
  const dy = Math.round(snapped.rect.y + c.dy - g.bounds.y);
  const rects = new Map([...g.from].map(([id, r]) => [id, { ...r, x: r.x + dx, y: r.y + dy }]));
  return { rects, guides: c.dx || c.dy ? [] : snapped.guides, dx, dy };
}

export interface ResizeGesture extends MoveGesture {
  handle: Handle;
}

export function beginResize(page: EditorPage, selection: readonly string[], handle: Handle, start: Point): ResizeGesture | undefined {
  const g = beginMove(page, selection, start);
  return g && { ...g, handle };
}

/**
 * The selection resized by dragging a handle of its bounds to `p`: one item takes the new
 * bounds, several scale with them. `min` is the smallest size of one item.
 */
export function previewResize(g: ResizeGesture, p: Point, ctx: SnapContext, min: { w: number; h: number }): Preview {
  const snapped = snapResize(g.bounds, g.handle, p.x - g.start.x, p.y - g.start.y, ctx, min);
  const ids = [...g.from.keys()];
  const scaled = scaleRects([...g.from.values()], g.bounds, snapped.rect);
  const rects = new Map(ids.map((id, i) => [id, roundR(scaled[i]!)]));
  return { rects, guides: snapped.guides };
}

/** A widget from the palette under the pointer: centred on it, snapped, on the canvas. */
export function previewPlace(size: { w: number; h: number }, p: Point, ctx: SnapContext): { rect: Rect; guides: Guide[] } {
  const w = Math.min(size.w, ctx.canvas.width);
  const h = Math.min(size.h, ctx.canvas.height);
  const snapped = snapMove({ x: p.x - w / 2, y: p.y - h / 2, w, h }, ctx);
  const c = clampOffset(snapped.rect, ctx.canvas);
  return { rect: roundR({ ...snapped.rect, x: snapped.rect.x + c.dx, y: snapped.rect.y + c.dy }), guides: snapped.guides };
}

function roundR(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) };
}

/** Screen ↔ canvas for a canvas drawn at `zoom`, its origin `pan` screen pixels from the viewport's corner. */
export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

export function toCanvas(v: View, sx: number, sy: number): Point {
  return { x: (sx - v.panX) / v.zoom, y: (sy - v.panY) / v.zoom };
}

/** Zooms by `factor` keeping the canvas point under (sx, sy) where it is. */
export function zoomAt(v: View, factor: number, sx: number, sy: number): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.zoom * factor));
  const p = toCanvas(v, sx, sy);
  return { zoom, panX: sx - p.x * zoom, panY: sy - p.y * zoom };
}

/** The whole canvas in a viewport, centred, with a margin. */
export function fitView(canvas: { width: number; height: number }, viewW: number, viewH: number, margin = 24): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.min((viewW - 2 * margin) / canvas.width, (viewH - 2 * margin) / canvas.height)));
  return { zoom, panX: (viewW - canvas.width * zoom) / 2, panY: (viewH - canvas.height * zoom) / 2 };
}
