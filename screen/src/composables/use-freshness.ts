// Per-widget staleness: a widget reports where its data comes from (a poll, a live topic); its
// panel combines them with the connection's state on a one-second clock (layout/staleness.ts).
import { computed, inject, onBeforeUnmount, provide, shallowRef, type ComputedRef, type InjectionKey } from 'vue';
import { FRESH, staleness, worst, type FreshnessReading, type Staleness } from '../layout/staleness.js';
import { lastHeard, topicCadenceMs, type Topic } from '../net/heard.js';
import { useConnectionStore } from '../stores/connection.js';
import { useNow } from './use-now.js';

export interface FreshnessSource {
  read(): FreshnessReading;
}

interface Registry {
  add(source: FreshnessSource): void;
}

const KEY: InjectionKey<Registry> = Symbol('widget-freshness');

/** In a widget's panel: how stale the widget's data is (a widget that reports nothing: the connection's). */
export function provideWidgetFreshness(): ComputedRef<Staleness> {
  const conn = useConnectionStore();
  const now = useNow(1000);
  const sources = shallowRef<readonly FreshnessSource[]>([]);
  const connectionOnly: FreshnessSource = { read: () => ({ lastAt: conn.lastMessageAt, cadenceMs: null }) };
  provide(KEY, {
    add(source) {
      sources.value = [...sources.value, source];
      onBeforeUnmount(() => (sources.value = sources.value.filter((s) => s !== source)));
    },
  });
  let last: Staleness = FRESH;
  return computed(() => {
    const list = sources.value.length ? sources.value : [connectionOnly];
    const next = worst(list.map((s) => staleness(s.read(), conn.state, now.value)));
    // the same object while nothing visible changed: the panel is not re-rendered every second
    if (JSON.stringify(next) !== JSON.stringify(last)) last = next;
    return last;
  });
}

/** From a widget's setup: one more source its panel watches (a no-op outside a panel). */
export function reportFreshness(source: FreshnessSource): void {
  inject(KEY, null)?.add(source);
}

/** The widget shows a live topic's data. */
export function useTopicFreshness(topic: Topic): void {
  reportFreshness({ read: () => ({ lastAt: lastHeard(topic), cadenceMs: topicCadenceMs(topic) }) });
}
