/** HH:MM:SS in the screen's local time. */
export function clockTime(t: number | Date): string {
  const d = typeof t === 'number' ? new Date(t) : t;
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** YYYY-MM-DD */
export function calendarDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** An ISO time as HH:MM:SS, or '' when it does not parse. */
export function isoClock(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? clockTime(t) : '';
}

/** An ISO time as HH:MM:SS when it is on the day of `now`, else MM-DD HH:MM; '' when it does not parse. */
export function shortTime(iso: string | null | undefined, now: number = Date.now()): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return '';
  const d = new Date(t);
  const today = new Date(now);
  if (calendarDate(d) === calendarDate(today)) return clockTime(d);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatCount(n: number, locale: string): string {
  return n.toLocaleString(locale);
}
