// The first big-screen layout, as data: widget ids from the registry placed on the canvas.
// (Layouts move to layouts/*.json with a schema version when the layout editor lands.)
export interface WidgetPlacement {
  key: string;
  widget: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** i18n key overriding the widget type's title */
  titleKey?: string;
  options?: Record<string, unknown>;
}

export const HEADER_HEIGHT = 96;

export const DEFAULT_SCREEN_LAYOUT: readonly WidgetPlacement[] = [
  { key: 'totals', widget: 'totals', x: 24, y: 112, w: 520, h: 300 },
  { key: 'status', widget: 'status-counts', x: 24, y: 428, w: 520, h: 628 },
  { key: 'category-bar', widget: 'category-chart', x: 564, y: 112, w: 772, h: 540, titleKey: 'widgets.categoryTop', options: { kind: 'bar', top: 10 } },
  // Alerts sit in the wide bottom-centre slot, where a row has room for area, message and state.
  { key: 'alerts', widget: 'alert-list', x: 564, y: 668, w: 772, h: 388, options: { rows: 30 } },
  { key: 'feed', widget: 'event-feed', x: 1356, y: 112, w: 540, h: 540, options: { rows: 30 } },
  { key: 'category-pie', widget: 'category-chart', x: 1356, y: 668, w: 540, h: 388, titleKey: 'widgets.categoryShare', options: { kind: 'pie' } },
];
