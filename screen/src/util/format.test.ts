import { describe, expect, it } from 'vitest';
import { calendarDate, clockTime, shortTime, weekdayName } from './format.js';

describe('times in the city’s zone, whatever the browser’s', () => {
  // 2026-12-03 23:30 UTC is 2026-12-04 07:30 in Shenzhen (UTC+8).
  const t = Date.parse('2026-12-03T23:30:05Z');

  it('formats clock, date and weekday in UTC+8', () => {
    expect(clockTime(t)).toBe('07:30:05');
    expect(calendarDate(t)).toBe('2026-12-04');
    expect(weekdayName(t, 'en')).toBe('Friday');
    expect(weekdayName(t, 'zh-CN')).toBe('星期五');
  });

  it('shows the time alone on the same local day, else the date too', () => {
    const sameLocalDay = Date.parse('2026-12-04T15:00:00+08:00');
    expect(shortTime('2026-12-03T23:30:05Z', sameLocalDay)).toBe('07:30:05');
    // the same UTC day, but the day before in Shenzhen
    expect(shortTime('2026-12-03T15:59:00Z', sameLocalDay)).toBe('12-03 23:59');
    expect(shortTime('not a time', sameLocalDay)).toBe('');
  });
});
