import { DevicesQuery, DevicesResponse, DeviceSummaryQuery, DeviceSummaryResponse } from '../../protocol/devices.js';
import type { DeviceStore } from '../db/device-store.js';
import type { DeviceRegistry } from '../devices/registry.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface DeviceRouteDeps {
  registry: DeviceRegistry;
  store: DeviceStore;
  committedSeq: () => number;
}

/** The device registry in the caller's scope with the latest values, and the widget's summary. */
export function deviceRoutes(d: DeviceRouteDeps): AnyRoute[] {
  const auth = { kind: 'session', permission: 'feeds.read' } as const;
  return [
    defineRoute({
      method: 'get',
      path: '/api/devices',
      tag: 'devices',
      summary: 'The devices (感知设备) in the caller’s scope with their status, open alarm case and latest values',
      auth,
      query: DevicesQuery,
      response: DevicesResponse,
      refusals: ['OUT_OF_SCOPE'],
      handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const seq = d.committedSeq();
        const all = d.registry.list(scope, { kind: q.kind, status: q.status });
        return { devices: all.slice(0, q.limit).map((x) => d.registry.view(x)), total: all.length, truncated: all.length > q.limit, seq };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/devices/summary',
      tag: 'devices',
      summary: 'Devices online, offline and in alarm per area one level below the scope, and the latest alarms (the device widget)',
      auth,
      query: DeviceSummaryQuery,
      response: DeviceSummaryResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const seq = d.committedSeq();
        const { totals, areas } = d.registry.counts(scope);
        const alarms = q.alarms ? await d.store.latestAlarms(scope, q.alarms) : [];
        return { scope, totals, areas, alarms, seq };
      },
    }),
  ];
}
