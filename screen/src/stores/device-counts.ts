// What the socket pushes for the device widget: the counts of the screen's scope (`deviceCounts`,
// at most once a second when they changed) and the alarms as they are stored (`deviceAlarms`).
// The widget paints first from the REST summary and then follows these.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { DeviceAlarmView, DeviceCounts } from '../net/protocol.js';

/** Pushed alarms kept, newest first: more than any widget lists. */
const ALARMS_KEPT = 100;

export const useDeviceCountsStore = defineStore('deviceCounts', () => {
  const counts = shallowRef<DeviceCounts | null>(null);
  const alarms = shallowRef<readonly DeviceAlarmView[]>([]);

  function applyCounts(c: DeviceCounts): void {
    if (counts.value && counts.value.scope === c.scope && counts.value.seq > c.seq) return; // an older push
    counts.value = c;
  }

  /** Views in seq order (a replay may repeat some): newest first, each seq once. */
  function applyAlarms(views: readonly DeviceAlarmView[]): void {
    const seen = new Set(alarms.value.map((a) => a.seq));
    const fresh = views.filter((v) => !seen.has(v.seq)).reverse();
    if (fresh.length) alarms.value = [...fresh, ...alarms.value].sort((a, b) => b.seq - a.seq).slice(0, ALARMS_KEPT);
  }

  function clear(): void {
    counts.value = null;
    alarms.value = [];
  }

  return { counts, alarms, applyCounts, applyAlarms, clear };
});
