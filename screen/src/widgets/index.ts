// The widget registry, built from the widget folders: each `widgets/<id>/index.ts` default-
// exports its definition. Layouts refer to widgets by id only. The definitions are small and
// eager; each widget's component is a chunk of its own, loaded when a layout places it (a wall
// without video never loads hls.js, one without the sandbox never loads its panels).
import type { WidgetDefinition } from './types.js';

export type { WidgetDefinition } from './types.js';

const modules = import.meta.glob<{ default: WidgetDefinition<object> }>('./*/index.ts', { eager: true });

export const widgetRegistry: ReadonlyMap<string, WidgetDefinition<object>> = new Map(
  Object.values(modules).map((m) => [m.default.id, m.default]),
);

export function getWidget(id: string): WidgetDefinition<object> | undefined {
  return widgetRegistry.get(id);
}
