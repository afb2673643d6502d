// Rectangles on the design canvas, in canvas pixels. Everything the editor computes is plain
// data in, data out: no DOM, so the model is tested without a browser.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The smallest rectangle holding all of `rects` (undefined for none). */
export function boundsOf(rects: readonly Rect[]): Rect | undefined {
  if (rects.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** A rectangle from two corners in any order (a marquee). */
export function rectFromPoints(ax: number, ay: number, bx: number, by: number): Rect {
  return { x: Math.min(ax, bx), y: Math.min(ay, by), w: Math.abs(bx - ax), h: Math.abs(by - ay) };
}

/** The offset that keeps `r` inside the canvas (a rectangle larger than the canvas sticks to its top-left). */
export function clampOffset(r: Rect, canvas: Size): { dx: number; dy: number } {
  const dx = r.x < 0 ? -r.x : r.x + r.w > canvas.width ? Math.max(canvas.width - (r.x + r.w), -r.x) : 0;
  const dy = r.y < 0 ? -r.y : r.y + r.h > canvas.height ? Math.max(canvas.height - (r.y + r.h), -r.y) : 0;
  return { dx, dy };
}

export function roundRect(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) };
}
