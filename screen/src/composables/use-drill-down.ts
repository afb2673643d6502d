// Drill-down through the route: the screen's scope is `?scope=`, so a reload, a bookmark and the
// breadcrumb all agree, and the browser's back button goes back up. Never wider than the user's.
import { computed, type ComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useSessionStore } from '../stores/session.js';
import { useSelectionStore } from '../stores/selection.js';
import { childLevelOf, drillTarget, effectiveScope, trail, upTarget } from './drill.js';

export interface DrillDown {
  /** the scope the screen shows now */
  scope: ComputedRef<string>;
  /** the user's own scope: the widest the screen may show */
  userScope: ComputedRef<string>;
  /** the level of the areas directly below the scope (the map's and the rankings' rows) */
  childLevel: ComputedRef<ReturnType<typeof childLevelOf>>;
  /** widest first, ending with the current scope */
  trail: ComputedRef<string[]>;
  canDrill(code: string): boolean;
  /** narrows the whole screen to `code`; false when it may not (outside the scope, a grid) */
  drillTo(code: string): boolean;
  /** one level up; false at the user's own scope */
  up(): boolean;
  /** straight to an area of the trail (the breadcrumb) */
  jumpTo(code: string): void;
}

export function useDrillDown(): DrillDown {
  const route = useRoute();
  const router = useRouter();
  const session = useSessionStore();
  const selection = useSelectionStore();

  const userScope = computed(() => session.user?.scope ?? '');
  const scope = computed(() => effectiveScope(userScope.value, typeof route.query.scope === 'string' ? route.query.scope : undefined));

  function go(code: string): void {
    const query = { ...route.query };
    if (code === userScope.value) delete query.scope;
    else query.scope = code;
    // A selected area outside the new scope would filter everything away.
    if (selection.area !== null && !selection.area.startsWith(code)) selection.set({ area: null });
    void router.push({ query });
  }

  return {
    scope,
    userScope,
    childLevel: computed(() => childLevelOf(scope.value)),
    trail: computed(() => (userScope.value ? trail(userScope.value, scope.value) : [])),
    canDrill: (code) => drillTarget(userScope.value, scope.value, code) !== null,
    drillTo(code) {
      const target = drillTarget(userScope.value, scope.value, code);
      if (target === null) return false;
      go(target);
      return true;
    },
    up() {
      const target = upTarget(userScope.value, scope.value);
      if (target === null) return false;
      go(target);
      return true;
    },
    jumpTo(code) {
      if (code.startsWith(userScope.value)) go(code);
    },
  };
}
