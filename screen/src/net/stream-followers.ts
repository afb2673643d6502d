// How each stream's store is seeded over REST and fed by the socket. A follower loads what its
// scope holds now (with the seq its answer is complete up to) and applies pushed views; live.ts
// runs them all alike.
import { api, ApiError } from './api.js';
import type { StreamMessage, StreamViews } from './stream-messages.js';
import { useAlertsStore } from '../stores/alerts.js';
import { useCamerasStore } from '../stores/cameras.js';
import { useDevicesStore } from '../stores/devices.js';
import { useDeviceCountsStore } from '../stores/device-counts.js';
import { useEventsStore } from '../stores/events.js';
import { useFeedStatsStore } from '../stores/feed-stats.js';
import { usePositionsStore } from '../stores/positions.js';

const EVENT_SNAPSHOT = 200;

/** A REST load, read but not yet applied: `apply` replaces what the store holds. */
export interface Snapshot {
  /** every change up to this seq is in the snapshot */
  seq: number;
  apply(): void;
}

export interface StreamFollower<M extends StreamMessage = StreamMessage> {
  message: M;
  /** a failure of an essential follower means the gateway is away; the others just keep what they hold */
  essential: boolean;
  load(scope: string): Promise<Snapshot>;
  push(views: readonly StreamViews[M][], live: boolean): void;
  /** forget everything (sign out, another scope) */
  clear(): void;
}

/** A REST call whose failure (other than an expired session) leaves the store as it is. */
export function optionalLoad<T>(p: Promise<T>): Promise<T | null> {
  return p.catch((err: unknown) => {
    if (err instanceof ApiError && err.unauthorized) throw err;
    return null;
  });
}

/** The seq a snapshot is complete up to: the gateway's watermark, or (an older gateway) its newest view. */
function watermark(answer: { seq?: number }, views: readonly { seq: number }[]): number {
  return typeof answer.seq === 'number' ? answer.seq : views.reduce((m, v) => Math.max(m, v.seq), 0);
}

export function streamFollowers(): StreamFollower[] {
  const events: StreamFollower<'events'> = {
    message: 'events',
    essential: true,
    async load(scope) {
      const [list, summary] = await Promise.all([api.events({ limit: EVENT_SNAPSHOT, area: scope }), optionalLoad(api.summary(scope))]);
      return {
        // the summary's counts are exact up to its own seq; the feed is complete up to the list's watermark
        seq: watermark(list, list.events),
        apply() {
          const store = useEventsStore();
          store.reset();
          store.loadSnapshot(list.events, summary);
        },
      };
    },
    push(views, live) {
      useEventsStore().applyEvents(views, { live });
      // a device's alarm is its open case: opened and closed through the workflow
      useDevicesStore().applyCases(views);
    },
    clear: () => useEventsStore().reset(),
  };
  const alerts: StreamFollower<'alerts'> = {
    message: 'alerts',
    essential: false,
    async load(scope) {
      const r = await api.alerts({ status: 'open', area: scope });
      return { seq: watermark(r, r.alerts), apply: () => useAlertsStore().hydrate(r.alerts) };
    },
    push: (views, live) => void useAlertsStore().applyAlerts(views, { live }),
    clear: () => useAlertsStore().dehydrate(),
  };
  const positions: StreamFollower<'positions'> = {
    message: 'positions',
    essential: false,
    async load(scope) {
      const r = await api.positions({ area: scope });
      return { seq: watermark(r, r.positions), apply: () => usePositionsStore().hydrate(r.positions) };
    },
    push: (views) => void usePositionsStore().apply(views),
    clear: () => usePositionsStore().dehydrate(),
  };
  const cameras: StreamFollower<'cameras'> = {
    message: 'cameras',
    essential: false,
    async load(scope) {
      const r = await api.cameras({ area: scope });
      return { seq: watermark(r, r.cameras), apply: () => useCamerasStore().hydrate(r.cameras) };
    },
    push: (views) => void useCamerasStore().apply(views),
    clear: () => useCamerasStore().dehydrate(),
  };
  const feedStats: StreamFollower<'feedStats'> = {
    message: 'feedStats',
    essential: false,
    async load(scope) {
      const store = useFeedStatsStore();
      store.setLoader(async (area) => (await api.feedStats({ area, exact: 'true' })).stats);
      // The scope's own figures now; those of areas below it when a widget asks.
      const r = await api.feedStats({ area: scope, exact: 'true' });
      return {
        seq: watermark(r, r.stats),
        apply() {
          store.dehydrate();
          store.apply(r.stats);
        },
      };
    },
    push: (views) => void useFeedStatsStore().apply(views),
    clear: () => useFeedStatsStore().dehydrate(),
  };
  // The device registry (GET /api/devices) is one snapshot of all three device streams: the
  // status follower loads it; telemetry and alarms are applied on top of it.
  const deviceStatus: StreamFollower<'deviceStatus'> = {
    message: 'deviceStatus',
    essential: false,
    async load(scope) {
      const r = await api.devices({ area: scope });
      return { seq: r.seq, apply: () => useDevicesStore().hydrate(r.devices, r.seq) };
    },
    push: (views) => void useDevicesStore().applyStatus(views),
    clear: () => useDevicesStore().dehydrate(),
  };
  const covered = async (): Promise<Snapshot> => ({ seq: Number.POSITIVE_INFINITY, apply() {} });
  const deviceTelemetry: StreamFollower<'deviceTelemetry'> = {
    message: 'deviceTelemetry',
    essential: false,
    load: covered,
    push: (views) => void useDevicesStore().applyTelemetry(views),
    clear() {},
  };
  const deviceAlarms: StreamFollower<'deviceAlarms'> = {
    message: 'deviceAlarms',
    essential: false,
    load: covered,
    push(views) {
      useDevicesStore().applyAlarms(views);
      useDeviceCountsStore().applyAlarms(views); // the device widget's latest alarms
    },
    clear() {},
  };
  return [events, alerts, positions, cameras, feedStats, deviceStatus, deviceTelemetry, deviceAlarms] as StreamFollower[];
}
