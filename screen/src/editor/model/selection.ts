// Picking on the canvas: a click takes the topmost visible, unlocked item (and its group);
// Shift adds or removes; a marquee takes what it touches. The layers list may select
// anything, locked or hidden, by id.
import type { EditorPage } from './document.js';
import type { Rect } from './geometry.js';
import { intersects } from './geometry.js';
import { expandToGroups } from './groups.js';

const pickable = (it: { locked?: boolean; hidden?: boolean }) => it.locked !== true && it.hidden !== true;

/** The topmost pickable item under a canvas point. */
export function hitTest(page: EditorPage, x: number, y: number): string | undefined {
  for (let i = page.items.length - 1; i >= 0; i--) {
    const it = page.items[i]!;
    if (pickable(it) && x >= it.x && x < it.x + it.w && y >= it.y && y < it.y + it.h) return it.id;
  }
  return undefined;
}

/** The selection after clicking `hit` (undefined: empty canvas). */
export function clickSelect(page: EditorPage, current: readonly string[], hit: string | undefined, additive: boolean): string[] {
  if (hit === undefined) return additive ? [...current] : [];
  const unit = expandToGroups(page, [hit]);
  if (!additive) return unit;
  const had = current.includes(hit);
  const next = had ? current.filter((id) => !unit.includes(id)) : [...current, ...unit.filter((id) => !current.includes(id))];
  return expandToGroups(page, next);
}

/** Pickable items a marquee touches, with their groups; Shift adds them to `current`. */
export function marqueeSelect(page: EditorPage, current: readonly string[], area: Rect, additive: boolean): string[] {
  const touched = page.items.filter((it) => pickable(it) && intersects(it, area)).map((it) => it.id);
  return expandToGroups(page, additive ? [...current, ...touched] : touched);
}

/** Keeps only ids that still exist on the page (after undo, delete, page switch). */
export function pruneSelection(page: EditorPage, ids: readonly string[]): string[] {
  const present = new Set(page.items.map((i) => i.id));
  return ids.filter((id) => present.has(id));
}
