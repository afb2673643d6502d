import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttled } from './throttle.js';

describe('throttled', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once after a quiet spell, then at most once per interval, and never drops the last call', () => {
    const fn = vi.fn();
    const t = throttled(fn, 500, () => Date.now());
    t();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(1);
    // a burst: twenty calls within 200 ms give one more run, 500 ms after the first
    for (let i = 0; i < 20; i++) {
      t();
      vi.advanceTimersByTime(10);
    }
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(2);
    // quiet again: the next call runs at once
    vi.advanceTimersByTime(2000);
    t();
    vi.advanceTimersByTime(0);
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('cancel drops a pending run', () => {
    const fn = vi.fn();
    const t = throttled(fn, 500, () => Date.now());
    t();
    vi.advanceTimersByTime(0);
    t();
    t.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
