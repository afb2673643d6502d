// The widget registry, built from the widget folders: each `widgets/<id>/index.ts` default-
// exports its definition. Layouts refer to widgets by id only. The definitions are eager; the
// components that carry a big library (ECharts, hls.js, Cesium and deck.gl) are chunks of their
// own, loaded when a layout places them, so a wall loads only what it shows and its first
// figures do not wait for charts. Light list and figure widgets stay in the main bundle.
import type { WidgetDefinition } from './types.js';

export type { WidgetDefinition } from './types.js';

const modules = import.meta.glob<{ default: WidgetDefinition<object> }>('./*/index.ts', { eager: true });

export const widgetRegistry: ReadonlyMap<string, WidgetDefinition<object>> = new Map(
  Object.values(modules).map((m) => [m.default.id, m.default]),
);

export function getWidget(id: string): WidgetDefinition<object> | undefined {
  return widgetRegistry.get(id);
}
