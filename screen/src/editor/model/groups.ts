// Groups (flat: an item belongs to at most one group), locking and hiding. A group is
// selected, moved, aligned and distributed as one unit.
import type { EditorDoc, EditorItem, EditorPage, IdSource } from './document.js';
import { mapItems, pageOf, withItems } from './document.js';
import type { Rect } from './geometry.js';
import { boundsOf } from './geometry.js';

/** What moves as one: a lone item or a whole group. */
export interface Unit {
  ids: string[];
  rect: Rect;
  /** any member locked: the unit stays where it is */
  locked: boolean;
}

/** The ids plus every other member of their groups, in z-order. */
export function expandToGroups(page: EditorPage, ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  const groups = new Set(page.items.filter((i) => wanted.has(i.id) && i.group).map((i) => i.group));
  return page.items.filter((i) => wanted.has(i.id) || (i.group !== undefined && groups.has(i.group))).map((i) => i.id);
}

/** The selection as units, in z-order of their lowest member. */
export function unitsOf(page: EditorPage, ids: Iterable<string>): Unit[] {
  const wanted = new Set(expandToGroups(page, ids));
  const byKey = new Map<string, EditorItem[]>();
  for (const it of page.items) {
    if (!wanted.has(it.id)) continue;
    const key = it.group ?? `item:${it.id}`;
    byKey.set(key, [...(byKey.get(key) ?? []), it]);
  }
  return [...byKey.values()].map((members) => ({
    ids: members.map((m) => m.id),
    rect: boundsOf(members)!,
    locked: members.some((m) => m.locked === true),
  }));
}

/**
 * Groups the selected items (whole groups they belong to are merged). The members become
 * contiguous in z-order at the place of the topmost one, as in drawing tools.
 */
export function group(doc: EditorDoc, pageId: string, ids: Iterable<string>, newId: IdSource): EditorDoc {
  const page = pageOf(doc, pageId);
  const members = new Set(expandToGroups(page, ids));
  if (members.size < 2) return doc;
  const gid = newId('group');
  const top = page.items.reduce((at, it, i) => (members.has(it.id) ? i : at), -1);
  const moved = page.items.filter((it) => members.has(it.id)).map((it) => ({ ...it, group: gid }));
  const rest = page.items.filter((it) => !members.has(it.id));
  const before = page.items.slice(0, top + 1).filter((it) => !members.has(it.id)).length;
  return withItems(doc, pageId, [...rest.slice(0, before), ...moved, ...rest.slice(before)]);
}

/** Dissolves the groups of the selected items. */
export function ungroup(doc: EditorDoc, pageId: string, ids: Iterable<string>): EditorDoc {
  const page = pageOf(doc, pageId);
  return mapItems(doc, pageId, expandToGroups(page, ids), (it) => {
    if (it.group === undefined) return it;
    const { group: _g, ...rest } = it;
    return rest;
  });
}

export function setLocked(doc: EditorDoc, pageId: string, ids: Iterable<string>, locked: boolean): EditorDoc {
  return setFlag(doc, pageId, ids, 'locked', locked);
}

export function setHidden(doc: EditorDoc, pageId: string, ids: Iterable<string>, hidden: boolean): EditorDoc {
  return setFlag(doc, pageId, ids, 'hidden', hidden);
}

function setFlag(doc: EditorDoc, pageId: string, ids: Iterable<string>, flag: 'locked' | 'hidden', on: boolean): EditorDoc {
  return mapItems(doc, pageId, expandToGroups(pageOf(doc, pageId), ids), (it) => {
    if ((it[flag] === true) === on) return it;
    if (on) return { ...it, [flag]: true };
    const next = { ...it };
    delete next[flag];
    return next;
  });
}
