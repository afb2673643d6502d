// Each widget type's options, by widget id: the gateway checks every placement of a layout
// against its widget's schema when the layout is loaded, and the editor builds its property
// panel from it. Defaults make every option optional in a layout file. The screen imports
// only the types (no zod in its bundle).
import { z } from 'zod';
import { KPI_IDS, KpiIdSchema } from './kpi.js';
import { WIDGET_PERIODS } from './widget-periods.js';

const rows = (fallback: number) => z.number().int().min(1).max(200).default(fallback);
const period = z.enum(WIDGET_PERIODS).default('30d');

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
  'kpi-board': z
    .object({
      period,
      /** which of the eleven KPIs, in this order */
      kpis: z.array(KpiIdSchema).min(1).max(KPI_IDS.length).default([...KPI_IDS]),
    })
    .strict(),
  ranking: z
    .object({
      /** auto: the areas one level below the screen's scope */
      by: z.enum(['auto', 'district', 'street', 'community', 'grid', 'department']).default('auto'),
      kpi: KpiIdSchema.default('onTimeClosureRate'),
      order: z.enum(['desc', 'asc']).default('desc'),
      period,
      rows: z.number().int().min(1).max(50).default(10),
    })
    .strict(),
  trend: z.object({ days: z.number().int().min(7).max(90).default(30) }).strict(),
  'scope-map': z.object({ measure: z.enum(['open', 'overdue']).default('open') }).strict(),
  'overdue-list': z.object({ rows: rows(20) }).strict(),
  'workers-on-duty': z.object({ rows: z.number().int().min(1).max(30).default(8) }).strict(),
  'grid-profile': z.object({}).strict(),
  /** devices online / offline / in alarm per area, and their latest alarms */
  'device-status': z.object({ alarms: z.number().int().min(0).max(50).default(6), refreshS: z.number().int().min(1).max(300).default(5) }).strict(),
  sandbox: z
    .object({
      /** 3d: tilted, free; 2d: straight down for precise dispatch (the duty seat) */
      mode: z.enum(['3d', '2d']).default('3d'),
      /** seconds without input before the idle tour frames the areas one level down in turn; 0: no tour */
      tourSeconds: z.number().int().min(0).max(3600).default(0),
      /** show the camera index on the map */
      cameras: z.boolean().default(true),
      /** how the deck.gl overlay shows events: a heatmap, hexagon columns, or not at all */
      overlay: z.enum(['heatmap', 'hexagon', 'none']).default('heatmap'),
      /** buildings coloured by their height or by the open cases inside them */
      buildings: z.enum(['height', 'cases']).default('height'),
      /** draw the perception devices (online / offline / in alarm) */
      devices: z.boolean().default(true),
    })
    .strict(),
  'video-wall': z
    .object({
      tiles: z.union([z.literal(1), z.literal(4), z.literal(9), z.literal(16)]).default(4),
      /** selection: near the picked event or in the selected area, else the scope; scope: always the scope */
      follow: z.enum(['selection', 'scope']).default('selection'),
      /** seconds between pages; 0: by hand only */
      pageSeconds: z.number().int().min(0).max(3600).default(30),
      /** most live players on the screen at once */
      maxDecoders: z.number().int().min(1).max(32).default(16),
    })
    .strict(),
  /** a conference session (视频会商): participant tiles, who presents, follow / hand / pass / end */
  conference: z
    .object({
      /** participant tiles shown at once (the presenter first, then raised hands) */
      tilesShown: z.number().int().min(1).max(16).default(4),
    })
    .strict(),
} satisfies Record<string, z.ZodType>;

export type WidgetId = keyof typeof WIDGET_OPTIONS;
export type WidgetOptions<K extends WidgetId> = z.output<(typeof WIDGET_OPTIONS)[K]>;

export function isWidgetId(value: string): value is WidgetId {
  return Object.hasOwn(WIDGET_OPTIONS, value);
}
