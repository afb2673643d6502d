import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue';
import { throttleLatest } from './throttle.js';

/** `source`, changing at most once per `intervalMs` (the latest value wins). */
export function useThrottled<T>(source: () => T, intervalMs: number): ShallowRef<T> {
  const out = shallowRef(source());
  const t = throttleLatest((v: T) => (out.value = v), intervalMs);
  watch(source, (v) => t.push(v));
  onBeforeUnmount(() => t.cancel());
  return out;
}
