// The KPI board's tiles from a /api/stats/kpi answer: pure, so tested without a screen.
import type { KpiId } from '../../../../gateway/protocol/kpi-defs.js';
import type { KpiResponse } from '../../net/protocol.js';

export interface KpiTile {
  id: KpiId;
  /** 0–100, or null when nothing was due (no denominator) */
  percent: number | null;
  numerator: number;
  denominator: number;
  /** higher is worse (rework, closing late): coloured the other way round */
  inverse: boolean;
}

const INVERSE: ReadonlySet<KpiId> = new Set(['overdueClosureRate', 'reworkRate']);

export function kpiTiles(answer: KpiResponse | null, ids: readonly KpiId[]): KpiTile[] {
  const row = answer?.rows[0];
  return ids.map((id) => {
    const k = row?.kpis[id];
    return {
      id,
      percent: k && k.value !== null ? k.value * 100 : null,
      numerator: k?.numerator ?? 0,
      denominator: k?.denominator ?? 0,
      inverse: INVERSE.has(id),
    };
  });
}

/** good / fair / poor, for the tile's colour (inverse KPIs mirrored). */
export function toneOf(tile: KpiTile): 'good' | 'fair' | 'poor' | 'none' {
  if (tile.percent === null) return 'none';
  const score = tile.inverse ? 100 - tile.percent : tile.percent;
  return score >= 90 ? 'good' : score >= 70 ? 'fair' : 'poor';
}
