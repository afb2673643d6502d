// The periods a screen's KPI widgets switch between (zod-free: the screen imports the values).
export const WIDGET_PERIODS = ['today', '7d', '30d', '90d'] as const;
export type WidgetPeriod = (typeof WIDGET_PERIODS)[number];
/** how many local days each period spans, today included */
export const PERIOD_DAYS: Readonly<Record<WidgetPeriod, number>> = { today: 1, '7d': 7, '30d': 30, '90d': 90 };
