import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from './throttle.js';

describe('throttleLatest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes the first value at once, then the latest one per interval', () => {
    const seen: number[] = [];
    const t = throttleLatest((v: number) => seen.push(v), 1000);
    t.push(1);
    expect(seen).toEqual([1]);
    for (let i = 2; i <= 20; i++) {
      vi.advanceTimersByTime(50);
      t.push(i);
    }
    // 950 ms after the first: nothing more yet
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(50);
    expect(seen).toEqual([1, 20]);
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([1, 20]);
    t.push(21);
    expect(seen).toEqual([1, 20, 21]);
  });

  it('drops what is pending when cancelled', () => {
    const seen: number[] = [];
    const t = throttleLatest((v: number) => seen.push(v), 1000);
    t.push(1);
    t.push(2);
    t.cancel();
    vi.advanceTimersByTime(2000);
    expect(seen).toEqual([1]);
  });
});
