import { describe, expect, it } from 'vitest';
import type { EditorDoc, EditorItem } from './document.js';
import { counterIds } from './document.js';
import { EditorModel, freshIds } from './editor.js';

const item = (id: string, x: number, y: number, more: Partial<EditorItem> = {}): EditorItem => ({ id, widget: 'totals', options: {}, x, y, w: 100, h: 80, ...more });
const start = (): EditorDoc => ({
  canvas: { width: 1920, height: 1080 },
  pages: [{ id: 'p1', name: '概览', items: [item('a', 100, 100), item('b', 400, 300), item('c', 800, 600)] }],
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random command of every kind the editor offers. */
function randomStep(ed: EditorModel, r: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ids = ed.page.items.map((i) => i.id);
  if (ids.length) ed.select(ids.filter(() => r() < 0.4).concat(pick(ids)));
  const ops: Array<() => void> = [
    () => ed.add({ widget: pick(['totals', 'event-feed', 'alert-list']), options: { rows: 1 + Math.floor(r() * 30) }, x: r() * 1800, y: r() * 1000, w: 100 + r() * 300, h: 80 + r() * 200 }),
    () => ed.move(Math.round(r() * 200 - 100), Math.round(r() * 200 - 100)),
    () => ed.nudge(pick([-1, 1, 10]), 0),
    () => ed.setRects(new Map(ed.selection.slice(0, 1).map((id) => [id, { x: r() * 1000, y: r() * 600, w: 50 + r() * 400, h: 50 + r() * 300 }]))),
    () => ed.align(pick(['left', 'hcenter', 'right', 'top', 'vcenter', 'bottom'] as const)),
    () => ed.distribute(pick(['h', 'v'] as const)),
    () => ed.group(),
    () => ed.ungroup(),
    () => ed.setLocked(r() < 0.5),
    () => ed.setHidden(r() < 0.5),
    () => ed.zOrder(pick(['front', 'back', 'forward', 'backward'] as const)),
    () => ed.remove(),
    () => (ed.copy(), ed.paste()),
    () => ed.duplicate(),
    () => ed.selection[0] && ed.setOptions(ed.selection[0], { rows: Math.floor(r() * 50) }),
    () => ed.selection[0] && ed.setBinding(ed.selection[0], r() < 0.7 ? { topic: 'events', filters: { area: '440303' } } : undefined),
    () => ed.addPage(`页 ${Math.floor(r() * 100)}`),
    () => ed.doc.pages.length > 1 && ed.removePage(),
    () => ed.showPage(pick(ed.doc.pages).id),
    () => ed.setCanvas(pick([{ kind: 'fhd' }, { kind: 'uhd' }, { kind: 'wall', wall: { rows: 2, cols: 2, panel: { width: 1920, height: 1080 }, bezel: 8 } }] as const)),
  ];
  pick(ops)();
}

describe('EditorModel', () => {
  it('undoes and redoes a long random sequence exactly, step by step, with no edit leaking into an older state', () => {
    const ed = new EditorModel(start(), { newId: counterIds(), historyLimit: 500 });
    const r = rng(12);
    // Serialised after every step: a shared object mutated by a later edit would show here.
    const seen: string[] = [JSON.stringify(ed.state)];
    let guard = 0;
    while (ed.undoDepth < 400 && guard++ < 5000) {
      const depth = ed.undoDepth;
      randomStep(ed, r);
      if (ed.undoDepth > depth) seen[ed.undoDepth] = JSON.stringify(ed.state);
    }
    expect(ed.undoDepth).toBe(400);
    // One stored step per undo depth; undo goes back exactly through them.
    const stepDoc = (s: string) => JSON.stringify(JSON.parse(s).doc);
    for (let d = 400; d > 0; d--) {
      expect(stepDoc(JSON.stringify(ed.state))).toBe(stepDoc(seen[d]!));
      expect(ed.undo()).toBe(true);
    }
    expect(JSON.stringify(ed.doc)).toBe(JSON.stringify(start()));
    expect(ed.undo()).toBe(false);
    for (let d = 1; d <= 400; d++) {
      expect(ed.redo()).toBe(true);
      expect(stepDoc(JSON.stringify(ed.state))).toBe(stepDoc(seen[d]!));
    }
    expect(ed.redo()).toBe(false);
  });

  it('keeps at least 100 steps by default (200), and undo after the limit stops at the oldest kept', () => {
    const ed = new EditorModel(start(), { newId: counterIds() });
    ed.select(['a']);
    for (let i = 0; i < 250; i++) ed.move(i % 2 ? 3 : -1, 1);
    expect(ed.undoDepth).toBe(200);
    let n = 0;
    while (ed.undo()) n++;
    expect(n).toBe(200);
    expect(ed.page.items[0]).toMatchObject({ x: 150, y: 150 }); // the 50 oldest moves stay: 25 × (−1 + 3) and 50 × 1
  });

  it('restores the selection and page of the step it undoes', () => {
    const ed = new EditorModel(start(), { newId: counterIds() });
    ed.select(['b']);
    ed.move(10, 0);
    const pageId = ed.addPage('二');
    const id = ed.add({ widget: 'totals', options: {}, x: 0, y: 0, w: 10, h: 10 });
    expect(ed.selection).toEqual([id]);
    ed.undo();
    expect(ed.state.pageId).toBe(pageId);
    expect(ed.page.items).toEqual([]);
    ed.undo();
    expect(ed.state.pageId).toBe('p1');
    expect(ed.selection).toEqual(['b']);
    expect(ed.page.items[1]).toMatchObject({ id: 'b', x: 410 });
  });

  it('makes a run of arrow-key nudges one undo step', () => {
    const ed = new EditorModel(start(), { newId: counterIds() });
    ed.select(['a']);
    for (let i = 0; i < 30; i++) ed.nudge(1, 0);
    ed.select(['b']);
    ed.nudge(0, 10);
    expect(ed.undoDepth).toBe(2);
    ed.undo();
    ed.undo();
    expect(ed.page.items[0]).toMatchObject({ x: 100 });
  });

  it('copies, cuts, pastes (each paste further off) and duplicates as undoable steps', () => {
    const ed = new EditorModel(start(), { newId: counterIds(), pasteOffset: 20 });
    ed.select(['a']);
    ed.copy();
    const p1 = ed.paste();
    const p2 = ed.paste();
    expect(ed.page.items.filter((i) => p1.includes(i.id) || p2.includes(i.id)).map((i) => i.x)).toEqual([120, 140]);
    ed.select(['c']);
    ed.cut();
    expect(ed.page.items.map((i) => i.id)).not.toContain('c');
    ed.paste();
    expect(ed.page.items.at(-1)).toMatchObject({ x: 820, y: 620 });
    const dup = ed.duplicate();
    expect(ed.selection).toEqual(dup);
    expect(ed.undoDepth).toBe(5);
  });

  it('sets options, bindings and titles on one item, and clears them', () => {
    const ed = new EditorModel(start(), { newId: counterIds() });
    ed.setOptions('a', { rows: 12 });
    ed.setBinding('a', { topic: 'events', filters: { area: '440303', status: 'REPORTED' } });
    ed.setTitleKey('a', 'widgets.totals');
    expect(ed.page.items[0]).toMatchObject({ options: { rows: 12 }, binding: { topic: 'events' }, titleKey: 'widgets.totals' });
    ed.setBinding('a', undefined);
    ed.setTitleKey('a', undefined);
    expect(Object.keys(ed.page.items[0]!)).not.toContain('binding');
    expect(Object.keys(ed.page.items[0]!)).not.toContain('titleKey');
  });

  it('pulls items into a smaller canvas and remembers a wall', () => {
    const ed = new EditorModel(
      { canvas: { width: 3840, height: 2160 }, pages: [{ id: 'p', name: 'p', items: [item('a', 3000, 2000, { w: 2500, h: 100 })] }] },
      { newId: counterIds() },
    );
    ed.setCanvas({ kind: 'fhd' });
    expect(ed.page.items[0]).toMatchObject({ x: 0, y: 980, w: 1920, h: 100 });
    ed.setCanvas({ kind: 'wall', wall: { rows: 1, cols: 2, panel: { width: 1920, height: 1080 }, bezel: 10 } });
    expect(ed.doc.canvas).toEqual({ width: 3850, height: 1080 });
    ed.setCanvas({ kind: 'uhd' });
    expect(ed.doc.wall).toBeUndefined();
  });

  it('notifies subscribers, and load() starts a fresh history with ids that do not collide', () => {
    const ed = new EditorModel(start());
    let calls = 0;
    const off = ed.subscribe(() => calls++);
    ed.select(['a']);
    ed.move(5, 5);
    off();
    ed.move(5, 5);
    expect(calls).toBe(2);
    ed.load({ canvas: { width: 1920, height: 1080 }, pages: [{ id: 'page-1', name: 'x', items: [item('w-1', 0, 0)] }] });
    expect(ed.canUndo).toBe(false);
    expect(ed.state.pageId).toBe('page-1');
    const id = ed.add({ widget: 'totals', options: {}, x: 0, y: 0, w: 10, h: 10 });
    expect(id).toBe('w-2');
    expect(freshIds(ed.doc)('page')).toBe('page-2');
  });
});
