// The editing model as one object: the document, the current page and the selection, every
// command the editor offers, and undo/redo over all of them. The UI renders `state` and calls
// commands; nothing here touches the DOM.
import type { Binding, EditorDoc, EditorItem, EditorPage, IdSource } from './document.js';
import { mapItems, pageOf } from './document.js';
import { align, distribute, moveBy, setRects, zOrder, type AlignEdge, type ZOrderOp } from './arrange.js';
import { addItem, copy, duplicate, paste, remove, type Clip } from './clipboard.js';
import type { Rect } from './geometry.js';
import { group, setHidden, setLocked, ungroup } from './groups.js';
import { History, DEFAULT_HISTORY_LIMIT } from './history.js';
import { addPage, duplicatePage, movePage, removePage, renamePage } from './pages.js';
import { canvasOf, type CanvasPreset } from './presets.js';
import { pruneSelection } from './selection.js';

export interface EditorState {
  doc: EditorDoc;
  pageId: string;
  /** selected item ids on the current page */
  selection: readonly string[];
}

export interface EditorOptions {
  newId?: IdSource;
  historyLimit?: number;
  /** offset of a paste or duplicate from its original, canvas pixels */
  pasteOffset?: number;
}

/** Ids `prefix-n` that never repeat one already in the document. */
export function freshIds(doc: EditorDoc): IdSource {
  const taken = new Set<string>();
  for (const p of doc.pages) {
    taken.add(p.id);
    for (const it of p.items) {
      taken.add(it.id);
      if (it.group) taken.add(it.group);
    }
  }
  let n = 1;
  return (prefix) => {
    let id = `${prefix}-${n++}`;
    while (taken.has(id)) id = `${prefix}-${n++}`;
    taken.add(id);
    return id;
  };
}

export class EditorModel {
  private readonly history: History<EditorState>;
  private newId: IdSource;
  private readonly fixedIds: boolean;
  private clip: Clip | undefined;
  private pastes = 0;
  private readonly pasteOffset: number;
  private readonly listeners = new Set<(s: EditorState) => void>();

  constructor(doc: EditorDoc, opts: EditorOptions = {}) {
    if (doc.pages.length === 0) throw new Error('a layout has at least one page');
    this.fixedIds = opts.newId !== undefined;
    this.newId = opts.newId ?? freshIds(doc);
    this.pasteOffset = opts.pasteOffset ?? 24;
    this.history = new History<EditorState>({ doc, pageId: doc.pages[0]!.id, selection: [] }, opts.historyLimit ?? DEFAULT_HISTORY_LIMIT);
  }

  get state(): EditorState {
    return this.history.state;
  }
  get doc(): EditorDoc {
    return this.state.doc;
  }
  get page(): EditorPage {
    return pageOf(this.doc, this.state.pageId);
  }
  get selection(): readonly string[] {
    return this.state.selection;
  }
  get selectedItems(): EditorItem[] {
    const sel = new Set(this.selection);
    return this.page.items.filter((i) => sel.has(i.id));
  }
  get canUndo(): boolean {
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    return this.history.canRedo;
  }
  get undoDepth(): number {
    return this.history.depth;
  }
  get undoLabel(): string | undefined {
    return this.history.undoLabel;
  }
  get redoLabel(): string | undefined {
    return this.history.redoLabel;
  }
  get hasClip(): boolean {
    return (this.clip?.items.length ?? 0) > 0;
  }

  /** Called after every change of state (the UI re-renders). */
  subscribe(fn: (s: EditorState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(): void {
    for (const fn of this.listeners) fn(this.state);
  }

  /** Starts over on another document (loaded, restored or imported): history is cleared. */
  load(doc: EditorDoc): void {
    if (doc.pages.length === 0) throw new Error('a layout has at least one page');
    if (!this.fixedIds) this.newId = freshIds(doc);
    const pageId = doc.pages.some((p) => p.id === this.state.pageId) ? this.state.pageId : doc.pages[0]!.id;
    this.history.reset({ doc, pageId, selection: [] });
    this.emit();
  }

  // ── selection and page: not undo steps of their own ──

  select(ids: readonly string[]): void {
    const selection = pruneSelection(this.page, ids);
    if (selection.length === this.selection.length && selection.every((id, i) => id === this.selection[i])) return;
    this.history.replace({ ...this.state, selection });
    this.emit();
  }

  showPage(pageId: string): void {
    pageOf(this.doc, pageId);
    if (pageId === this.state.pageId) return;
    this.history.replace({ ...this.state, pageId, selection: [] });
    this.emit();
  }

  // ── the one way a document changes ──

  private commit(label: string, doc: EditorDoc, next: Partial<Omit<EditorState, 'doc'>> = {}, coalesce?: string): void {
    if (doc === this.doc && next.pageId === undefined && next.selection === undefined) return;
    const pageId = next.pageId ?? this.state.pageId;
    const selection = pruneSelection(pageOf(doc, pageId), next.selection ?? this.selection);
    if (doc === this.doc) this.history.replace({ doc, pageId, selection });
    else this.history.push({ doc, pageId, selection }, label, coalesce);
    this.emit();
  }

  undo(): boolean {
    if (!this.history.undo()) return false;
    this.emit();
    return true;
  }

  redo(): boolean {
    if (!this.history.redo()) return false;
    this.emit();
    return true;
  }

  // ── commands ──

  add(item: Omit<EditorItem, 'id'>): string {
    const r = addItem(this.doc, this.state.pageId, item, this.newId);
    this.commit('add', r.doc, { selection: [r.id] });
    return r.id;
  }

  /** A drag's end: the selection moved by (dx, dy). */
  move(dx: number, dy: number): void {
    this.commit('move', moveBy(this.doc, this.state.pageId, this.selection, dx, dy));
  }

  /** Arrow keys: consecutive nudges of the same selection are one undo step. */
  nudge(dx: number, dy: number): void {
    this.commit('nudge', moveBy(this.doc, this.state.pageId, this.selection, dx, dy), {}, `nudge:${this.state.pageId}:${this.selection.join(',')}`);
  }

  /** A resize's end, or the property panel's position fields. */
  setRects(rects: ReadonlyMap<string, Rect>, label = 'resize'): void {
    this.commit(label, setRects(this.doc, this.state.pageId, rects));
  }

  align(edge: AlignEdge): void {
    this.commit(`align ${edge}`, align(this.doc, this.state.pageId, this.selection, edge));
  }

  distribute(axis: 'h' | 'v'): void {
    this.commit(`distribute ${axis}`, distribute(this.doc, this.state.pageId, this.selection, axis));
  }

  group(): void {
    this.commit('group', group(this.doc, this.state.pageId, this.selection, this.newId));
  }

  ungroup(): void {
    this.commit('ungroup', ungroup(this.doc, this.state.pageId, this.selection));
  }

  setLocked(locked: boolean, ids: readonly string[] = this.selection): void {
    this.commit(locked ? 'lock' : 'unlock', setLocked(this.doc, this.state.pageId, ids, locked));
  }

  setHidden(hidden: boolean, ids: readonly string[] = this.selection): void {
    this.commit(hidden ? 'hide' : 'show', setHidden(this.doc, this.state.pageId, ids, hidden));
  }

  zOrder(op: ZOrderOp): void {
    this.commit(`z ${op}`, zOrder(this.doc, this.state.pageId, this.selection, op));
  }

  remove(): void {
    this.commit('delete', remove(this.doc, this.state.pageId, this.selection));
  }

  copy(): void {
    if (this.selection.length === 0) return;
    this.clip = copy(this.doc, this.state.pageId, this.selection);
    this.pastes = 0;
  }

  cut(): void {
    this.copy();
    this.remove();
  }

  paste(): string[] {
    if (!this.clip) return [];
    this.pastes += 1;
    const r = paste(this.doc, this.state.pageId, this.clip, this.pasteOffset * this.pastes, this.newId);
    this.commit('paste', r.doc, { selection: r.ids });
    return r.ids;
  }

  duplicate(): string[] {
    const r = duplicate(this.doc, this.state.pageId, this.selection, this.pasteOffset, this.newId);
    this.commit('duplicate', r.doc, { selection: r.ids });
    return r.ids;
  }

  /** Replaces an item's options (the property panel). */
  setOptions(id: string, options: Readonly<Record<string, unknown>>): void {
    this.commit('options', mapItems(this.doc, this.state.pageId, [id], (it) => ({ ...it, options })));
  }

  setBinding(id: string, binding: Binding | undefined): void {
    this.commit(
      'binding',
      mapItems(this.doc, this.state.pageId, [id], (it) => {
        if (binding) return { ...it, binding };
        const { binding: _b, ...rest } = it;
        return rest;
      }),
    );
  }

  setTitleKey(id: string, titleKey: string | undefined): void {
    this.commit(
      'title',
      mapItems(this.doc, this.state.pageId, [id], (it) => {
        if (titleKey) return { ...it, titleKey };
        const { titleKey: _t, ...rest } = it;
        return rest;
      }),
    );
  }

  /** Changes the canvas; items that no longer fit are pulled back inside (and shrunk if needed). */
  setCanvas(preset: CanvasPreset): void {
    const { canvas, wall } = canvasOf(preset);
    const fit = (it: EditorItem): EditorItem => {
      const w = Math.min(it.w, canvas.width);
      const h = Math.min(it.h, canvas.height);
      const x = Math.min(Math.max(0, it.x), canvas.width - w);
      const y = Math.min(Math.max(0, it.y), canvas.height - h);
      return x === it.x && y === it.y && w === it.w && h === it.h ? it : { ...it, x, y, w, h };
    };
    const { wall: _w, ...rest } = this.doc;
    const doc: EditorDoc = { ...rest, ...(wall ? { wall } : {}), canvas, pages: this.doc.pages.map((p) => ({ ...p, items: p.items.map(fit) })) };
    this.commit('canvas', doc);
  }

  addPage(name: string): string {
    const r = addPage(this.doc, name, this.newId);
    this.commit('add page', r.doc, { pageId: r.pageId, selection: [] });
    return r.pageId;
  }

  duplicatePage(name: string): string {
    const r = duplicatePage(this.doc, this.state.pageId, name, this.newId);
    this.commit('duplicate page', r.doc, { pageId: r.pageId, selection: [] });
    return r.pageId;
  }

  removePage(pageId: string = this.state.pageId): void {
    const doc = removePage(this.doc, pageId);
    const at = Math.max(0, this.doc.pages.findIndex((p) => p.id === pageId) - 1);
    const next = pageId === this.state.pageId ? doc.pages[at]!.id : this.state.pageId;
    this.commit('delete page', doc, { pageId: next, selection: pageId === this.state.pageId ? [] : this.selection });
  }

  renamePage(pageId: string, name: string): void {
    this.commit('rename page', renamePage(this.doc, pageId, name));
  }

  movePage(pageId: string, to: number): void {
    this.commit('move page', movePage(this.doc, pageId, to));
  }
}
