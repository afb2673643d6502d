// The way back up from a drilled-down screen: the user's own scope, then every area between it
// and the scope shown. Never anything wider than the user's scope.
import { selfAndAncestors } from '../net/protocol.js';

/** Codes from the user's scope down to `shown` (inclusive); just the user's scope when `shown` is outside it. */
export function scopeCrumbs(userScope: string, shown: string): string[] {
  if (!shown.startsWith(userScope)) return [userScope];
  return selfAndAncestors(shown).filter((c) => c.startsWith(userScope));
}

/** The route query for showing `code`: none for the user's own scope, so the plain URL stays the plain screen. */
export function scopeQuery(userScope: string, code: string, query: Record<string, unknown>): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && k !== 'scope') next[k] = v;
  if (code !== userScope) next.scope = code;
  return next;
}
