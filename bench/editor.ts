/**
 * Editor: what an undo step costs. A layout of 3 pages × 60 widgets; one widget moved 2,000
 * times with a history deep enough to keep every step. `editor.undo_step_bytes` is the heap
 * retained per step (after a full GC), beside `editor.full_copy_bytes`, what a step would cost
 * if each snapshot were a deep copy of the document. Times are medians over the runs:
 * `editor.move_us` (one move command, history included), `editor.undo_us`, and
 * `editor.snap_move_us` (snapping one rectangle among 59 others with the grid on).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { EditorDoc, EditorItem } from '../screen/src/editor/model/document.js';
import { EditorModel } from '../screen/src/editor/model/editor.js';
import { snapMove } from '../screen/src/editor/model/snap.js';
import { median, recordResults } from './stats.js';

const STEPS = 2000;

function layout(): EditorDoc {
  const page = (p: number) => ({
    id: `p${p}`,
    name: `page ${p}`,
    items: Array.from({ length: 60 }, (_, i): EditorItem => ({
      id: `p${p}-w${i}`,
      widget: 'event-feed',
      options: { rows: 30, title: `widget ${i}` },
      binding: { topic: 'events', filters: { area: '440303', status: 'REPORTED' } },
      x: (i % 10) * 190,
      y: Math.floor(i / 10) * 170,
      w: 180,
      h: 160,
    })),
  });
  return { canvas: { width: 1920, height: 1080 }, pages: [page(1), page(2), page(3)] };
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function timeEach(n: number, fn: (i: number) => void): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    t.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return median(t);
}

export async function runEditorBench(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  const ed = new EditorModel(layout(), { historyLimit: STEPS });
  ed.select(['p1-w0']);
  const before = heapAfterGc(gc);
  for (let i = 0; i < STEPS; i++) ed.move(i % 2 ? 1 : -1, 0);
  const stepBytes = (heapAfterGc(gc) - before) / STEPS;

  const copies: EditorDoc[] = [];
  const beforeCopies = heapAfterGc(gc);
  for (let i = 0; i < 200; i++) copies.push(structuredClone(ed.doc));
  const copyBytes = (heapAfterGc(gc) - beforeCopies) / copies.length;
  copies.length = 0;

  const timed = new EditorModel(layout(), { historyLimit: 200 });
  timed.select(['p1-w5']);
  const moveUs = timeEach(STEPS, (i) => timed.move(i % 2 ? 2 : -2, 0));
  const undoUs = timeEach(200, () => timed.undo());
  const others = timed.page.items.slice(1);
  const snapUs = timeEach(STEPS, (i) => snapMove({ x: 300 + (i % 50), y: 200, w: 180, h: 160 }, { canvas: timed.doc.canvas, others, grid: 10, threshold: 6, toItems: true }));

  recordResults({
    'editor.undo_step_bytes': Math.round(stepBytes),
    'editor.full_copy_bytes': Math.round(copyBytes),
    'editor.move_us': moveUs,
    'editor.undo_us': undoUs,
    'editor.snap_move_us': snapUs,
  });
}
