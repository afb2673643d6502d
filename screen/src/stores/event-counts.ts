// Counts by status and category: the latest ScopeSummary plus the live changes newer than
// it. Pure functions, so the arithmetic is tested without Pinia.
import type { EventStatus, EventView, ScopeSummary } from '../net/protocol.js';

export interface EventCounts {
  /** seq the summary was computed at; changes with a higher seq are applied on top */
  baseSeq: number;
  total: number;
  last24h: number;
  byStatus: Partial<Record<EventStatus, number>>;
  byCategory: Record<string, number>;
}

/** One applied change: the view before (if the screen knew it) and after. */
export interface CountDelta {
  seq: number;
  before: Pick<EventView, 'status' | 'category'> | null;
  after: Pick<EventView, 'status' | 'category' | 'occurredAt'>;
  /** true when the event is new to the scope (not an update of one we never saw) */
  created: boolean;
}

// The states an event is born in; an unknown id in another state is an update of an event
// this screen never held, whose previous state it cannot know.
export const INITIAL_STATUSES: readonly EventStatus[] = ['REPORTED', 'VERIFYING'];

const DAY_MS = 24 * 3600 * 1000;

export function emptyCounts(): EventCounts {
  return { baseSeq: 0, total: 0, last24h: 0, byStatus: {}, byCategory: {} };
}

export function countsFromSummary(summary: ScopeSummary): EventCounts {
  return {
    baseSeq: summary.seq,
    total: summary.total,
    last24h: summary.last24h,
    byStatus: { ...summary.byStatus },
    byCategory: { ...summary.byCategory },
  };
}

function bump<K extends string>(rec: Partial<Record<K, number>>, key: K, by: number): void {
  const next = (rec[key] ?? 0) + by;
  rec[key] = next < 0 ? 0 : next;
}

/** Applies one change in place. */
export function applyDelta(counts: EventCounts, d: CountDelta, now: number): void {
  if (d.seq <= counts.baseSeq) return;
  if (d.before) {
    if (d.before.status !== d.after.status) {
      bump(counts.byStatus, d.before.status, -1);
      bump(counts.byStatus, d.after.status, 1);
    }
    if (d.before.category !== d.after.category) {
      bump(counts.byCategory, d.before.category, -1);
      bump(counts.byCategory, d.after.category, 1);
    }
    return;
  }
  // An update of an event this screen never held: its old status is unknown, so leave the
  // counts alone (they still add up to the total) until the next summary brings it in.
  if (!d.created) return;
  bump(counts.byStatus, d.after.status, 1);
  counts.total += 1;
  bump(counts.byCategory, d.after.category, 1);
  const at = Date.parse(d.after.occurredAt);
  if (Number.isFinite(at) && now - at <= DAY_MS) counts.last24h += 1;
}
