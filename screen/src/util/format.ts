// Times on the screens are the city's local times (CITY_TIME_ZONE), whatever zone the
// browser driving a wall is set to.
import { CITY_TIME_ZONE } from '../net/protocol.js';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function localParts(t: number | Date): LocalParts {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(t)) out[p.type] = p.value;
  return out as unknown as LocalParts;
}

/** HH:MM:SS in the city's time. */
export function clockTime(t: number | Date): string {
  const p = localParts(t);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** YYYY-MM-DD in the city's time. */
export function calendarDate(t: number | Date): string {
  const p = localParts(t);
  return `${p.year}-${p.month}-${p.day}`;
}

const weekdays = new Map<string, Intl.DateTimeFormat>();

/** The weekday name in the city's time, in the screen's language. */
export function weekdayName(t: number | Date, locale: string): string {
  let f = weekdays.get(locale);
  if (!f) weekdays.set(locale, (f = new Intl.DateTimeFormat(locale, { timeZone: CITY_TIME_ZONE, weekday: 'long' })));
  return f.format(t);
}

/** An ISO time as HH:MM:SS, or '' when it does not parse. */
export function isoClock(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? clockTime(t) : '';
}

/** An ISO time as HH:MM:SS when it is on the local day of `now`, else MM-DD HH:MM; '' when it does not parse. */
export function shortTime(iso: string | null | undefined, now: number = Date.now()): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return '';
  const p = localParts(t);
  if (calendarDate(t) === calendarDate(now)) return `${p.hour}:${p.minute}:${p.second}`;
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatCount(n: number, locale: string): string {
  return n.toLocaleString(locale);
}
