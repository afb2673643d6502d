// Moving, aligning, distributing and stacking the selection. Groups act as one unit; locked
// units stay put. Results are whole canvas pixels.
import type { EditorDoc, EditorItem } from './document.js';
import { mapItems, pageOf, withItems } from './document.js';
import type { Rect } from './geometry.js';
import { boundsOf, clampOffset } from './geometry.js';
import { unitsOf, type Unit } from './groups.js';

export type AlignEdge = 'left' | 'hcenter' | 'right' | 'top' | 'vcenter' | 'bottom';
export type ZOrderOp = 'front' | 'back' | 'forward' | 'backward';

function moveUnitsBy(doc: EditorDoc, pageId: string, moves: ReadonlyArray<readonly [Unit, number, number]>): EditorDoc {
  const delta = new Map<string, [number, number]>();
  for (const [u, dx, dy] of moves) {
    if (u.locked || (dx === 0 && dy === 0)) continue;
    for (const id of u.ids) delta.set(id, [Math.round(dx), Math.round(dy)]);
  }
  return mapItems(doc, pageId, delta.keys(), (it) => {
    const [dx, dy] = delta.get(it.id)!;
    return dx === 0 && dy === 0 ? it : { ...it, x: it.x + dx, y: it.y + dy };
  });
}

/** Moves the selection by (dx, dy) (keyboard nudge, a drag's end), keeping it on the canvas. */
export function moveBy(doc: EditorDoc, pageId: string, ids: Iterable<string>, dx: number, dy: number): EditorDoc {
  const units = unitsOf(pageOf(doc, pageId), ids).filter((u) => !u.locked);
  const b = boundsOf(units.map((u) => u.rect));
  if (!b) return doc;
  const c = clampOffset({ ...b, x: b.x + dx, y: b.y + dy }, doc.canvas);
  return moveUnitsBy(doc, pageId, units.map((u) => [u, dx + c.dx, dy + c.dy] as const));
}

/** Sets items' rectangles (a resize's end, the property panel's fields). */
export function setRects(doc: EditorDoc, pageId: string, rects: ReadonlyMap<string, Rect>): EditorDoc {
  return mapItems(doc, pageId, rects.keys(), (it) => {
    if (it.locked) return it;
    const r = rects.get(it.id)!;
    const x = Math.round(r.x);
    const y = Math.round(r.y);
    const w = Math.max(1, Math.round(r.w));
    const h = Math.max(1, Math.round(r.h));
    return it.x === x && it.y === y && it.w === w && it.h === h ? it : { ...it, x, y, w, h };
  });
}

/** Scales every member of a selection from its bounds `from` to `to` (resizing a group). */
export function scaleRects(items: readonly Rect[], from: Rect, to: Rect): Rect[] {
  const sx = from.w > 0 ? to.w / from.w : 1;
  const sy = from.h > 0 ? to.h / from.h : 1;
  return items.map((r) => ({ x: to.x + (r.x - from.x) * sx, y: to.y + (r.y - from.y) * sy, w: r.w * sx, h: r.h * sy }));
}

/**
 * Aligns the selection's units to an edge or centre of their common bounds; a single unit
 * aligns to the canvas.
 */
export function align(doc: EditorDoc, pageId: string, ids: Iterable<string>, edge: AlignEdge): EditorDoc {
  const units = unitsOf(pageOf(doc, pageId), ids);
  if (units.length === 0) return doc;
  const t: Rect = units.length > 1 ? boundsOf(units.map((u) => u.rect))! : { x: 0, y: 0, w: doc.canvas.width, h: doc.canvas.height };
  return moveUnitsBy(
    doc,
    pageId,
    units.map((u) => {
      const r = u.rect;
      switch (edge) {
        case 'left':
          return [u, t.x - r.x, 0] as const;
        case 'hcenter':
          return [u, t.x + t.w / 2 - (r.x + r.w / 2), 0] as const;
        case 'right':
          return [u, t.x + t.w - (r.x + r.w), 0] as const;
        case 'top':
          return [u, 0, t.y - r.y] as const;
        case 'vcenter':
          return [u, 0, t.y + t.h / 2 - (r.y + r.h / 2)] as const;
        case 'bottom':
          return [u, 0, t.y + t.h - (r.y + r.h)] as const;
      }
    }),
  );
}

/**
 * Spaces three or more units with equal gaps between the first and the last (ordered by
 * position along the axis); those two stay.
 */
export function distribute(doc: EditorDoc, pageId: string, ids: Iterable<string>, axis: 'h' | 'v'): EditorDoc {
  const units = unitsOf(pageOf(doc, pageId), ids);
  if (units.length < 3) return doc;
  const pos = (r: Rect) => (axis === 'h' ? r.x : r.y);
  const size = (r: Rect) => (axis === 'h' ? r.w : r.h);
  units.sort((a, b) => pos(a.rect) + size(a.rect) / 2 - (pos(b.rect) + size(b.rect) / 2));
  const first = units[0]!.rect;
  const last = units[units.length - 1]!.rect;
  const span = pos(last) + size(last) - pos(first);
  const gap = (span - units.reduce((s, u) => s + size(u.rect), 0)) / (units.length - 1);
  let at = pos(first);
  const moves = units.map((u) => {
    const d = Math.round(at) - pos(u.rect);
    at += size(u.rect) + gap;
    return axis === 'h' ? ([u, d, 0] as const) : ([u, 0, d] as const);
  });
  return moveUnitsBy(doc, pageId, moves.slice(1, -1));
}

/** Restacks the selection; groups stay together. */
export function zOrder(doc: EditorDoc, pageId: string, ids: Iterable<string>, op: ZOrderOp): EditorDoc {
  const page = pageOf(doc, pageId);
  const all = unitsOf(page, page.items.map((i) => i.id));
  const chosen = new Set(unitsOf(page, ids).map((u) => u.ids[0]));
  const isChosen = (u: Unit) => chosen.has(u.ids[0]);
  let order: Unit[];
  if (op === 'front') order = [...all.filter((u) => !isChosen(u)), ...all.filter(isChosen)];
  else if (op === 'back') order = [...all.filter(isChosen), ...all.filter((u) => !isChosen(u))];
  else {
    order = [...all];
    const up = op === 'forward';
    // Each chosen unit passes its nearest unchosen neighbour; chosen neighbours keep their order.
    for (let k = 0; k < order.length - 1; k++) {
      const i = up ? order.length - 2 - k : k + 1;
      const j = up ? i + 1 : i - 1;
      if (isChosen(order[i]!) && !isChosen(order[j]!)) [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  const byId = new Map(page.items.map((i) => [i.id, i]));
  const items: EditorItem[] = order.flatMap((u) => u.ids.map((id) => byId.get(id)!));
  return items.every((it, i) => it === page.items[i]) ? doc : withItems(doc, pageId, items);
}
