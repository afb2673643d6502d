// Alerts (early warning, overdue escalation) as the screen holds them: the latest view per id,
// newest raised first, capped; pushed views replace the held one only when their seq is newer.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AlertView } from '../net/protocol.js';

export type AlertKind = AlertView['kind'];
export const ALERT_KINDS: readonly AlertKind[] = ['overdue', 'threshold', 'surge'];

export const ALERT_CAP = 200;
/** how many ids the dedup index remembers (more than the list shows) */
export const ALERT_INDEX_CAP = 5_000;
/** how long a new alert flashes */
export const ALERT_FRESH_MS = 6000;

/** The numeric part of "al-42", for a stable order among alerts raised at the same time. */
function idNumber(id: string): number {
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : 0;
}

function raisedMs(a: AlertView): number {
  const t = Date.parse(a.raisedAt);
  return Number.isFinite(t) ? t : 0;
}

/** Newest raised first; ties by id (ids grow as alerts are raised). */
export function compareAlerts(a: AlertView, b: AlertView): number {
  return raisedMs(b) - raisedMs(a) || idNumber(b.id) - idNumber(a.id);
}

function emptyKinds(): Record<AlertKind, number> {
  return { overdue: 0, threshold: 0, surge: 0 };
}

export const useAlertsStore = defineStore('alerts', () => {
  // Plain (non-reactive) index: id → the seq held, also for alerts the cap has evicted.
  let index = new Map<string, number>();

  const list = shallowRef<AlertView[]>([]);
  /** id → time it arrived live, for the brief flash */
  const freshAt = shallowRef<ReadonlyMap<string, number>>(new Map());
  const loaded = ref(false);

  const byId = computed(() => {
    const m = new Map<string, AlertView>();
    for (const a of list.value) m.set(a.id, a);
    return m;
  });
  const open = computed(() => list.value.filter((a) => a.ackedAt === null));
  const openCount = computed(() => open.value.length);
  /** held alerts per kind */
  const byKind = computed(() => {
    const m = emptyKinds();
    for (const a of list.value) m[a.kind]++;
    return m;
  });
  /** open (unacknowledged) alerts per kind */
  const openByKind = computed(() => {
    const m = emptyKinds();
    for (const a of open.value) m[a.kind]++;
    return m;
  });

  function remember(id: string, seq: number): void {
    index.delete(id);
    index.set(id, seq);
    if (index.size > ALERT_INDEX_CAP) {
      const drop = index.size - ALERT_INDEX_CAP;
      let i = 0;
      for (const key of index.keys()) {
        if (i++ >= drop) break;
        index.delete(key);
      }
    }
  }

  /**
   * Applies views in any order: per id, only a view with a newer seq than the one held.
   * `live` marks alerts new to this screen as fresh (they flash). Returns the views applied.
   */
  function applyAlerts(views: readonly AlertView[], opts: { live?: boolean; now?: number } = {}): AlertView[] {
    if (views.length === 0) return [];
    const now = opts.now ?? Date.now();
    const applied = new Map<string, AlertView>();
    const created = new Set<string>();
    for (const v of views) {
      const held = applied.get(v.id)?.seq ?? index.get(v.id);
      if (held !== undefined && held >= v.seq) continue;
      if (index.get(v.id) === undefined) created.add(v.id);
      applied.set(v.id, v);
    }
    if (applied.size === 0) return [];
    for (const v of applied.values()) remember(v.id, v.seq);

    let next = list.value.filter((a) => !applied.has(a.id)).concat([...applied.values()]);
    next.sort(compareAlerts);
    if (next.length > ALERT_CAP) next = next.slice(0, ALERT_CAP);
    list.value = next;

    if (opts.live || freshAt.value.size > 0) {
      const prev = freshAt.value;
      const m = new Map<string, number>();
      for (const a of next) {
        const t = opts.live && created.has(a.id) ? now : prev.get(a.id);
        if (t !== undefined && now - t < ALERT_FRESH_MS) m.set(a.id, t);
      }
      freshAt.value = m;
    }
    return [...applied.values()];
  }

  /** Replaces what is held with a REST load (first load, or a resync). */
  function hydrate(views: readonly AlertView[]): void {
    index = new Map();
    list.value = [];
    freshAt.value = new Map();
    applyAlerts(views);
    loaded.value = true;
  }

  /** Forgets everything (sign out, another scope). */
  function dehydrate(): void {
    index = new Map();
    list.value = [];
    freshAt.value = new Map();
    loaded.value = false;
  }

  function isFresh(id: string, now: number = Date.now()): boolean {
    const t = freshAt.value.get(id);
    return t !== undefined && now - t < ALERT_FRESH_MS;
  }

  return {
    list,
    byId,
    freshAt,
    loaded,
    openCount,
    byKind,
    openByKind,
    applyAlerts,
    hydrate,
    dehydrate,
    isFresh,
    /** for tests and diagnostics */
    indexSize: () => index.size,
  };
});
