import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSelectionStore } from './selection.js';

describe('selection store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('sets, toggles and clears, counting changes only', () => {
    const s = useSelectionStore();
    expect(s.active).toBe(false);
    s.set({ area: '440303001' });
    expect(s.snapshot()).toEqual({ area: '440303001', category: null, eventId: null });
    expect(s.version).toBe(1);
    s.set({ area: '440303001' });
    expect(s.version).toBe(1);
    s.toggle('category', '01');
    expect(s.category).toBe('01');
    s.toggle('category', '01');
    expect(s.category).toBeNull();
    expect(s.active).toBe(true);
    s.clear();
    expect(s.active).toBe(false);
    expect(s.version).toBe(4);
  });

  it('applies a mirrored snapshot', () => {
    const a = useSelectionStore();
    a.apply({ area: '440303', category: null, eventId: 'e-1' });
    expect(a.snapshot()).toEqual({ area: '440303', category: null, eventId: 'e-1' });
  });
});
