// The screen's one shared selection: an area, a category, an event. Every widget follows it
// (highlights, filters) and sets it (a click on a map area, a ranking row, a feed item); a
// spliced wall mirrors it between its windows through `snapshot` / `apply`.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export interface Selection {
  /** an area code inside the screen's scope */
  area: string | null;
  /** an event class code (大类 or 小类) */
  category: string | null;
  /** an event id */
  eventId: string | null;
}

export const EMPTY_SELECTION: Readonly<Selection> = Object.freeze({ area: null, category: null, eventId: null });

export const useSelectionStore = defineStore('selection', () => {
  const area = ref<string | null>(null);
  const category = ref<string | null>(null);
  const eventId = ref<string | null>(null);
  /** bumped on every change, so a mirror can tell its own echo from a newer change */
  const version = ref(0);

  const active = computed(() => area.value !== null || category.value !== null || eventId.value !== null);

  function set(next: Partial<Selection>): void {
    const refs = { area, category, eventId };
    let changed = false;
    for (const key of ['area', 'category', 'eventId'] as const) {
      const value = next[key];
      if (value !== undefined && value !== refs[key].value) {
        refs[key].value = value;
        changed = true;
      }
    }
    if (changed) version.value++;
  }

  /** Clicking what is already selected clears it, as on DataV and ECharts legends. */
  function toggle(key: keyof Selection, value: string): void {
    const current = { area: area.value, category: category.value, eventId: eventId.value }[key];
    set({ [key]: current === value ? null : value });
  }

  function clear(): void {
    set({ ...EMPTY_SELECTION });
  }

  function snapshot(): Selection {
    return { area: area.value, category: category.value, eventId: eventId.value };
  }

  return { area, category, eventId, version, active, set, toggle, clear, snapshot, apply: set };
});
