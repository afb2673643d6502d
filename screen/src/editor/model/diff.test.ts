import { describe, expect, it } from 'vitest';
import type { EditorDoc, EditorItem } from './document.js';
import { diffDocs } from './diff.js';

const item = (id: string, more: Partial<EditorItem> = {}): EditorItem => ({ id, widget: 'event-feed', options: { rows: 30 }, x: 0, y: 0, w: 100, h: 100, ...more });
const doc = (items: EditorItem[], more: Partial<EditorDoc> = {}): EditorDoc => ({ canvas: { width: 1920, height: 1080 }, pages: [{ id: 'p', name: '概览', items }], ...more });

describe('diffDocs', () => {
  it('says nothing for equal documents', () => {
    expect(diffDocs(doc([item('a')]), doc([item('a')]))).toEqual([]);
  });

  it('names every kind of change in words', () => {
    const before = doc([item('a'), item('b'), item('c', { x: 5 })]);
    const after = doc(
      [item('c', { x: 5 }), item('a', { x: 10, y: 20, w: 200, options: { rows: 12 }, binding: { topic: 'events', filters: { area: '440303' } }, hidden: true }), item('n', { widget: 'ranking' })],
      { canvas: { width: 3840, height: 2160 } },
    );
    expect(diffDocs(before, after)).toEqual([
      { kind: 'changed', subject: 'canvas', detail: '1920×1080 → 3840×2160' },
      { kind: 'removed', subject: 'page 概览 · event-feed b', detail: '0,0 100×100' },
      { kind: 'changed', subject: 'page 概览 · event-feed a', detail: 'moved 0,0 → 10,20' },
      { kind: 'changed', subject: 'page 概览 · event-feed a', detail: 'resized 100×100 → 200×100' },
      { kind: 'changed', subject: 'page 概览 · event-feed a', detail: 'rows 30 → 12' },
      { kind: 'changed', subject: 'page 概览 · event-feed a', detail: 'binding events {"area":"440303"}' },
      { kind: 'changed', subject: 'page 概览 · event-feed a', detail: 'hidden' },
      { kind: 'added', subject: 'page 概览 · ranking n', detail: '0,0 100×100' },
      { kind: 'changed', subject: 'page 概览', detail: 'stacking order' },
    ]);
  });

  it('reports pages added, removed, renamed and reordered', () => {
    const before: EditorDoc = { canvas: { width: 1920, height: 1080 }, pages: [{ id: 'p1', name: 'A', items: [] }, { id: 'p2', name: 'B', items: [] }, { id: 'p3', name: 'C', items: [item('x')] }] };
    const after: EditorDoc = { ...before, pages: [{ id: 'p2', name: 'B2', items: [] }, { id: 'p1', name: 'A', items: [] }, { id: 'p4', name: 'D', items: [] }] };
    expect(diffDocs(before, after)).toEqual([
      { kind: 'removed', subject: 'page C', detail: '1 widgets' },
      { kind: 'changed', subject: 'page B', detail: 'renamed B2' },
      { kind: 'added', subject: 'page D', detail: '0 widgets' },
      { kind: 'changed', subject: 'pages', detail: 'order' },
    ]);
  });
});
