// The city's clock. Chinese cities keep China Standard Time (UTC+8, no daylight saving): days of
// KPIs and SLA calendars are local days, and screens show local times wherever they are viewed.

/** The IANA zone screens format times in. */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

/** UTC+8 in milliseconds: a local day starts at 16:00 UTC of the day before. */
export const LOCAL_OFFSET_MS = 8 * 3600_000;

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 in local time. */
export function localDay(ms: number): number {
  return Math.floor((ms + LOCAL_OFFSET_MS) / DAY_MS);
}

/** The instant a local day (days since 1970-01-01) begins. */
export function localDayStart(day: number): number {
  return day * DAY_MS - LOCAL_OFFSET_MS;
}

/** `YYYY-MM-DD` as the instant that local day begins. */
export function localDateStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) - LOCAL_OFFSET_MS;
}
