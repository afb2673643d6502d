// A window of a spliced wall keeps the wall as one screen: what it shares (page, selection,
// drill-down) goes to the other windows through the gateway, and theirs is applied here. A state
// applied from another window is not sent back (that echo could undo a newer local change).
import { computed, onBeforeUnmount, watch, type ComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { joinWall, sendWall } from '../net/live.js';
import type { WallState } from '../net/protocol.js';
import { parseWallQuery, type WallWindow } from '../layout/wall-query.js';
import { useLayoutStore } from '../stores/layout.js';
import { useSelectionStore } from '../stores/selection.js';
import { useSessionStore } from '../stores/session.js';
import { scopeQuery } from '../components/scope-crumbs.js';

/** What two states share, ignoring who sent them. */
export function wallKey(s: Pick<WallState, 'page' | 'selection' | 'scope'>): string {
  return JSON.stringify([s.page, s.selection.area, s.selection.category, s.selection.eventId, s.scope]);
}

export function useWall(): ComputedRef<WallWindow | null> {
  const route = useRoute();
  const router = useRouter();
  const layouts = useLayoutStore();
  const selection = useSelectionStore();
  const session = useSessionStore();
  const win = computed(() => parseWallQuery(route.query));
  /** the last state this window received or sent: nothing equal to it is sent again */
  let last = '';

  const current = (): Omit<WallState, 'from'> => ({
    page: layouts.page,
    selection: selection.snapshot(),
    scope: typeof route.query.scope === 'string' ? route.query.scope : null,
  });

  function apply(state: WallState): void {
    last = wallKey(state);
    layouts.setPage(state.page);
    selection.apply(state.selection);
    const scope = typeof route.query.scope === 'string' ? route.query.scope : null;
    if (state.scope !== scope && session.user) void router.replace({ name: 'screen', query: scopeQuery(session.user.scope, state.scope ?? session.user.scope, route.query) });
  }

  watch(
    () => win.value?.auth,
    (auth) => joinWall(auth ?? null, apply),
    { immediate: true, deep: true },
  );
  watch([() => layouts.page, () => selection.version, () => route.query.scope], () => {
    const w = win.value;
    if (!w) return;
    const now = current();
    const key = wallKey(now);
    if (key === last) return;
    last = key;
    sendWall({ ...now, from: `${w.tile.row},${w.tile.col}` });
  });
  onBeforeUnmount(() => joinWall(null, () => {}));
  return win;
}
