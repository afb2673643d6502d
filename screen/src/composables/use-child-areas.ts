// The areas directly below the screen's scope, with their boundaries (GeoJSON from /api/areas):
// loaded once per scope and shared by the widgets that need them (the scope map draws them, the
// workers' and profile widgets name them). Their names go into the catalog for everyone.
import { shallowRef, watch, type ShallowRef } from 'vue';
import { api, type AreaFeatureProps } from '../net/api.js';
import type { AreasResponse } from '../net/protocol.js';
import { useCatalogStore } from '../stores/catalog.js';
import type { DrillDown } from './use-drill-down.js';

const cache = new Map<string, Promise<AreasResponse>>();

function load(scope: string, level: AreaFeatureProps['level']): Promise<AreasResponse> {
  const key = `${level}|${scope}`;
  let p = cache.get(key);
  if (!p) {
    p = api.areas({ level, parent: scope });
    // A failure is not remembered: the next ask tries again.
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

export interface ChildAreas {
  /** null until loaded (or when the scope has nothing below it) */
  areas: ShallowRef<AreasResponse | null>;
  /** the scope the areas are of */
  of: ShallowRef<string | null>;
}

export function useChildAreas(drill: DrillDown): ChildAreas {
  const catalog = useCatalogStore();
  const areas = shallowRef<AreasResponse | null>(null);
  const of = shallowRef<string | null>(null);
  let retry: ReturnType<typeof setTimeout> | null = null;

  async function fetchFor(scope: string): Promise<void> {
    if (retry) clearTimeout(retry);
    const level = drill.childLevel.value;
    if (!scope || level === null) {
      areas.value = null;
      of.value = scope;
      return;
    }
    try {
      const answer = await load(scope, level);
      if (scope !== drill.scope.value) return; // drilled elsewhere meanwhile
      catalog.addAreas(answer.features.map((f) => f.properties));
      areas.value = answer;
      of.value = scope;
    } catch {
      retry = setTimeout(() => void fetchFor(drill.scope.value), 5000);
    }
  }

  watch(drill.scope, (scope) => void fetchFor(scope), { immediate: true });
  return { areas, of };
}
