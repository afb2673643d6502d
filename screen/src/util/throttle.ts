/**
 * `fn` at most once per `ms`: at once after a quiet spell, otherwise once when the spell's `ms`
 * are up — the last call is never dropped, so the last state always shows.
 */
export function throttled(fn: () => void, ms: number, now: () => number = () => performance.now()): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastAt = -Infinity;
  const run = () => {
    timer = null;
    lastAt = now();
    fn();
  };
  const call = () => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, ms - (now() - lastAt)));
  };
  call.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return call;
}
