// 一格一档: a grid's base data, or the sums over the grids of a wider area. Pure.
import type { StatView } from '../../net/protocol.js';

/** the base-data keys the profile shows (the census feed's names), in display order */
export const PROFILE_KEYS = [
  ['base.resident_population', 'residents'],
  ['base.floating_population', 'floating'],
  ['base.households', 'households'],
  ['base.buildings', 'buildings'],
  ['base.enterprises', 'enterprises'],
  ['base.area_km2', 'areaKm2'],
] as const;

export type ProfileField = (typeof PROFILE_KEYS)[number][1];

/** Sums each key over the grids of `area` (a grid's own values when `area` is a grid); null when none reported it. */
export function baseFigures(stats: readonly StatView[], area: string): Record<ProfileField, number | null> {
  const out = Object.fromEntries(PROFILE_KEYS.map(([, f]) => [f, null])) as Record<ProfileField, number | null>;
  const field = new Map<string, ProfileField>(PROFILE_KEYS);
  for (const s of stats) {
    const f = field.get(s.key);
    // Only grids carry base data; a value of a wider area would be counted twice.
    if (f === undefined || !s.areaCode.startsWith(area) || s.areaCode.length < 14) continue;
    out[f] = (out[f] ?? 0) + s.value;
  }
  return out;
}
