// Pages of a layout (the screen shows them in turn). A document always has at least one.
import type { EditorDoc, EditorItem, IdSource } from './document.js';
import { pageOf } from './document.js';
import { cloneItems } from './clipboard.js';

export function addPage(doc: EditorDoc, name: string, newId: IdSource): { doc: EditorDoc; pageId: string } {
  const pageId = newId('page');
  return { doc: { ...doc, pages: [...doc.pages, { id: pageId, name, items: [] }] }, pageId };
}

export function removePage(doc: EditorDoc, pageId: string): EditorDoc {
  pageOf(doc, pageId);
  if (doc.pages.length === 1) throw new Error('a layout keeps at least one page');
  return { ...doc, pages: doc.pages.filter((p) => p.id !== pageId) };
}

export function renamePage(doc: EditorDoc, pageId: string, name: string): EditorDoc {
  if (pageOf(doc, pageId).name === name) return doc;
  return { ...doc, pages: doc.pages.map((p) => (p.id === pageId ? { ...p, name } : p)) };
}

/** Moves a page to position `to` (clamped). */
export function movePage(doc: EditorDoc, pageId: string, to: number): EditorDoc {
  const page = pageOf(doc, pageId);
  const rest = doc.pages.filter((p) => p.id !== pageId);
  const at = Math.max(0, Math.min(rest.length, to));
  if (doc.pages[at] === page) return doc;
  return { ...doc, pages: [...rest.slice(0, at), page, ...rest.slice(at)] };
}

/** Copies a page with new item and group ids, right after the original. */
export function duplicatePage(doc: EditorDoc, pageId: string, name: string, newId: IdSource): { doc: EditorDoc; pageId: string } {
  const page = pageOf(doc, pageId);
  const copy = { id: newId('page'), name, items: cloneItems(page.items, newId) as readonly EditorItem[] };
  const at = doc.pages.indexOf(page) + 1;
  return { doc: { ...doc, pages: [...doc.pages.slice(0, at), copy, ...doc.pages.slice(at)] }, pageId: copy.id };
}
