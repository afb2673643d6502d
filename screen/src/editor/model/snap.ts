// Snapping while moving and resizing: to other widgets' edges and centres, to the canvas's
// edges and centre, to a wall's panel edges, and otherwise to the grid. An alignment guide is
// drawn for every line the result touches, spanning the rectangles it aligns.
import type { Rect, Size } from './geometry.js';

export interface SnapContext {
  canvas: Size;
  /** the other visible items (never the ones being moved) */
  others: readonly Rect[];
  /** grid size in canvas pixels; 0 turns the grid off */
  grid: number;
  /** how near a line pulls, in canvas pixels (the UI divides its screen distance by the zoom) */
  threshold: number;
  /** false: the grid alone (Alt held while dragging) */
  toItems: boolean;
  /** more lines to snap to, e.g. a wall's panel edges */
  extra?: { x: readonly number[]; y: readonly number[] };
}

/** A guide line: axis 'x' is a vertical line at x = at from y = from to y = to; 'y' horizontal. */
export interface Guide {
  axis: 'x' | 'y';
  at: number;
  from: number;
  to: number;
}

export type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

export interface SnapResult {
  rect: Rect;
  guides: Guide[];
}

interface Line {
  at: number;
  /** extent along the other axis, for the guide */
  from: number;
  to: number;
}

const EPS = 0.01;

function linesOf(ctx: SnapContext, axis: 'x' | 'y'): Line[] {
  const len = axis === 'x' ? ctx.canvas.height : ctx.canvas.width;
  const size = axis === 'x' ? ctx.canvas.width : ctx.canvas.height;
  const out: Line[] = [0, size / 2, size].map((at) => ({ at, from: 0, to: len }));
  for (const at of ctx.extra?.[axis] ?? []) out.push({ at, from: 0, to: len });
  if (ctx.toItems) {
    for (const r of ctx.others) {
      const [p, s, q, t] = axis === 'x' ? [r.x, r.w, r.y, r.h] : [r.y, r.h, r.x, r.w];
      for (const at of [p, p + s / 2, p + s]) out.push({ at, from: q, to: q + t });
    }
  }
  return out;
}

/** The smallest move (≤ threshold) that puts one of `anchors` on a line. */
function nearest(anchors: readonly number[], lines: readonly Line[], threshold: number): number | undefined {
  let best: number | undefined;
  for (const a of anchors) {
    for (const l of lines) {
      const d = l.at - a;
      if (Math.abs(d) <= threshold && (best === undefined || Math.abs(d) < Math.abs(best))) best = d;
    }
  }
  return best;
}

function toGrid(v: number, grid: number): number {
  return grid > 0 ? Math.round(v / grid) * grid - v : 0;
}

function guidesFor(r: Rect, axis: 'x' | 'y', anchors: readonly number[], lines: readonly Line[]): Guide[] {
  const [q, t] = axis === 'x' ? [r.y, r.h] : [r.x, r.w];
  const out = new Map<number, Guide>();
  for (const l of lines) {
    if (!anchors.some((a) => Math.abs(a - l.at) < EPS)) continue;
    const g = out.get(l.at);
    const from = Math.min(l.from, q, g?.from ?? Infinity);
    const to = Math.max(l.to, q + t, g?.to ?? -Infinity);
    out.set(l.at, { axis, at: l.at, from, to });
  }
  return [...out.values()];
}

const xAnchors = (r: Rect) => [r.x, r.x + r.w / 2, r.x + r.w];
const yAnchors = (r: Rect) => [r.y, r.y + r.h / 2, r.y + r.h];

/** Snaps a rectangle being moved (a single item or the bounds of a selection). */
export function snapMove(r: Rect, ctx: SnapContext): SnapResult {
  const lx = linesOf(ctx, 'x');
  const ly = linesOf(ctx, 'y');
  const dx = nearest(xAnchors(r), lx, ctx.threshold) ?? toGrid(r.x, ctx.grid);
  const dy = nearest(yAnchors(r), ly, ctx.threshold) ?? toGrid(r.y, ctx.grid);
  const rect = { ...r, x: r.x + dx, y: r.y + dy };
  return { rect, guides: [...guidesFor(rect, 'x', xAnchors(rect), lx), ...guidesFor(rect, 'y', yAnchors(rect), ly)] };
}

/**
 * Resizes `start` by dragging `handle` by (dx, dy): the dragged edges snap, the others stay;
 * never smaller than `min`, never off the canvas.
 */
export function snapResize(start: Rect, handle: Handle, dx: number, dy: number, ctx: SnapContext, min: { w: number; h: number }): SnapResult {
  let left = start.x;
  let right = start.x + start.w;
  let top = start.y;
  let bottom = start.y + start.h;
  const lx = linesOf(ctx, 'x');
  const ly = linesOf(ctx, 'y');
  const snapEdge = (v: number, lines: Line[]) => v + (nearest([v], lines, ctx.threshold) ?? toGrid(v, ctx.grid));
  if (handle.includes('w')) left = Math.min(Math.max(0, snapEdge(left + dx, lx)), right - min.w);
  if (handle.includes('e')) right = Math.max(Math.min(ctx.canvas.width, snapEdge(right + dx, lx)), left + min.w);
  if (handle.includes('n')) top = Math.min(Math.max(0, snapEdge(top + dy, ly)), bottom - min.h);
  if (handle.includes('s')) bottom = Math.max(Math.min(ctx.canvas.height, snapEdge(bottom + dy, ly)), top + min.h);
  const rect = { x: left, y: top, w: right - left, h: bottom - top };
  const movedX = [...(handle.includes('w') ? [left] : []), ...(handle.includes('e') ? [right] : [])];
  const movedY = [...(handle.includes('n') ? [top] : []), ...(handle.includes('s') ? [bottom] : [])];
  return { rect, guides: [...guidesFor(rect, 'x', movedX, lx), ...guidesFor(rect, 'y', movedY, ly)] };
}
