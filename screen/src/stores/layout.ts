// The layout this screen shows, loaded from the gateway at run time: the one the route names
// (`?layout=`) when the user may see it, else the command center of the screen's tier.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api, ApiError } from '../net/api.js';
import { DEFAULT_LAYOUT_BY_TIER, levelOf, tierOfLevel, type Layout, type LayoutSummary, type TierName } from '../net/protocol.js';

/** Which layout ids to try, in order, for a scope and an optional `?layout=`. */
export function layoutCandidates(requested: string | undefined, scope: string): string[] {
  const own = DEFAULT_LAYOUT_BY_TIER[tierOfLevel(levelOf(scope))];
  return requested && requested !== own ? [requested, own] : [own];
}

/** From the list the gateway offers: a layout of this tier, else any the user may see. */
export function fallbackLayout(list: readonly LayoutSummary[], tier: TierName): string | null {
  return (list.find((l) => l.tier === tier) ?? list.find((l) => l.tier === 'any') ?? list[0])?.id ?? null;
}

export const useLayoutStore = defineStore('layout', () => {
  const layout = shallowRef<Layout | null>(null);
  /** the stored version shown (0: the provisioned file) */
  const version = ref(0);
  const page = ref(0);
  /** why the requested layout is not shown (refused, unknown), for the header */
  const notice = ref<string | null>(null);
  let generation = 0;

  function show(next: Layout, v: number): void {
    if (layout.value?.id !== next.id) page.value = 0;
    layout.value = next;
    version.value = v;
    if (page.value >= next.pages.length) page.value = 0;
  }

  /** Loads the layout for a scope; retried while the gateway is away, superseded by a newer call. */
  async function load(requested: string | undefined, scope: string): Promise<void> {
    const gen = ++generation;
    notice.value = null;
    for (let wait = 1000; gen === generation; wait = Math.min(wait * 2, 30_000)) {
      try {
        for (const id of layoutCandidates(requested, scope)) {
          try {
            const r = await api.layout(id);
            if (gen === generation) show(r.layout, r.version);
            return;
          } catch (err) {
            if (!(err instanceof ApiError) || err.status === 0 || err.unauthorized) throw err;
            if (id === requested) notice.value = `${id}: ${err.message}`;
          }
        }
        const fallback = fallbackLayout((await api.layouts()).layouts, tierOfLevel(levelOf(scope)));
        if (!fallback) return;
        const r = await api.layout(fallback);
        if (gen === generation) show(r.layout, r.version);
        return;
      } catch (err) {
        if (err instanceof ApiError && err.unauthorized) return;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** A version published while this screen is open: taken if it is the layout shown and newer. */
  function published(next: Layout, v: number): boolean {
    if (layout.value?.id !== next.id || v <= version.value) return false;
    show(next, v);
    return true;
  }

  /** After a reconnect: a version published while the socket was away is fetched. */
  async function refresh(): Promise<void> {
    const id = layout.value?.id;
    if (!id) return;
    try {
      const r = await api.layout(id);
      published(r.layout, r.version);
    } catch {
      /* the next reconnect tries again */
    }
  }

  function setPage(i: number): void {
    const n = layout.value?.pages.length ?? 1;
    page.value = ((i % n) + n) % n;
  }

  function dehydrate(): void {
    generation++;
    layout.value = null;
    version.value = 0;
    page.value = 0;
    notice.value = null;
  }

  return { layout, version, page, notice, load, show, published, refresh, setPage, dehydrate };
});
