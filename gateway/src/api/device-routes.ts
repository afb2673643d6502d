import { DevicesQuery, DevicesResponse, DeviceSummaryQuery, DeviceSummaryResponse } from '../../protocol/devices.js';
import { levelOf } from '../../protocol/scope.js';
import type { DeviceStore } from '../db/device-store.js';
import type { DeviceRegistry } from '../devices/registry.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface DeviceRouteDeps {
  registry: DeviceRegistry;
  store: DeviceStore;
  committedSeq: () => number;
}

/** The level one below each: the device widget counts per area of that level. */
const CHILD_LENGTH: Record<string, number> = { city: 6, district: 9, street: 12, community: 15, grid: 15 };

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
        const len = CHILD_LENGTH[levelOf(scope) ?? 'grid'] ?? 15;
        const zero = (code: string) => ({ code, total: 0, online: 0, offline: 0, alarm: 0 });
        const totals = zero(scope);
        const byArea = new Map<string, ReturnType<typeof zero>>();
        for (const x of d.registry.list(scope)) {
          if (x.row.disabled) continue;
          const code = x.row.areaCode.slice(0, len);
          let c = byArea.get(code);
          if (!c) byArea.set(code, (c = zero(code)));
          for (const t of [c, totals]) {
            t.total++;
            t[x.status]++;
            if (x.caseId !== null) t.alarm++;
          }
        }
        const alarms = q.alarms ? await d.store.latestAlarms(scope, q.alarms) : [];
        return { scope, totals, areas: [...byArea.values()].sort((a, b) => a.code.localeCompare(b.code)), alarms, seq };
      },
    }),
  ];
}
