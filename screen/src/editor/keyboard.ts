// Keyboard shortcuts as data: a key event (its plain fields) to the editor command it means.
// Arrows nudge by 1 px, with Shift by the grid (10 px when the grid is off).

export type Shortcut =
  | { cmd: 'nudge'; dx: number; dy: number }
  | { cmd: 'undo' | 'redo' | 'copy' | 'cut' | 'paste' | 'duplicate' | 'delete' | 'group' | 'ungroup' | 'selectAll' | 'deselect' };

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export function shortcutFor(e: KeyLike, grid: number): Shortcut | undefined {
  const mod = e.ctrlKey || e.metaKey;
  const step = e.shiftKey ? grid || 10 : 1;
  if (!mod) {
    switch (e.key) {
      case 'ArrowLeft':
        return { cmd: 'nudge', dx: -step, dy: 0 };
      case 'ArrowRight':
        return { cmd: 'nudge', dx: step, dy: 0 };
      case 'ArrowUp':
        return { cmd: 'nudge', dx: 0, dy: -step };
      case 'ArrowDown':
        return { cmd: 'nudge', dx: 0, dy: step };
      case 'Delete':
      case 'Backspace':
        return { cmd: 'delete' };
      case 'Escape':
        return { cmd: 'deselect' };
    }
    return undefined;
  }
  switch (e.key.toLowerCase()) {
    case 'z':
      return { cmd: e.shiftKey ? 'redo' : 'undo' };
    case 'y':
      return { cmd: 'redo' };
    case 'c':
      return { cmd: 'copy' };
    case 'x':
      return { cmd: 'cut' };
    case 'v':
      return { cmd: 'paste' };
    case 'd':
      return { cmd: 'duplicate' };
    case 'g':
      return { cmd: e.shiftKey ? 'ungroup' : 'group' };
    case 'a':
      return { cmd: 'selectAll' };
  }
  return undefined;
}
