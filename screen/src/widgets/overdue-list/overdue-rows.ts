// The overdue list: the gateway's overdue cases (longest overdue first) kept current between
// loads by the live feed: a case closed or handled leaves at once, a case turning overdue joins.
import type { EventView } from '../../net/protocol.js';
import { isTerminalStatus } from '../../net/protocol.js';

export function mergeOverdue(
  loaded: readonly EventView[],
  live: ReadonlyMap<string, EventView>,
  area: string,
  cap: number,
  now: number = Date.now(),
): EventView[] {
  const out = new Map<string, EventView>();
  const isOverdue = (e: EventView) => !isTerminalStatus(e.status) && e.deadline !== null && Date.parse(e.deadline) < now;
  for (const e of loaded) {
    const latest = live.get(e.id);
    const v = latest && latest.seq > e.seq ? latest : e;
    if (isOverdue(v)) out.set(v.id, v);
  }
  for (const e of live.values()) {
    if (!out.has(e.id) && inArea(e, area) && isOverdue(e)) {
      out.set(e.id, e);
    }
  }
  return [...out.values()].sort((a, b) => Date.parse(a.deadline!) - Date.parse(b.deadline!) || b.seq - a.seq).slice(0, cap);
}

function inArea(e: EventView, area: string): boolean {
  return [e.gridCode, e.streetCode, e.districtCode].some((code) => code !== null && code.startsWith(area));
}

/** How long past the deadline, in the largest whole unit: days, hours or minutes. */
export function lateBy(deadline: string, now: number = Date.now()): { unit: 'd' | 'h' | 'm'; n: number } {
  const ms = Math.max(0, now - Date.parse(deadline));
  if (ms >= 86_400_000) return { unit: 'd', n: Math.floor(ms / 86_400_000) };
  if (ms >= 3_600_000) return { unit: 'h', n: Math.floor(ms / 3_600_000) };
  return { unit: 'm', n: Math.max(1, Math.floor(ms / 60_000)) };
}
