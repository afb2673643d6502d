// The camera index of the screen's scope: the latest entry per camera, live.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CameraView } from '../net/protocol.js';
import { keyedViews } from './keyed-views.js';

export const useCamerasStore = defineStore('cameras', () => {
  const held = keyedViews<CameraView>((c) => `${c.source}\u0000${c.id}`);
  const loaded = ref(false);

  const list = computed(() => [...held.map.value.values()].sort((a, b) => a.id.localeCompare(b.id)));

  /** Cameras inside `area` (a code prefix). */
  function inArea(area: string): CameraView[] {
    return list.value.filter((c) => c.areaCode.startsWith(area));
  }

  return {
    byKey: held.map,
    list,
    loaded,
    inArea,
    apply: (views: readonly CameraView[]) => held.apply(views),
    hydrate(views: readonly CameraView[]) {
      held.replace(views);
      loaded.value = true;
    },
    dehydrate() {
      held.clear();
      loaded.value = false;
    },
  };
});
