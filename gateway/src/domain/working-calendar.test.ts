import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR,
  addWorkingTime,
  deadline,
  isWorkingDay,
  localDate,
  validateCalendar,
  workingDayMs,
  workingMsBetween,
  type WorkingCalendar,
} from './working-calendar.js';

// Week of Monday 2026-11-30 (Shanghai time). Default hours 09–12 and 14–18: 7 h a day.
const t = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();
const H = 3_600_000;

// Tuesday 2026-12-01 a holiday, Saturday 2026-12-05 a make-up working day (调休).
const CAL: WorkingCalendar = { ...DEFAULT_CALENDAR, holidays: ['2026-12-01'], workdays: ['2026-12-05'] };

describe('the calendar as data', () => {
  it('defaults to Mon–Fri, 09–12 and 14–18 at UTC+8', () => {
    expect(workingDayMs(DEFAULT_CALENDAR)).toBe(7 * H);
    expect(isWorkingDay('2026-11-30', DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-12-05', DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-12-01', CAL)).toBe(false);
    expect(isWorkingDay('2026-12-05', CAL)).toBe(true);
    expect(isWorkingDay('2026-12-06', CAL)).toBe(false);
  });

  it('takes the local date at UTC+8', () => {
    expect(localDate(new Date('2026-11-30T16:30:00Z'), DEFAULT_CALENDAR)).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T15:59:59Z'), DEFAULT_CALENDAR)).toBe('2026-11-30');
  });

  it('refuses hours it cannot count with', () => {
    expect(() => validateCalendar({ ...DEFAULT_CALENDAR, hours: [{ from: '18:00', to: '09:00' }] })).toThrow();
    expect(() => validateCalendar({ ...DEFAULT_CALENDAR, hours: [{ from: '9:00', to: '12:00' }] })).toThrow();
    expect(() =>
      validateCalendar({
        ...DEFAULT_CALENDAR,
        hours: [
          { from: '09:00', to: '12:00' },
          { from: '11:00', to: '13:00' },
        ],
      }),
    ).toThrow();
    expect(() => validateCalendar({ ...DEFAULT_CALENDAR, weekdays: [7] })).toThrow(/weekday/);
    expect(() => validateCalendar({ ...DEFAULT_CALENDAR, holidays: ['2026-1-1'] })).toThrow(/YYYY-MM-DD/);
    expect(validateCalendar(CAL)).toBe(CAL);
  });

  it('fails instead of looping on a calendar without working days', () => {
    const never = { ...DEFAULT_CALENDAR, weekdays: [] };
    expect(() => addWorkingTime(t('2026-11-30T10:00:00'), { hours: 1, unit: 'working_hours' }, never)).toThrow(
      /no working time/,
    );
  });
});

describe('addWorkingTime', () => {
  const hours = (n: number) => ({ hours: n, unit: 'working_hours' as const });

  it('within a morning', () => {
    expect(iso(addWorkingTime(t('2026-11-30T10:00:00'), hours(1)))).toBe(iso(t('2026-11-30T11:00:00')));
  });
  it('ends at the end of a period rather than the start of the next', () => {
    expect(iso(addWorkingTime(t('2026-11-30T09:00:00'), hours(3)))).toBe(iso(t('2026-11-30T12:00:00')));
  });
  it('across the lunch break', () => {
    expect(iso(addWorkingTime(t('2026-11-30T11:00:00'), hours(2)))).toBe(iso(t('2026-11-30T15:00:00')));
  });
  it('across a night', () => {
    expect(iso(addWorkingTime(t('2026-11-30T17:00:00'), hours(2)))).toBe(iso(t('2026-12-01T10:00:00')));
  });
  it('from outside working hours', () => {
    expect(iso(addWorkingTime(t('2026-11-30T20:00:00'), hours(1)))).toBe(iso(t('2026-12-01T10:00:00')));
    expect(iso(addWorkingTime(t('2026-11-30T12:30:00'), hours(1)))).toBe(iso(t('2026-11-30T15:00:00')));
  });
  it('across a weekend', () => {
    expect(iso(addWorkingTime(t('2026-12-04T17:00:00'), hours(2)))).toBe(iso(t('2026-12-07T10:00:00')));
    expect(iso(addWorkingTime(t('2026-12-05T10:00:00'), hours(1)))).toBe(iso(t('2026-12-07T10:00:00')));
  });
  it('across a holiday', () => {
    // Monday 17:00 + 2 h: Monday 17–18, Tuesday is a holiday, Wednesday 09–10.
    expect(iso(addWorkingTime(t('2026-11-30T17:00:00'), hours(2), CAL))).toBe(iso(t('2026-12-02T10:00:00')));
  });
  it('onto a make-up Saturday', () => {
    expect(iso(addWorkingTime(t('2026-12-04T17:00:00'), hours(2), CAL))).toBe(iso(t('2026-12-05T10:00:00')));
  });
  it('counts working days as days of working hours', () => {
    const days = (n: number) => ({ hours: n, unit: 'working_days' as const });
    // Friday 15:00 + 1 working day (7 h): Friday 15–18 (3 h), Monday 09–12, 14–15 (4 h).
    expect(iso(addWorkingTime(t('2026-12-04T15:00:00'), days(1)))).toBe(iso(t('2026-12-07T15:00:00')));
    // 15 working days from Monday 09:00: three whole weeks, to Friday 18 Dec 18:00.
    expect(iso(addWorkingTime(t('2026-11-30T09:00:00'), days(15)))).toBe(iso(t('2026-12-18T18:00:00')));
    // With the holiday and the make-up day the count is the same: one day off, one day on.
    expect(iso(addWorkingTime(t('2026-11-30T09:00:00'), days(15), CAL))).toBe(iso(t('2026-12-18T18:00:00')));
    // 2 working days from Monday 09:00 skip the Tuesday holiday.
    expect(iso(addWorkingTime(t('2026-11-30T09:00:00'), days(2), CAL))).toBe(iso(t('2026-12-02T18:00:00')));
  });
  it('counts minutes around the clock', () => {
    expect(iso(addWorkingTime(t('2026-12-04T23:50:00'), { minutes: 30, unit: 'minutes' }))).toBe(
      iso(t('2026-12-05T00:20:00')),
    );
  });
  it('adds nothing for a zero amount', () => {
    expect(iso(addWorkingTime(t('2026-12-05T03:00:00'), hours(0)))).toBe(iso(t('2026-12-05T03:00:00')));
  });
});

describe('workingMsBetween', () => {
  it('counts only working hours', () => {
    expect(workingMsBetween(t('2026-11-30T08:00:00'), t('2026-11-30T20:00:00'))).toBe(7 * H);
    expect(workingMsBetween(t('2026-11-30T11:30:00'), t('2026-11-30T14:30:00'))).toBe(1 * H);
    expect(workingMsBetween(t('2026-12-04T17:00:00'), t('2026-12-07T10:00:00'))).toBe(2 * H);
    expect(workingMsBetween(t('2026-11-30T17:00:00'), t('2026-12-02T10:00:00'), CAL)).toBe(2 * H);
    expect(workingMsBetween(t('2026-12-04T17:00:00'), t('2026-12-05T10:00:00'), CAL)).toBe(2 * H);
  });
  it('is negative backwards and agrees with addWorkingTime', () => {
    expect(workingMsBetween(t('2026-12-07T10:00:00'), t('2026-12-04T17:00:00'))).toBe(-2 * H);
    const start = t('2026-11-30T10:17:00');
    const end = addWorkingTime(start, { hours: 23, unit: 'working_hours' }, CAL);
    expect(workingMsBetween(start, end, CAL)).toBe(23 * H);
  });
});

describe('deadline with suspensions', () => {
  const fiveHours = { hours: 5, unit: 'working_hours' as const };
  const opened = t('2026-11-30T10:00:00');

  it('is the plain limit without pauses', () => {
    expect(iso(deadline(opened, fiveHours, [], DEFAULT_CALENDAR))).toBe(iso(t('2026-11-30T17:00:00')));
  });
  it('moves by the paused working time', () => {
    // Paused 11:00–15:00 holds 2 working hours (11–12, 14–15): Monday 10–11 and 15–18, Tuesday 09–10.
    const paused = [{ from: t('2026-11-30T11:00:00'), to: t('2026-11-30T15:00:00') }];
    expect(iso(deadline(opened, fiveHours, paused))).toBe(iso(t('2026-12-01T10:00:00')));
    // On the holiday calendar Tuesday is off: Wednesday 10:00.
    expect(iso(deadline(opened, fiveHours, paused, CAL))).toBe(iso(t('2026-12-02T10:00:00')));
  });
  it('does not move for a pause outside working hours or before the start', () => {
    const night = [{ from: t('2026-11-30T18:00:00'), to: t('2026-12-01T09:00:00') }];
    expect(iso(deadline(t('2026-11-30T16:00:00'), fiveHours, night))).toBe(iso(t('2026-12-01T12:00:00')));
    const before = [{ from: t('2026-11-30T08:00:00'), to: t('2026-11-30T10:00:00') }];
    expect(iso(deadline(opened, fiveHours, before))).toBe(iso(t('2026-11-30T17:00:00')));
  });
  it('counts overlapping pauses once and a pause across the weekend by its working hours', () => {
    const paused = [
      { from: t('2026-12-04T16:00:00'), to: t('2026-12-07T10:00:00') },
      { from: t('2026-12-04T17:00:00'), to: t('2026-12-04T18:00:00') },
    ];
    // Opened Friday 15:00, 5 h: Friday 15–16 (1 h), paused to Monday 10:00, then Monday 10–12, 14–16.
    expect(iso(deadline(t('2026-12-04T15:00:00'), fiveHours, paused))).toBe(iso(t('2026-12-07T16:00:00')));
  });
  it('a running suspension (to: now) holds the deadline past now', () => {
    const paused = [{ from: t('2026-11-30T11:00:00'), to: t('2026-12-03T11:00:00') }];
    // 1 h counted before the pause, 4 h after Thursday 11:00: 11–12, 14–17.
    expect(iso(deadline(opened, fiveHours, paused))).toBe(iso(t('2026-12-03T17:00:00')));
  });
  it('minute limits pause by wall time', () => {
    const paused = [{ from: t('2026-11-30T10:10:00'), to: t('2026-11-30T10:30:00') }];
    expect(iso(deadline(opened, { minutes: 30, unit: 'minutes' }, paused))).toBe(iso(t('2026-11-30T10:50:00')));
  });
});
