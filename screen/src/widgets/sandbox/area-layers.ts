// Which outlines the sandbox draws for a scope: the scope itself, one level down, and the grids
// of a street. The gateway already narrows /api/areas to the user's scope.
import { api } from '../../net/api.js';
import { ancestorAt, levelOf, type AreasResponse } from '../../net/protocol.js';

export type Feature = AreasResponse['features'][number];

export interface AreaSet {
  districts: Feature[];
  streets: Feature[];
  /** grids by street code, loaded when a street is in view */
  grids: Map<string, Feature[]>;
}

export async function loadAreaSet(): Promise<AreaSet> {
  // The streets inside the user's scope (a street user's own street). Naming the district as the
  // parent was refused (403) for a street user, whose scope does not hold its district.
  const [d, s] = await Promise.all([api.areas({ level: 'district' }), api.areas({ level: 'street' })]);
  return { districts: d.features, streets: s.features, grids: new Map() };
}

export async function gridsOf(set: AreaSet, street: string): Promise<Feature[]> {
  const held = set.grids.get(street);
  if (held) return held;
  const g = (await api.areas({ level: 'grid', parent: street })).features;
  set.grids.set(street, g);
  return g;
}

/** The scope's own features and the areas one level down (districts → streets; a street's grids come separately). */
export function scopeLayers(set: AreaSet, scope: string): { scope: Feature[]; children: Feature[] } {
  const level = levelOf(scope);
  if (level === 'city') return { scope: [], children: set.districts };
  if (level === 'district') return { scope: set.districts.filter((f) => f.properties.code === scope), children: set.streets.filter((f) => f.properties.parent === scope) };
  const street = ancestorAt(scope, 'street');
  return { scope: set.streets.filter((f) => f.properties.code === street), children: [] };
}
