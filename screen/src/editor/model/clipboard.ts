// Copy, paste, duplicate, add and delete. Pasted items get new ids and new group ids (a pasted
// group is a new group), land offset from the originals, and stay on the canvas.
import type { EditorDoc, EditorItem, IdSource } from './document.js';
import { pageOf, withItems } from './document.js';
import { boundsOf, clampOffset } from './geometry.js';
import { expandToGroups } from './groups.js';

/** What Copy holds: plain data, so it survives the source being edited or deleted. */
export interface Clip {
  items: EditorItem[];
}

/** Deep copies with fresh item ids and group ids. */
export function cloneItems(items: readonly EditorItem[], newId: IdSource): EditorItem[] {
  const groups = new Map<string, string>();
  return items.map((it) => {
    const copy: EditorItem = { ...structuredClone(it), id: newId('w') };
    if (it.group !== undefined) {
      if (!groups.has(it.group)) groups.set(it.group, newId('group'));
      copy.group = groups.get(it.group)!;
    }
    return copy;
  });
}

export function copy(doc: EditorDoc, pageId: string, ids: Iterable<string>): Clip {
  const page = pageOf(doc, pageId);
  const chosen = new Set(expandToGroups(page, ids));
  return { items: structuredClone(page.items.filter((it) => chosen.has(it.id))) };
}

/** Pastes on top of the page, moved by `offset`, kept on the canvas; returns the new ids. */
export function paste(doc: EditorDoc, pageId: string, clip: Clip, offset: number, newId: IdSource): { doc: EditorDoc; ids: string[] } {
  if (clip.items.length === 0) return { doc, ids: [] };
  // A pasted copy is unlocked: it is meant to be moved into place.
  const items = cloneItems(clip.items, newId).map(({ locked: _l, ...it }): EditorItem => ({ ...it, x: it.x + offset, y: it.y + offset }));
  const c = clampOffset(boundsOf(items)!, doc.canvas);
  const placed = items.map((it) => ({ ...it, x: it.x + c.dx, y: it.y + c.dy }));
  const page = pageOf(doc, pageId);
  return { doc: withItems(doc, pageId, [...page.items, ...placed]), ids: placed.map((i) => i.id) };
}

export function duplicate(doc: EditorDoc, pageId: string, ids: Iterable<string>, offset: number, newId: IdSource): { doc: EditorDoc; ids: string[] } {
  return paste(doc, pageId, copy(doc, pageId, ids), offset, newId);
}

/** Places a new widget from the palette on top, kept on the canvas. */
export function addItem(doc: EditorDoc, pageId: string, item: Omit<EditorItem, 'id'>, newId: IdSource): { doc: EditorDoc; id: string } {
  const id = newId('w');
  const w = Math.min(item.w, doc.canvas.width);
  const h = Math.min(item.h, doc.canvas.height);
  const r = { x: Math.round(item.x), y: Math.round(item.y), w: Math.round(w), h: Math.round(h) };
  const c = clampOffset(r, doc.canvas);
  const placed: EditorItem = { ...item, ...r, x: r.x + c.dx, y: r.y + c.dy, id };
  return { doc: withItems(doc, pageId, [...pageOf(doc, pageId).items, placed]), id };
}

/** Deletes the selection (with whole groups); locked items stay. */
export function remove(doc: EditorDoc, pageId: string, ids: Iterable<string>): EditorDoc {
  const page = pageOf(doc, pageId);
  const gone = new Set(expandToGroups(page, ids));
  const items = page.items.filter((it) => !gone.has(it.id) || it.locked === true);
  return items.length === page.items.length ? doc : withItems(doc, pageId, items);
}
