// At most one call per interval, always ending on the latest value: a chart fed 20 changes a
// second redraws once a second and finishes each transition before the next one starts.
export interface Throttled<T> {
  push(value: T): void;
  cancel(): void;
}

export function throttleLatest<T>(emit: (value: T) => void, intervalMs: number, now: () => number = Date.now): Throttled<T> {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;

  const flush = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = now();
    emit(value);
  };

  return {
    push(value) {
      pending = { value };
      if (timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
