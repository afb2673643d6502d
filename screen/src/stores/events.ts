// Events as the screen holds them: the latest view per id, a feed newest first (by seq,
// capped), counts kept current between summaries, and lastSeq for resuming the socket.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { EventView, ScopeSummary } from '../net/protocol.js';
import {
  INITIAL_STATUSES,
  applyDelta,
  countsFromSummary,
  emptyCounts,
  type CountDelta,
  type EventCounts,
} from './event-counts.js';
import { isTerminalStatus } from '../net/protocol.js';

export const FEED_CAP = 500;
/** how many ids the dedup index remembers (far more than the feed shows) */
export const INDEX_CAP = 50_000;
/** how long a new item stays highlighted */
export const FRESH_MS = 4000;
const DELTA_CAP = 100_000;

interface Known {
  seq: number;
  status: EventView['status'];
  category: string;
}

export const useEventsStore = defineStore('events', () => {
  // Plain (non-reactive) index for dedup: far larger than the feed and touched per event.
  let index = new Map<string, Known>();
  let deltas: CountDelta[] = [];

  const feed = shallowRef<EventView[]>([]);
  const lastSeq = ref(0);
  const summary = shallowRef<ScopeSummary | null>(null);
  const counts = ref<EventCounts>(emptyCounts());
  /** id → time it arrived live, for the brief highlight */
  const freshAt = shallowRef<ReadonlyMap<string, number>>(new Map());
  const loaded = ref(false);

  /** held events past their deadline and not finished (EventView.overdue) */
  const overdueCount = computed(() => {
    let n = 0;
    for (const e of feed.value) if (e.overdue && !isTerminalStatus(e.status)) n++;
    return n;
  });

  const byId = computed(() => {
    const m = new Map<string, EventView>();
    for (const e of feed.value) m.set(e.id, e);
    return m;
  });

  function remember(id: string, k: Known): void {
    index.delete(id);
    index.set(id, k);
    if (index.size > INDEX_CAP) {
      // Map iterates in insertion order: drop the least recently changed.
      const drop = index.size - INDEX_CAP;
      let i = 0;
      for (const key of index.keys()) {
        if (i++ >= drop) break;
        index.delete(key);
      }
    }
  }

  /**
   * Applies views in any order: keeps, per id, only a view newer than the one held.
   * Returns the views that were applied.
   */
  function applyEvents(views: readonly EventView[], opts: { live?: boolean; now?: number } = {}): EventView[] {
    if (views.length === 0) return [];
    const now = opts.now ?? Date.now();
    const sorted = views.length > 1 && !isAscending(views) ? [...views].sort((a, b) => a.seq - b.seq) : views;
    const applied = new Map<string, EventView>();
    let maxSeq = lastSeq.value;
    const c = counts.value;
    for (const v of sorted) {
      if (v.seq > maxSeq) maxSeq = v.seq;
      const prev = index.get(v.id);
      if (prev && prev.seq >= v.seq) continue;
      const delta: CountDelta = {
        seq: v.seq,
        before: prev ? { status: prev.status, category: prev.category } : null,
        after: { status: v.status, category: v.category, occurredAt: v.occurredAt },
        created: !prev && INITIAL_STATUSES.includes(v.status),
      };
      if (v.seq > c.baseSeq) {
        applyDelta(c, delta, now);
        deltas.push(delta);
        // Summaries normally trim this every few seconds; bound it if they stop coming.
        if (deltas.length > DELTA_CAP) deltas = deltas.slice(-DELTA_CAP / 2);
      }
      remember(v.id, { seq: v.seq, status: v.status, category: v.category });
      applied.set(v.id, v);
    }
    lastSeq.value = maxSeq;
    if (applied.size === 0) return [];

    const fresh = [...applied.values()].sort((a, b) => b.seq - a.seq);
    const rest = feed.value.filter((e) => !applied.has(e.id));
    let next = fresh.concat(rest);
    const lastFresh = fresh[fresh.length - 1];
    if (lastFresh && rest[0] && rest[0].seq > lastFresh.seq) next.sort((a, b) => b.seq - a.seq);
    if (next.length > FEED_CAP) next = next.slice(0, FEED_CAP);
    feed.value = next;

    if (opts.live || freshAt.value.size > 0) {
      // Only what the feed still holds can be highlighted: bounded by FEED_CAP.
      const prevFresh = freshAt.value;
      const m = new Map<string, number>();
      for (const e of next) {
        const t = opts.live && applied.has(e.id) ? now : prevFresh.get(e.id);
        if (t !== undefined && now - t < FRESH_MS) m.set(e.id, t);
      }
      freshAt.value = m;
    }
    return fresh;
  }

  /** A new baseline: counts = summary + the changes newer than it this screen has seen. */
  function applySummary(s: ScopeSummary, now: number = Date.now()): void {
    const held = summary.value;
    if (held && held.scope === s.scope && s.seq < held.seq) return;
    summary.value = s;
    deltas = deltas.filter((d) => d.seq > s.seq);
    const c = countsFromSummary(s);
    for (const d of deltas) applyDelta(c, d, now);
    counts.value = c;
  }

  /** Replaces everything with a fresh REST load (first load, or a resync). */
  function reset(): void {
    index = new Map();
    deltas = [];
    feed.value = [];
    freshAt.value = new Map();
    summary.value = null;
    counts.value = emptyCounts();
    lastSeq.value = 0;
    loaded.value = false;
  }

  function loadSnapshot(views: readonly EventView[], s: ScopeSummary | null): void {
    applyEvents(views);
    if (s) applySummary(s);
    loaded.value = true;
  }

  function isFresh(id: string, now: number = Date.now()): boolean {
    const t = freshAt.value.get(id);
    return t !== undefined && now - t < FRESH_MS;
  }

  return {
    feed,
    byId,
    overdueCount,
    lastSeq,
    summary,
    counts,
    freshAt,
    loaded,
    applyEvents,
    applySummary,
    loadSnapshot,
    reset,
    isFresh,
    /** for tests and diagnostics */
    indexSize: () => index.size,
    pendingDeltas: () => deltas.length,
  };
});

function isAscending(views: readonly EventView[]): boolean {
  for (let i = 1; i < views.length; i++) if (views[i - 1]!.seq > views[i]!.seq) return false;
  return true;
}
