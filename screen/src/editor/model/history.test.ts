import { describe, expect, it } from 'vitest';
import { History } from './history.js';

describe('History', () => {
  it('undoes and redoes in order; a new step drops the redo branch', () => {
    const h = new History('s0');
    h.push('s1', 'one');
    h.push('s2', 'two');
    expect(h.undoLabel).toBe('two');
    expect(h.undo()).toBe('s1');
    expect(h.redoLabel).toBe('two');
    expect(h.undo()).toBe('s0');
    expect(h.undo()).toBeUndefined();
    expect(h.redo()).toBe('s1');
    h.push('s3', 'three');
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe('s1');
  });

  it('ignores a push of the same state', () => {
    const h = new History('s0');
    h.push('s0', 'nothing');
    expect(h.canUndo).toBe(false);
  });

  it('coalesces steps with the same key, and only consecutive ones', () => {
    const h = new History(0);
    h.push(1, 'nudge', 'k');
    h.push(2, 'nudge', 'k');
    h.push(3, 'nudge', 'k');
    expect(h.depth).toBe(1);
    h.push(4, 'other');
    h.push(5, 'nudge', 'k');
    expect(h.depth).toBe(3);
    expect(h.undo()).toBe(4);
    expect(h.undo()).toBe(3);
    expect(h.undo()).toBe(0);
    h.redo();
    h.push(9, 'nudge', 'k'); // after an undo the key starts a fresh step
    expect(h.depth).toBe(2);
  });

  it('keeps exactly `limit` steps, dropping the oldest', () => {
    const h = new History(0, 150);
    for (let i = 1; i <= 1000; i++) h.push(i, `s${i}`);
    expect(h.depth).toBe(150);
    let last = 1000;
    while (h.canUndo) last = h.undo()!;
    expect(last).toBe(850);
    for (let i = 0; i < 150; i++) h.redo();
    expect(h.state).toBe(1000);
    expect(h.canRedo).toBe(false);
  });
});
