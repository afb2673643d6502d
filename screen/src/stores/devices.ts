// The perception devices of the screen's scope: the registry's snapshot (GET /api/devices), kept
// live by the device streams and by the cases their alarms open.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { isTerminalStatus, type DeviceAlarmView, type DeviceStatusView, type DeviceTelemetryView, type DeviceView, type EventView } from '../net/protocol.js';

/** The source name of the cases devices open; their source id is `<deviceId>/<alarm seq>`. */
const DEVICE_SOURCE = 'devices';

export const useDevicesStore = defineStore('devices', () => {
  const held = shallowRef<ReadonlyMap<string, DeviceView>>(new Map());
  /** every change up to here is in the snapshot: replayed ones are skipped */
  const snapshotSeq = ref(0);
  const loaded = ref(false);
  const list = computed(() => [...held.value.values()]);

  /** Applies `change` to the devices it names (one new map per batch, so watchers run once). */
  function update<V extends { deviceId: string; seq?: number }>(views: readonly V[], change: (d: DeviceView, v: V) => DeviceView | null): void {
    let next: Map<string, DeviceView> | null = null;
    for (const v of views) {
      if (v.seq !== undefined && v.seq <= snapshotSeq.value) continue;
      const d = (next ?? held.value).get(v.deviceId);
      if (!d) continue;
      const changed = change(d, v);
      if (!changed) continue;
      next ??= new Map(held.value);
      next.set(v.deviceId, changed);
    }
    if (next) held.value = next;
  }

  return {
    list,
    loaded,
    byId: held,
    hydrate(devices: readonly DeviceView[], seq: number) {
      held.value = new Map(devices.map((d) => [d.id, d]));
      snapshotSeq.value = seq;
      loaded.value = true;
    },
    dehydrate() {
      held.value = new Map();
      snapshotSeq.value = 0;
      loaded.value = false;
    },
    applyStatus: (views: readonly DeviceStatusView[]) => update(views, (d, v) => (d.status === v.status ? null : { ...d, status: v.status })),
    applyTelemetry: (views: readonly DeviceTelemetryView[]) =>
      update(views, (d, v) => (d.latest && d.latest.ts >= v.ts ? null : { ...d, latest: { ts: v.ts, values: v.values }, lastSeen: v.ts })),
    /** an alarm of level ≥ 1 opens a case (or joins the open one): the device is in alarm from now */
    applyAlarms: (views: readonly DeviceAlarmView[]) => update(views, (d, v) => (v.level < 1 || d.alarm ? null : { ...d, alarm: true })),
    /** cases opened by devices: open, the device is in alarm; closed or invalid, it is not */
    applyCases(views: readonly EventView[]) {
      const mine = views
        .filter((e) => e.source === DEVICE_SOURCE && e.sourceId.includes('/'))
        .map((e) => ({ deviceId: e.sourceId.slice(0, e.sourceId.lastIndexOf('/')), event: e }));
      update(mine, (d, { event }) => {
        if (isTerminalStatus(event.status)) return d.caseId === event.id || (d.alarm && d.caseId === null) ? { ...d, alarm: false, caseId: null } : null;
        return d.alarm && d.caseId === event.id ? null : { ...d, alarm: true, caseId: event.id };
      });
    },
  };
});
