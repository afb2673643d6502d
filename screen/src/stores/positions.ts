// Where every grid worker in the screen's scope is now: the latest position per worker, live.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PositionView } from '../net/protocol.js';
import { keyedViews } from './keyed-views.js';

/** A worker whose latest position is older than this is not reporting now. */
export const REPORTING_WINDOW_MS = 10 * 60_000;

export const usePositionsStore = defineStore('positions', () => {
  const held = keyedViews<PositionView>((p) => p.workerId, 50_000);
  const loaded = ref(false);

  const list = computed(() => [...held.map.value.values()]);

  /** Workers inside `area` (a code prefix) whose latest position is within the reporting window. */
  function reportingIn(area: string, now: number = Date.now()): PositionView[] {
    return list.value.filter((p) => p.areaCode.startsWith(area) && now - Date.parse(p.ts) <= REPORTING_WINDOW_MS);
  }

  return {
    byWorker: held.map,
    list,
    loaded,
    reportingIn,
    apply: (views: readonly PositionView[]) => held.apply(views),
    hydrate(views: readonly PositionView[]) {
      held.replace(views);
      loaded.value = true;
    },
    dehydrate() {
      held.clear();
      loaded.value = false;
    },
  };
});
