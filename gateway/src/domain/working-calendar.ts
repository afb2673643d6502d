// A working calendar as data (weekdays, daily working hours, holidays, make-up working days) and
// pure time arithmetic on it. Local time is a fixed UTC offset: China has had no DST since 1991.

export interface WorkingPeriod {
  /** local "HH:MM", inclusive */
  from: string;
  /** local "HH:MM", exclusive; after `from` on the same day (no periods across midnight) */
  to: string;
}

export interface WorkingCalendar {
  /** local time = UTC + this many minutes (Asia/Shanghai: 480) */
  utcOffsetMinutes: number;
  /** working weekdays, 0 = Sunday … 6 = Saturday */
  weekdays: number[];
  /** the working periods of every working day, in order, not overlapping */
  hours: WorkingPeriod[];
  /** local dates "YYYY-MM-DD" that are days off even on a working weekday */
  holidays: string[];
  /** local dates "YYYY-MM-DD" that are working days even on a weekend (调休 make-up days) */
  workdays: string[];
}

export const DEFAULT_CALENDAR: WorkingCalendar = {
  utcOffsetMinutes: 8 * 60,
  weekdays: [1, 2, 3, 4, 5],
  hours: [
    { from: '09:00', to: '12:00' },
    { from: '14:00', to: '18:00' },
  ],
  holidays: [],
  workdays: [],
};

/** A time limit: working hours or working days on the calendar, or plain minutes around the clock. */
export type TimeAmount =
  | { hours: number; unit: 'working_hours' | 'working_days' }
  | { minutes: number; unit: 'minutes' };

export interface Interval {
  from: Date;
  to: Date;
}

type Clock = { mode: 'working' | 'wall'; ms: number };

const MINUTE = 60_000;
const DAY = 86_400_000;
// A calendar with no working day in ten years is a configuration error, not a long wait.
const MAX_DAYS_SCANNED = 3660;

function minutesOf(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`working hours: "${hhmm}" is not HH:MM`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new Error(`working hours: "${hhmm}" is past 24:00`);
  return minutes;
}

/** Throws on a calendar the arithmetic cannot use; returns it otherwise. */
export function validateCalendar(cal: WorkingCalendar): WorkingCalendar {
  let last = -1;
  for (const p of cal.hours) {
    const from = minutesOf(p.from);
    const to = minutesOf(p.to);
    if (to <= from) throw new Error(`working hours: ${p.from}–${p.to} is empty or crosses midnight`);
    if (from < last) throw new Error(`working hours: ${p.from}–${p.to} overlaps or is out of order`);
    last = to;
  }
  for (const w of cal.weekdays) {
    if (!Number.isInteger(w) || w < 0 || w > 6) throw new Error(`calendar weekday ${w} is not 0 (Sunday) … 6 (Saturday)`);
  }
  for (const d of [...cal.holidays, ...cal.workdays]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`calendar date "${d}" is not YYYY-MM-DD`);
  }
  return cal;
}

/** The local calendar date "YYYY-MM-DD" of an instant. */
export function localDate(t: Date, cal: WorkingCalendar): string {
  return new Date(t.getTime() + cal.utcOffsetMinutes * MINUTE).toISOString().slice(0, 10);
}

/** A make-up day is worked even on a weekend; a holiday is off even on a weekday. */
export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  if (cal.workdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return cal.weekdays.includes(weekday);
}

/** Working time in one working day: the sum of its periods. */
export function workingDayMs(cal: WorkingCalendar): number {
  return cal.hours.reduce((sum, p) => sum + (minutesOf(p.to) - minutesOf(p.from)) * MINUTE, 0);
}

/** UTC ms of local midnight of the day holding `t`. */
function localMidnight(t: number, cal: WorkingCalendar): number {
  const off = cal.utcOffsetMinutes * MINUTE;
  return Math.floor((t + off) / DAY) * DAY - off;
}

/** The working periods of the local day starting at `midnight` (UTC ms), as [start, end) UTC ms. */
function periodsOfDay(midnight: number, cal: WorkingCalendar): Array<[number, number]> {
  const date = new Date(midnight + cal.utcOffsetMinutes * MINUTE).toISOString().slice(0, 10);
  if (!isWorkingDay(date, cal)) return [];
  return cal.hours.map((p) => [midnight + minutesOf(p.from) * MINUTE, midnight + minutesOf(p.to) * MINUTE]);
}

/** [from, to) minus the (sorted, merged) pauses, in order. */
function* unpaused(from: number, to: number, pauses: ReadonlyArray<[number, number]>): Generator<[number, number]> {
  let cursor = from;
  for (const [a, b] of pauses) {
    if (b <= cursor) continue;
    if (a >= to) break;
    if (a > cursor) yield [cursor, a];
    cursor = Math.max(cursor, b);
    if (cursor >= to) return;
  }
  if (cursor < to) yield [cursor, to];
}

/** The stretches of time the clock counts from `start` on: working periods, or all time. */
function* counting(start: number, mode: Clock['mode'], cal: WorkingCalendar): Generator<[number, number]> {
  if (mode === 'wall') {
    yield [start, Infinity];
    return;
  }
  let midnight = localMidnight(start, cal);
  for (let day = 0; day < MAX_DAYS_SCANNED; day++, midnight += DAY) {
    for (const [s, e] of periodsOfDay(midnight, cal)) {
      if (e > start) yield [Math.max(s, start), e];
    }
  }
  throw new Error(`working calendar: no working time within ${MAX_DAYS_SCANNED} days of ${new Date(start).toISOString()}`);
}

/** The instant at which the clock has counted `clock.ms` after `start`, stopped during `pauses` (the end of a period stays itself). */
function advance(
  start: number,
  clock: Clock,
  cal: WorkingCalendar,
  pauses: ReadonlyArray<[number, number]> = [],
): number {
  if (clock.ms <= 0) return start;
  let remaining = clock.ms;
  for (const [s, e] of counting(start, clock.mode, cal)) {
    for (const [from, to] of unpaused(s, e, pauses)) {
      if (to - from >= remaining) return from + remaining;
      remaining -= to - from;
    }
  }
  throw new Error('working calendar: unreachable');
}

/** Working ms in [a, b) (0 when b ≤ a). */
function workingMsIn(a: number, b: number, cal: WorkingCalendar): number {
  if (b <= a) return 0;
  let total = 0;
  for (let midnight = localMidnight(a, cal); midnight < b; midnight += DAY) {
    for (const [s, e] of periodsOfDay(midnight, cal)) {
      const from = Math.max(s, a);
      const to = Math.min(e, b);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** working_days are days' worth of working hours: one working day = the calendar's hours of one day. */
function clockOf(amount: TimeAmount, cal: WorkingCalendar): Clock {
  switch (amount.unit) {
    case 'minutes':
      return { mode: 'wall', ms: amount.minutes * MINUTE };
    case 'working_hours':
      return { mode: 'working', ms: amount.hours * 60 * MINUTE };
    case 'working_days':
      return { mode: 'working', ms: amount.hours * workingDayMs(cal) };
  }
}

/** `start` plus an amount of time counted on the calendar (minutes count around the clock). */
export function addWorkingTime(start: Date, amount: TimeAmount, cal: WorkingCalendar = DEFAULT_CALENDAR): Date {
  return new Date(advance(start.getTime(), clockOf(amount, cal), cal));
}

/** Working time between two instants in ms; negative when `b` is before `a`. */
export function workingMsBetween(a: Date, b: Date, cal: WorkingCalendar = DEFAULT_CALENDAR): number {
  const x = a.getTime();
  const y = b.getTime();
  return y >= x ? workingMsIn(x, y, cal) : -workingMsIn(y, x, cal);
}

/** Sorted, merged copies of intervals (overlapping suspensions count once). */
function mergeIntervals(intervals: readonly Interval[]): Array<[number, number]> {
  const sorted = intervals
    .map((i): [number, number] => [i.from.getTime(), i.to.getTime()])
    .filter(([a, b]) => b > a)
    .sort((p, q) => p[0] - q[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * When a limit that started at `openedAt` runs out, with the clock stopped during
 * `pausedIntervals` (suspensions; pass an open one with `to: now`). Only paused time that would
 * have counted (working time, or any time for minute limits) after `openedAt` extends it.
 */
export function deadline(
  openedAt: Date,
  limit: TimeAmount,
  pausedIntervals: readonly Interval[] = [],
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): Date {
  const pauses = mergeIntervals(pausedIntervals);
  return new Date(advance(openedAt.getTime(), clockOf(limit, cal), cal, pauses));
}
