// Grid workers on duty per area: a worker whose latest position is within the reporting window
// is on duty now; one seen in the last day but silent since is known but not reporting. Pure.
import type { AreaLevel, PositionView } from '../../net/protocol.js';
import { areaOfGrid } from '../scope-map/area-counts.js';

export interface OnDutyRow {
  code: string;
  reporting: number;
  known: number;
}

export interface OnDuty {
  reporting: number;
  known: number;
  rows: OnDutyRow[];
}

const LENGTH: Record<Exclude<AreaLevel, 'city'>, number> = { district: 6, street: 9, community: 12, grid: 14 };

export function onDutyByArea(
  positions: Iterable<PositionView>,
  scope: string,
  childLevel: Exclude<AreaLevel, 'city'> | null,
  windowMs: number,
  now: number = Date.now(),
): OnDuty {
  const rows = new Map<string, OnDutyRow>();
  let reporting = 0;
  let known = 0;
  for (const p of positions) {
    if (!p.areaCode.startsWith(scope)) continue;
    const on = now - Date.parse(p.ts) <= windowMs;
    known++;
    if (on) reporting++;
    if (childLevel === null || p.areaCode.length < LENGTH[childLevel]) continue;
    const code = areaOfGrid(p.areaCode, childLevel);
    const row = rows.get(code) ?? { code, reporting: 0, known: 0 };
    row.known++;
    if (on) row.reporting++;
    rows.set(code, row);
  }
  return {
    reporting,
    known,
    rows: [...rows.values()].sort((a, b) => b.reporting - a.reporting || b.known - a.known || a.code.localeCompare(b.code)),
  };
}
