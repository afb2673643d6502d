// The periods a widget may show figures for, as the `from` the KPI routes take: a local date
// (the city's day, UTC+8), so "today" is the city's today wherever the screen runs.
import { DAY_MS, localDay } from '../../../../gateway/protocol/time.js';
import { PERIOD_DAYS, WIDGET_PERIODS, type WidgetPeriod } from '../../../../gateway/protocol/widget-periods.js';

export const PERIODS = WIDGET_PERIODS;
export type Period = WidgetPeriod;

/** YYYY-MM-DD of a local day number. */
export function localDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first local day of the last `days` days, today included. */
export function daysFrom(days: number, now: number = Date.now()): string {
  return localDate(localDay(now) - (days - 1));
}

/** The first local day of the period (it ends with today). */
export function periodFrom(period: Period, now: number = Date.now()): string {
  return daysFrom(PERIOD_DAYS[period], now);
}

/** The next period in the switch's order (a tap on the switch cycles). */
export function nextPeriod(p: Period): Period {
  return PERIODS[(PERIODS.indexOf(p) + 1) % PERIODS.length]!;
}
