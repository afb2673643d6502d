// Which layouts a scope is offered, without the schema library (the screen imports this).
import type { AreaLevel } from './scope.js';

export type TierName = 'city' | 'district' | 'street';

/** The tier of command center a scope level gets (a community or grid scope sees a street's). */
export function tierOfLevel(level: AreaLevel | null): TierName {
  if (level === 'city') return 'city';
  if (level === 'district') return 'district';
  return 'street';
}

const TIER_RANK: Record<TierName, number> = { city: 0, district: 1, street: 2 };

/** True when a screen of `tier` (its scope's) may show a layout of `layoutTier`: its own tier, a narrower one (drill-down), or any. */
export function tierAllows(tier: TierName, layoutTier: TierName | 'any'): boolean {
  return layoutTier === 'any' || TIER_RANK[layoutTier] >= TIER_RANK[tier];
}

/** The layout a screen shows when the route names none: its tier's command center. */
export const DEFAULT_LAYOUT_BY_TIER: Readonly<Record<TierName, string>> = {
  city: 'city-command',
  district: 'district-command',
  street: 'street-command',
};
