import { describe, expect, it } from 'vitest';
import { easeOut, tweenAt } from './tween.js';

describe('number glide', () => {
  it('starts at the old value, ends exactly at the new one, and never overshoots', () => {
    expect(tweenAt(10, 20, 0, 900)).toBe(10);
    expect(tweenAt(10, 20, 900, 900)).toBe(20);
    expect(tweenAt(10, 20, 5000, 900)).toBe(20);
    const mid = tweenAt(10, 20, 450, 900);
    expect(mid).toBeGreaterThan(15); // ease-out: more than half-way at half time
    expect(mid).toBeLessThan(20);
    expect(tweenAt(20, 10, 450, 900)).toBeLessThan(15);
    expect(tweenAt(1, 2, 10, 0)).toBe(2);
    expect(easeOut(-1)).toBe(0);
    expect(easeOut(2)).toBe(1);
  });
});
