// A REST source a widget shows: loaded when mounted, again whenever what it depends on changes
// (scope, period, KPI) and on a cadence. The last good answer stays on screen while a reload
// is in flight or failing (the gateway away): the widget marks it stale and recovers alone.
import { reportFreshness } from './use-freshness.js';
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref, type ShallowRef, type WatchSource } from 'vue';

export interface Polled<T> {
  data: ShallowRef<T | null>;
  /** the last load failed (the data shown is older than the cadence) */
  failed: Ref<boolean>;
  /** when the data shown was loaded */
  loadedAt: Ref<number | null>;
  refresh(): Promise<void>;
}

export function usePolled<T>(load: () => Promise<T>, opts: { everyMs: number; deps?: WatchSource[] }): Polled<T> {
  const data = shallowRef<T | null>(null);
  const failed = ref(false);
  const loadedAt = ref<number | null>(null);
  let generation = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  // the widget's panel marks it stale when a load fails or none has succeeded for a few cadences
  reportFreshness({ read: () => ({ lastAt: loadedAt.value, cadenceMs: opts.everyMs, failed: failed.value }) });

  async function refresh(): Promise<void> {
    const gen = ++generation;
    try {
      const answer = await load();
      if (gen !== generation) return; // a newer load (another scope, period) superseded this one
      data.value = answer;
      failed.value = false;
      loadedAt.value = Date.now();
    } catch {
      if (gen === generation) failed.value = true;
    }
  }

  if (opts.deps?.length) {
    watch(opts.deps, () => {
      data.value = null; // another question: the old answer is not its answer
      void refresh();
    });
  }
  onMounted(() => {
    void refresh();
    timer = setInterval(() => void refresh(), opts.everyMs);
  });
  onBeforeUnmount(() => {
    generation++;
    if (timer) clearInterval(timer);
  });
  return { data, failed, loadedAt, refresh };
}
