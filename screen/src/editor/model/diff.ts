// A readable diff between two versions of a layout: what a person would say changed, one line
// per change (pages, widgets added/removed/moved/resized, options, bindings, visibility, the
// canvas). Items are matched by id, pages by id.
import type { EditorDoc, EditorItem } from './document.js';

export interface DiffLine {
  kind: 'added' | 'removed' | 'changed';
  /** what changed, e.g. "page 概览 · event-feed w-3" */
  subject: string;
  detail: string;
}

const json = (v: unknown) => JSON.stringify(v ?? null);
const rect = (i: EditorItem) => `${i.x},${i.y} ${i.w}×${i.h}`;

function itemChanges(a: EditorItem, b: EditorItem): string[] {
  const out: string[] = [];
  if (a.widget !== b.widget) out.push(`widget ${a.widget} → ${b.widget}`);
  if (a.x !== b.x || a.y !== b.y) out.push(`moved ${a.x},${a.y} → ${b.x},${b.y}`);
  if (a.w !== b.w || a.h !== b.h) out.push(`resized ${a.w}×${a.h} → ${b.w}×${b.h}`);
  const keys = new Set([...Object.keys(a.options), ...Object.keys(b.options)]);
  for (const k of [...keys].sort()) if (json(a.options[k]) !== json(b.options[k])) out.push(`${k} ${json(a.options[k])} → ${json(b.options[k])}`);
  if (json(a.binding) !== json(b.binding)) out.push(`binding ${b.binding ? `${b.binding.topic} ${json(b.binding.filters)}` : 'removed'}`);
  if ((a.titleKey ?? '') !== (b.titleKey ?? '')) out.push(`title ${a.titleKey ?? '(default)'} → ${b.titleKey ?? '(default)'}`);
  if (!!a.hidden !== !!b.hidden) out.push(b.hidden ? 'hidden' : 'shown');
  if (!!a.locked !== !!b.locked) out.push(b.locked ? 'locked' : 'unlocked');
  if ((a.group ?? '') !== (b.group ?? '')) out.push(b.group ? 'grouped' : 'ungrouped');
  return out;
}

/** Changes from `before` to `after`. */
export function diffDocs(before: EditorDoc, after: EditorDoc): DiffLine[] {
  const out: DiffLine[] = [];
  if (before.canvas.width !== after.canvas.width || before.canvas.height !== after.canvas.height)
    out.push({ kind: 'changed', subject: 'canvas', detail: `${before.canvas.width}×${before.canvas.height} → ${after.canvas.width}×${after.canvas.height}` });
  if (json(before.wall) !== json(after.wall))
    out.push({ kind: 'changed', subject: 'wall', detail: after.wall ? `${after.wall.rows}×${after.wall.cols} panels of ${after.wall.panel.width}×${after.wall.panel.height}, bezel ${after.wall.bezel}` : 'none' });
  const pagesBefore = new Map(before.pages.map((p) => [p.id, p]));
  const pagesAfter = new Map(after.pages.map((p) => [p.id, p]));
  for (const p of before.pages) if (!pagesAfter.has(p.id)) out.push({ kind: 'removed', subject: `page ${p.name}`, detail: `${p.items.length} widgets` });
  for (const p of after.pages) {
    const old = pagesBefore.get(p.id);
    if (!old) {
      out.push({ kind: 'added', subject: `page ${p.name}`, detail: `${p.items.length} widgets` });
      continue;
    }
    if (old.name !== p.name) out.push({ kind: 'changed', subject: `page ${old.name}`, detail: `renamed ${p.name}` });
    const itemsBefore = new Map(old.items.map((i) => [i.id, i]));
    const itemsAfter = new Map(p.items.map((i) => [i.id, i]));
    const at = (i: EditorItem) => `page ${p.name} · ${i.widget} ${i.id}`;
    for (const i of old.items) if (!itemsAfter.has(i.id)) out.push({ kind: 'removed', subject: at(i), detail: rect(i) });
    for (const i of p.items) {
      const was = itemsBefore.get(i.id);
      if (!was) out.push({ kind: 'added', subject: at(i), detail: rect(i) });
      else for (const d of itemChanges(was, i)) out.push({ kind: 'changed', subject: at(i), detail: d });
    }
    const common = (xs: readonly EditorItem[], other: Map<string, EditorItem>) => xs.filter((i) => other.has(i.id)).map((i) => i.id);
    if (json(common(old.items, itemsAfter)) !== json(common(p.items, itemsBefore))) out.push({ kind: 'changed', subject: `page ${p.name}`, detail: 'stacking order' });
  }
  if (json(before.pages.map((p) => p.id).filter((id) => pagesAfter.has(id))) !== json(after.pages.map((p) => p.id).filter((id) => pagesBefore.has(id))))
    out.push({ kind: 'changed', subject: 'pages', detail: 'order' });
  return out;
}
