// Each widget type's options, by widget id: the gateway checks every placement of a layout
// against its widget's schema when the layout is loaded, and the editor builds its property
// panel from it. Defaults make every option optional in a layout file. The screen imports
// only the types (no zod in its bundle).
import { z } from 'zod';

const rows = (fallback: number) => z.number().int().min(1).max(200).default(fallback);

export const WIDGET_OPTIONS = {
  totals: z.object({}).strict(),
  'status-counts': z.object({}).strict(),
  'category-chart': z
    .object({
      /** bar: the top categories; pie: shares by major class */
      kind: z.enum(['bar', 'pie']).default('bar'),
      top: z.number().int().min(1).max(50).default(10),
    })
    .strict(),
  'alert-list': z.object({ rows: rows(30) }).strict(),
  'event-feed': z.object({ rows: rows(60) }).strict(),
  /** devices online / offline / in alarm per area, and their latest alarms */
  'device-status': z.object({ alarms: z.number().int().min(0).max(50).default(6), refreshS: z.number().int().min(1).max(300).default(5) }).strict(),
} satisfies Record<string, z.ZodType>;

export type WidgetId = keyof typeof WIDGET_OPTIONS;
export type WidgetOptions<K extends WidgetId> = z.output<(typeof WIDGET_OPTIONS)[K]>;

export function isWidgetId(value: string): value is WidgetId {
  return Object.hasOwn(WIDGET_OPTIONS, value);
}
