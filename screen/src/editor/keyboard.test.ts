import { describe, expect, it } from 'vitest';
import { shortcutFor } from './keyboard.js';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('shortcutFor', () => {
  it('nudges by a pixel, by the grid with Shift', () => {
    expect(shortcutFor(key('ArrowLeft'), 8)).toEqual({ cmd: 'nudge', dx: -1, dy: 0 });
    expect(shortcutFor(key('ArrowDown', { shiftKey: true }), 8)).toEqual({ cmd: 'nudge', dx: 0, dy: 8 });
    expect(shortcutFor(key('ArrowUp', { shiftKey: true }), 0)).toEqual({ cmd: 'nudge', dx: 0, dy: -10 });
  });
  it('maps the usual editing keys, Ctrl or Cmd', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }), 8)).toEqual({ cmd: 'undo' });
    expect(shortcutFor(key('Z', { metaKey: true, shiftKey: true }), 8)).toEqual({ cmd: 'redo' });
    expect(shortcutFor(key('y', { ctrlKey: true }), 8)).toEqual({ cmd: 'redo' });
    expect(shortcutFor(key('d', { ctrlKey: true }), 8)).toEqual({ cmd: 'duplicate' });
    expect(shortcutFor(key('g', { ctrlKey: true, shiftKey: true }), 8)).toEqual({ cmd: 'ungroup' });
    expect(shortcutFor(key('Delete'), 8)).toEqual({ cmd: 'delete' });
    expect(shortcutFor(key('q'), 8)).toBeUndefined();
  });
});
