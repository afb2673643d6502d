// Drill-down as pure rules: where a click on an area may take the screen, and where "up" goes.
// The screen's scope is the route's `scope` query, never wider than the user's own.
import { levelOf, narrowScope, parentOf, type AreaLevel } from '../net/protocol.js';

/** The level of the areas directly below a scope (what its map and rankings show). */
export function childLevelOf(scope: string): Exclude<AreaLevel, 'city'> | null {
  switch (levelOf(scope)) {
    case 'city':
      return 'district';
    case 'district':
      return 'street';
    case 'street':
      return 'community';
    case 'community':
      return 'grid';
    default:
      return null;
  }
}

/** The scope the screen shows: the requested one when it lies inside the user's, else the user's. */
export function effectiveScope(userScope: string, requested: string | undefined): string {
  return narrowScope(userScope, requested) ?? userScope;
}

/**
 * Where a click on `code` drills to: an area inside the user's scope, narrower than the current
 * one, down to communities (a grid is selected, not drilled into: its 一格一档 is the view).
 */
export function drillTarget(userScope: string, current: string, code: string): string | null {
  const level = levelOf(code);
  if (level === null || level === 'grid' || level === 'city') return null;
  if (!code.startsWith(userScope) || !code.startsWith(current) || code === current) return null;
  return code;
}

/** One level up from `current`, or null at the user's own scope (never wider). */
export function upTarget(userScope: string, current: string): string | null {
  if (current === userScope || !current.startsWith(userScope)) return null;
  const parent = parentOf(current);
  return parent !== null && parent.startsWith(userScope) ? parent : userScope;
}

/** The trail from the user's scope down to the current one, widest first (for a breadcrumb). */
export function trail(userScope: string, current: string): string[] {
  const out: string[] = [current];
  for (let c = current; ; ) {
    const up = upTarget(userScope, c);
    if (up === null) break;
    out.unshift(up);
    c = up;
  }
  return out;
}
