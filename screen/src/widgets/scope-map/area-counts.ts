// Counts per grid summed into the areas the map shows (the level below the scope): pure.
import type { MapResponse } from '../../net/protocol.js';
import type { AreaLevel } from '../../net/protocol.js';

const CODE_LENGTH: Record<Exclude<AreaLevel, 'city' | 'grid'>, number> = { district: 6, street: 9, community: 12 };

/** The code of the area of `level` a grid lies in (a grid's own code at grid level). */
export function areaOfGrid(gridCode: string, level: Exclude<AreaLevel, 'city'>): string {
  return level === 'grid' ? gridCode : gridCode.slice(0, CODE_LENGTH[level]);
}

export function countsByArea(answer: MapResponse | null, level: Exclude<AreaLevel, 'city'>, measure: 'open' | 'overdue'): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of answer?.grids ?? []) {
    const n = measure === 'overdue' ? (g.overdue ?? 0) : g.open;
    const code = areaOfGrid(g.gridCode, level);
    out.set(code, (out.get(code) ?? 0) + n);
  }
  return out;
}

/** The top of the colour scale: the largest count, at least 1 so an empty map stays blue. */
export function scaleMax(counts: ReadonlyMap<string, number>): number {
  let max = 1;
  for (const v of counts.values()) if (v > max) max = v;
  return max;
}
