/** A token bucket per key: `ratePerS` items a second with bursts of `burstS` seconds' worth. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly burstS = 10) {}

  /** Takes `n` tokens, or returns the seconds to wait when the bucket does not hold them. */
  take(key: string, n: number, ratePerS: number, now = Date.now()): number {
    const capacity = Math.max(ratePerS * this.burstS, n);
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * ratePerS);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < n) return Math.ceil((n - b.tokens) / ratePerS);
    b.tokens -= n;
    return 0;
  }
}
