// Area codes are statistical division codes: a wider scope is a prefix of every code inside it.
export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

export const CITY_CODE_LENGTH = 4;

/** The level of an area code by its length (city 4, district 6, street 9, community 12, grid 14–15). */
export function levelOf(code: string): AreaLevel | null {
  if (!/^\d+$/.test(code)) return null;
  switch (code.length) {
    case 4:
      return 'city';
    case 6:
      return 'district';
    case 9:
      return 'street';
    case 12:
      return 'community';
    case 14:
    case 15:
      return 'grid';
    default:
      return null;
  }
}

/** The length of the codes of each level (a grid code is 14 or 15 digits). */
const LEVEL_LENGTH = { city: 4, district: 6, street: 9, community: 12 } as const;

/**
 * The code of the area of `level` that contains `code` (its prefix), or null when `code` is
 * not inside an area of that level (a district has no street above it).
 */
export function ancestorAt(code: string, level: Exclude<AreaLevel, 'grid'>): string | null {
  const n = LEVEL_LENGTH[level];
  return code.length >= n && levelOf(code) !== null ? code.slice(0, n) : null;
}

/** `code` and every area above it, widest first (the rooms a change in `code` reaches). */
export function selfAndAncestors(code: string): string[] {
  const out: string[] = [];
  for (const level of ['city', 'district', 'street', 'community'] as const) {
    const a = ancestorAt(code, level);
    if (a !== null && a !== code) out.push(a);
  }
  if (levelOf(code) !== null) out.push(code);
  return out;
}

/** The area directly above `code` (a grid's community, a street's district), or null for the city. */
export function parentOf(code: string): string | null {
  const all = selfAndAncestors(code);
  return all.length >= 2 ? all[all.length - 2]! : null;
}

/** True when `scope` contains `code` (every code inside a scope starts with it). */
export function scopeContains(scope: string, code: string | null | undefined): boolean {
  return typeof code === 'string' && code.startsWith(scope);
}

/** The narrower of two scopes, or null when neither contains the other. */
export function narrowScope(granted: string, requested: string | undefined): string | null {
  if (!requested) return granted;
  if (requested.startsWith(granted)) return requested;
  return null;
}
