import type { EventStatus } from '../../protocol/events.js';
import type { ScopeSummary } from '../../protocol/summary.js';
import { levelOf } from '../../protocol/scope.js';
import type { StreetCounts } from '../db/event-queries.js';

/** City, district and street summaries are sums of one count by street; narrower scopes count their own. */
export function summedFromStreets(scope: string): boolean {
  const level = levelOf(scope);
  return level === 'city' || level === 'district' || level === 'street';
}

/** Sums street-level counts into the summary of one scope (the city, a district or a street). */
export function summarize(scope: string, counts: StreetCounts[], seq: number, now: Date): ScopeSummary {
  const byStatus: Partial<Record<EventStatus, number>> = {};
  const byCategory: Record<string, number> = {};
  let total = 0;
  let last24h = 0;
  const level = levelOf(scope);
  for (const c of counts) {
    const inside =
      level === 'city' ? c.districtCode.startsWith(scope) : level === 'district' ? c.districtCode === scope : level === 'street' ? c.streetCode === scope : true;
    if (!inside) continue;
    total += c.n;
    last24h += c.recent;
    byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
    byCategory[c.category] = (byCategory[c.category] ?? 0) + c.n;
  }
  return { scope, seq, total, byStatus, byCategory, last24h, at: now.toISOString() };
}
