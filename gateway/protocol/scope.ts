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
