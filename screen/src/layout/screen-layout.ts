// What the screen draws from a layout (served by the gateway, already at the current schema
// version with defaults): the placements of one page, resolved against the widget registry.
import type { Layout, Placement } from '../net/protocol.js';
import type { WidgetDefinition } from '../widgets/types.js';

export const HEADER_HEIGHT = 96;

export interface ResolvedPlacement extends Placement {
  def: WidgetDefinition<object>;
}

/** The placements of a page, lowest z first (later ones draw above); a widget this screen lacks is left out and named. */
export function resolvePage(
  layout: Layout,
  page: number,
  lookup: (id: string) => WidgetDefinition<object> | undefined,
): { placements: ResolvedPlacement[]; missing: string[] } {
  const p = layout.pages[Math.min(Math.max(page, 0), layout.pages.length - 1)];
  const placements: ResolvedPlacement[] = [];
  const missing: string[] = [];
  for (const pl of p?.placements ?? []) {
    if (pl.hidden) continue;
    const def = lookup(pl.widget);
    if (def) placements.push({ ...pl, def, options: { ...def.defaultOptions, ...pl.options } });
    else missing.push(pl.widget);
  }
  placements.sort((a, b) => a.z - b.z);
  return { placements, missing };
}

/** The panel title: the placement's own in this language, its i18n key, or the widget type's. */
export function placementTitle(p: ResolvedPlacement, locale: string, t: (key: string) => string): string {
  const own = p.title?.[locale.startsWith('en') ? 'en' : 'zh-CN'];
  return own || t(p.titleKey ?? p.def.titleKey);
}
