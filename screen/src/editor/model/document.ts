// The document the editor edits: pages of placed widgets on one design canvas. It is immutable:
// every edit returns a new document that shares what did not change with the old one, so an
// undo step costs only the objects an edit replaced (see history.ts).
import type { Rect, Size } from './geometry.js';
import type { WallPreset } from './presets.js';

/** Where a widget's data comes from: a topic of the live feed and filters on it. */
export interface Binding {
  topic: string;
  filters: Readonly<Record<string, string | number | boolean>>;
}

/** A widget placed on a page. Pages list their items bottom to top (the z-order). */
export interface EditorItem extends Rect {
  id: string;
  /** widget id of the registry */
  widget: string;
  options: Readonly<Record<string, unknown>>;
  titleKey?: string;
  binding?: Binding;
  /** a locked item is not picked or moved on the canvas (the layers list still selects it) */
  locked?: boolean;
  hidden?: boolean;
  /** items sharing a group id are selected and moved as one */
  group?: string;
  /** fields of the stored placement the editor carries through unchanged (titles by language) */
  extra?: Readonly<Record<string, unknown>>;
}

export interface EditorPage {
  id: string;
  name: string;
  items: readonly EditorItem[];
  /** fields of the stored page the editor carries through unchanged */
  extra?: Readonly<Record<string, unknown>>;
}

export interface EditorDoc {
  canvas: Size;
  /** a spliced wall: the canvas is its panels and bezels */
  wall?: WallPreset;
  pages: readonly EditorPage[];
}

/** Makes ids unique within a document; injected so tests are deterministic. */
export type IdSource = (prefix: string) => string;

export function counterIds(start = 1): IdSource {
  let n = start;
  return (prefix) => `${prefix}-${n++}`;
}

export function pageOf(doc: EditorDoc, pageId: string): EditorPage {
  const page = doc.pages.find((p) => p.id === pageId);
  if (!page) throw new Error(`no page ${pageId}`);
  return page;
}

/** Replaces one page's items; the other pages are shared with the old document. */
export function withItems(doc: EditorDoc, pageId: string, items: readonly EditorItem[]): EditorDoc {
  return { ...doc, pages: doc.pages.map((p) => (p.id === pageId ? { ...p, items } : p)) };
}

/** Applies `change` to the items whose id is in `ids`; unchanged items keep their identity. */
export function mapItems(doc: EditorDoc, pageId: string, ids: Iterable<string>, change: (item: EditorItem) => EditorItem): EditorDoc {
  const wanted = new Set(ids);
  const page = pageOf(doc, pageId);
  let changed = false;
  const items = page.items.map((it) => {
    if (!wanted.has(it.id)) return it;
    const next = change(it);
    if (next !== it) changed = true;
    return next;
  });
  return changed ? withItems(doc, pageId, items) : doc;
}

export function allIds(doc: EditorDoc): Set<string> {
  return new Set(doc.pages.flatMap((p) => p.items.map((i) => i.id)));
}
