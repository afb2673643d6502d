// Statistics by area as sources keep them current (the grids' base data 一格一档 among them):
// the latest value per (area, key). Areas are loaded when a widget asks for one (`load`), and
// every pushed value of the scope is kept.
import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { StatView } from '../net/protocol.js';
import { keyedViews } from './keyed-views.js';

const keyOf = (s: { areaCode: string; key: string }) => `${s.areaCode}|${s.key}`;

export const useFeedStatsStore = defineStore('feedStats', () => {
  const held = keyedViews<StatView>(keyOf, 200_000);
  /** areas whose values were loaded over REST */
  const loadedAreas = new Set<string>();
  let loader: ((area: string) => Promise<StatView[]>) | null = null;

  const size = computed(() => held.map.value.size);

  function valueOf(areaCode: string, key: string): number | null {
    return held.map.value.get(keyOf({ areaCode, key }))?.value ?? null;
  }

  /** Every value held for one area, by key. */
  function ofArea(areaCode: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of held.map.value.values()) if (s.areaCode === areaCode) out[s.key] = s.value;
    return out;
  }

  /** Loads the values of `area` once (net/ sets the loader); later changes arrive live. */
  async function load(area: string): Promise<void> {
    if (!loader || loadedAreas.has(area)) return;
    loadedAreas.add(area);
    try {
      held.apply(await loader(area));
    } catch {
      loadedAreas.delete(area); // a later ask tries again
    }
  }

  return {
    byKey: held.map,
    size,
    valueOf,
    ofArea,
    load,
    apply: (views: readonly StatView[]) => held.apply(views),
    setLoader(fn: (area: string) => Promise<StatView[]>) {
      loader = fn;
    },
    dehydrate() {
      held.clear();
      loadedAreas.clear();
    },
  };
});
