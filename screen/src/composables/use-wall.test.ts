import { describe, expect, it } from 'vitest';
import { wallKey } from './use-wall.js';

describe('wallKey', () => {
  const s = { page: 1, selection: { area: '440303', category: null, eventId: null }, scope: null };
  it('is the same for the same shared state, whoever sent it', () => {
    expect(wallKey({ ...s, from: '0,0' } as never)).toBe(wallKey({ ...s, from: '0,1' } as never));
  });
  it('differs when page, selection or drill-down differ', () => {
    expect(wallKey({ ...s, page: 0 })).not.toBe(wallKey(s));
    expect(wallKey({ ...s, selection: { ...s.selection, eventId: 'e1' } })).not.toBe(wallKey(s));
    expect(wallKey({ ...s, scope: '440303' })).not.toBe(wallKey(s));
  });
});
