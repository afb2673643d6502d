// The latest view per key, where a view replaces the held one only when its seq is newer: what
// every stream store keeps (replays and REST loads may bring views the store already has).
import { shallowRef, type ShallowRef } from 'vue';

export interface Seq {
  seq: number;
}

export interface KeyedViews<V extends Seq> {
  /** key → latest view; replaced as a whole on every change, so computed values follow */
  map: ShallowRef<ReadonlyMap<string, V>>;
  /** applies views in any order; returns how many changed what is held */
  apply(views: readonly V[]): number;
  /** replaces everything with `views` */
  replace(views: readonly V[]): void;
  clear(): void;
}

export function keyedViews<V extends Seq>(keyOf: (v: V) => string, cap = Infinity): KeyedViews<V> {
  const map = shallowRef<ReadonlyMap<string, V>>(new Map());

  function apply(views: readonly V[]): number {
    if (!views.length) return 0;
    let next: Map<string, V> | null = null;
    let changed = 0;
    for (const v of views) {
      const key = keyOf(v);
      const held = (next ?? map.value).get(key);
      if (held && held.seq >= v.seq) continue;
      next ??= new Map(map.value);
      next.delete(key); // re-inserted last: the map iterates least recently changed first
      next.set(key, v);
      changed++;
    }
    if (!next) return 0;
    if (next.size > cap) {
      let drop = next.size - cap;
      for (const k of next.keys()) {
        if (drop-- <= 0) break;
        next.delete(k);
      }
    }
    map.value = next;
    return changed;
  }

  return {
    map,
    apply,
    replace(views) {
      map.value = new Map();
      apply(views);
    },
    clear() {
      map.value = new Map();
    },
  };
}
