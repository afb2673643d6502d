// A ranking answer as the widget's rows: pure, so tested without a screen.
import type { KpiGrouping } from '../../../../gateway/protocol/kpi-defs.js';
import type { RankingResponse } from '../../net/protocol.js';
import type { AreaLevel } from '../../net/protocol.js';

export type RankingBy = 'auto' | 'district' | 'street' | 'community' | 'grid' | 'department';

export interface RankingRow {
  rank: number;
  key: string;
  name: string;
  /** 0–100, null when nothing was due */
  percent: number | null;
  /** the bar's length, 0–1 of the widest row */
  bar: number;
  numerator: number;
  denominator: number;
}

/** What to rank by: `auto` is the level below the screen's scope; null when there is none (a grid). */
export function groupingFor(by: RankingBy, childLevel: Exclude<AreaLevel, 'city'> | null): KpiGrouping | null {
  if (by !== 'auto') return by;
  return childLevel;
}

export function rankingRows(answer: RankingResponse | null, max: number, name: (key: string) => string): RankingRow[] {
  if (!answer) return [];
  const rows = answer.rows.slice(0, max);
  const widest = Math.max(0, ...rows.map((r) => r.value ?? 0));
  return rows.map((r) => ({
    rank: r.rank,
    key: r.key,
    name: r.name ?? name(r.key),
    percent: r.value === null ? null : r.value * 100,
    bar: widest > 0 && r.value !== null ? r.value / widest : 0,
    numerator: r.numerator,
    denominator: r.denominator,
  }));
}
