import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Category } from '../../../datasets/load.js';
import {
  caseDeadlines,
  caseFacts,
  currentDeadline,
  escalationDue,
  escalationScope,
  isOverdue,
  slaView,
  type SlaRule,
} from './sla.js';
import { ACTIONS, newCase, transition, type ActionName, type Actor, type CaseState, type TransitionInput } from './workflow.js';
import { DEFAULT_CALENDAR, type WorkingCalendar } from './working-calendar.js';

const t = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// Rows of datasets/shenzhen/categories.json: 0102 exposed garbage, 0104 dirty road.
const categories = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../datasets/shenzhen/categories.json'), 'utf8'),
) as Category[];
const rule = (code: string): SlaRule => {
  const row = categories.find((c) => c.kind === 'event' && c.code === code);
  if (!row) throw new Error(`no category ${code}`);
  return row;
};
const GARBAGE = rule('0102'); // normal 1 working day, urgent 2 working hours; dispatch 30 / 10 min
const DIRTY_ROAD = rule('0104'); // normal 5 working hours

// Tuesday 2026-12-01 a holiday, Saturday 2026-12-05 a make-up working day.
const CAL: WorkingCalendar = { ...DEFAULT_CALENDAR, holidays: ['2026-12-01'], workdays: ['2026-12-05'] };

const DUTY: Actor = { kind: 'duty', id: 'duty-440303' };
const DEPT: Actor = { kind: 'source', role: 'department', id: 'HW' };
const INSPECTOR: Actor = { kind: 'source', role: 'inspector', id: 'insp' };

/** A case driven through the workflow, each step at a local time. */
function drive(openedAt: string, steps: Array<[ActionName, string, TransitionInput?]>): CaseState {
  let c = newCase(t(openedAt));
  for (const [action, at, input] of steps) {
    const by: readonly string[] = ACTIONS[action].by;
    const actor = by.includes('duty') ? DUTY : by.includes('department') ? DEPT : INSPECTOR;
    const r = transition(c, action, actor, input ?? (action === 'dispatch' ? { assignee: 'HW' } : undefined), t(at));
    if (!r.ok) throw new Error(r.message);
    c = r.next;
  }
  return c;
}

const dispatchedAt = (at: string, opened = at) =>
  drive(opened, [
    ['accept', opened],
    ['file', opened],
    ['dispatch', at],
  ]);

describe('the filing + dispatch clock (plain minutes)', () => {
  it('runs through the night', () => {
    const c = newCase(t('2026-12-04T23:50:00'));
    expect(iso(currentDeadline(c, GARBAGE, 'normal', t('2026-12-05T00:00:00'))?.at)).toBe(iso(t('2026-12-05T00:20:00')));
    expect(iso(currentDeadline(c, GARBAGE, 'urgent', t('2026-12-05T00:00:00'))?.at)).toBe(iso(t('2026-12-05T00:00:00')));
    expect(isOverdue(c, GARBAGE, 'normal', t('2026-12-05T00:20:00'))).toBe(false);
    expect(isOverdue(c, GARBAGE, 'normal', t('2026-12-05T00:21:00'))).toBe(true);
  });

  it('restarts when a department returns the case', () => {
    const c = drive('2026-11-30T09:00:00', [
      ['accept', '2026-11-30T09:01:00'],
      ['file', '2026-11-30T09:02:00'],
      ['dispatch', '2026-11-30T09:05:00', { assignee: 'CG' }],
      ['return', '2026-11-30T11:00:00'],
    ]);
    expect(currentDeadline(c, GARBAGE, 'normal', t('2026-11-30T11:10:00'))).toEqual({
      step: 'dispatch',
      at: t('2026-11-30T11:30:00'),
    });
  });
});

describe('the handling clock (working calendar)', () => {
  it('stops for the night', () => {
    // Dispatched Monday 16:00, 5 working hours: Monday 16–18, Tuesday 09–12.
    const c = dispatchedAt('2026-11-30T16:00:00');
    expect(currentDeadline(c, DIRTY_ROAD, 'normal', t('2026-11-30T20:00:00'))).toEqual({
      step: 'handle',
      at: t('2026-12-01T12:00:00'),
    });
    expect(isOverdue(c, DIRTY_ROAD, 'normal', t('2026-12-01T08:00:00'))).toBe(false);
    expect(isOverdue(c, DIRTY_ROAD, 'normal', t('2026-12-01T12:01:00'))).toBe(true);
    expect(slaView(c, DIRTY_ROAD, 'normal', t('2026-12-01T12:01:00'))).toEqual({
      deadline: '2026-12-01T04:00:00.000Z',
      overdue: true,
    });
  });

  it('stops for the weekend', () => {
    // Friday 16:00 + 5 working hours: Friday 16–18, Monday 09–12.
    const c = dispatchedAt('2026-12-04T16:00:00');
    expect(iso(currentDeadline(c, DIRTY_ROAD, 'normal', t('2026-12-05T12:00:00'))?.at)).toBe(iso(t('2026-12-07T12:00:00')));
    expect(isOverdue(c, DIRTY_ROAD, 'normal', t('2026-12-06T23:00:00'))).toBe(false);
    expect(isOverdue(c, DIRTY_ROAD, 'normal', t('2026-12-07T12:00:01'))).toBe(true);
  });

  it('skips a holiday', () => {
    // Monday 17:00 + 1 working day (7 h): Monday 17–18, Tuesday off, Wednesday 09–12 and 14–17.
    const c = dispatchedAt('2026-11-30T17:00:00');
    expect(iso(currentDeadline(c, GARBAGE, 'normal', t('2026-11-30T17:00:00'), CAL)?.at)).toBe(
      iso(t('2026-12-02T17:00:00')),
    );
    expect(isOverdue(c, GARBAGE, 'normal', t('2026-12-01T17:00:00'), CAL)).toBe(false);
  });

  it('counts a make-up Saturday', () => {
    // Friday 17:00 + 5 working hours: Friday 17–18, Saturday 09–12 and 14–15.
    const c = dispatchedAt('2026-12-04T17:00:00');
    expect(iso(currentDeadline(c, DIRTY_ROAD, 'normal', t('2026-12-05T10:00:00'), CAL)?.at)).toBe(
      iso(t('2026-12-05T15:00:00')),
    );
    expect(isOverdue(c, DIRTY_ROAD, 'normal', t('2026-12-05T15:30:00'), CAL)).toBe(true);
    expect(isOverdue(c, DIRTY_ROAD, 'normal', t('2026-12-05T15:30:00'), DEFAULT_CALENDAR)).toBe(false);
  });

  it('is extended by a suspension, and held while one runs', () => {
    const running = drive('2026-11-30T10:00:00', [
      ['accept', '2026-11-30T10:00:00'],
      ['file', '2026-11-30T10:00:00'],
      ['dispatch', '2026-11-30T10:00:00'],
      ['start', '2026-11-30T10:30:00'],
      ['suspend', '2026-11-30T11:00:00'],
    ]);
    // Suspended since 11:00 and still at 16:00: 3 working hours paused (11–12, 14–16), so
    // 1 h before, then 16–18 and Tuesday 09–11.
    expect(iso(currentDeadline(running, DIRTY_ROAD, 'normal', t('2026-11-30T16:00:00'))?.at)).toBe(
      iso(t('2026-12-01T11:00:00')),
    );
    // Days later, still suspended: never overdue while suspended.
    expect(isOverdue(running, DIRTY_ROAD, 'normal', t('2026-12-03T16:00:00'))).toBe(false);

    const resumed = transition(running, 'resume', DUTY, undefined, t('2026-11-30T15:00:00'));
    if (!resumed.ok) throw new Error(resumed.message);
    // Paused 11–15 = 2 working hours: Monday 10–11, 15–18, Tuesday 09–10.
    expect(iso(currentDeadline(resumed.next, DIRTY_ROAD, 'normal', t('2026-11-30T16:00:00'))?.at)).toBe(
      iso(t('2026-12-01T10:00:00')),
    );
    expect(isOverdue(resumed.next, DIRTY_ROAD, 'normal', t('2026-12-01T10:00:01'))).toBe(true);
  });

  it('gives rework a fresh handling clock but keeps the closing clock of the first dispatch', () => {
    const c = drive('2026-11-30T09:00:00', [
      ['accept', '2026-11-30T09:00:00'],
      ['file', '2026-11-30T09:00:00'],
      ['dispatch', '2026-11-30T09:00:00'],
      ['start', '2026-11-30T09:30:00'],
      ['feedback', '2026-11-30T11:00:00'],
      ['check', '2026-11-30T11:10:00'],
      ['fail', '2026-11-30T11:20:00'],
    ]);
    const d = caseDeadlines(c, DIRTY_ROAD, 'normal', t('2026-11-30T11:30:00'));
    expect(iso(d.dispatch)).toBe(iso(t('2026-11-30T09:30:00')));
    // 11:20 + 5 h: 11:20–12, 14–18, Tuesday 09–09:20.
    expect(iso(d.handle)).toBe(iso(t('2026-12-01T09:20:00')));
    // 09:00 + 5 h: 09–12, 14–16.
    expect(iso(d.close)).toBe(iso(t('2026-11-30T16:00:00')));
  });

  it('has no deadline once the case is closed', () => {
    const c = drive('2026-11-30T09:00:00', [['self-handle', '2026-11-30T09:05:00']]);
    expect(currentDeadline(c, GARBAGE, 'normal', t('2026-12-30T09:00:00'))).toBeNull();
    expect(isOverdue(c, GARBAGE, 'normal', t('2026-12-30T09:00:00'))).toBe(false);
  });
});

describe('escalation', () => {
  it('goes to the tier above', () => {
    expect(escalationScope('440303001')).toBe('440303');
    expect(escalationScope('440303001002')).toBe('440303');
    expect(escalationScope('44030300100201')).toBe('440303');
    expect(escalationScope('440303001002001')).toBe('440303');
    expect(escalationScope('440303')).toBe('4403');
    expect(escalationScope('4403')).toBeNull();
    expect(escalationScope('44x303')).toBeNull();
  });

  it('is due for an overdue open case not yet escalated', () => {
    const c = dispatchedAt('2026-11-30T16:00:00');
    const late = t('2026-12-01T13:00:00');
    expect(escalationDue(c, '440303001', DIRTY_ROAD, 'normal', t('2026-12-01T11:00:00'))).toBeNull();
    expect(escalationDue(c, '440303001', DIRTY_ROAD, 'normal', late)).toEqual({
      scope: '440303',
      step: 'handle',
      deadline: t('2026-12-01T12:00:00'),
    });
    expect(escalationDue(c, '440303', DIRTY_ROAD, 'normal', late)?.scope).toBe('4403');
    expect(escalationDue(c, '4403', DIRTY_ROAD, 'normal', late)).toBeNull();
    const escalated = transition(c, 'escalate', { kind: 'system', id: 'gateway' }, undefined, late);
    if (!escalated.ok) throw new Error(escalated.message);
    expect(escalationDue(escalated.next, '440303001', DIRTY_ROAD, 'normal', late)).toBeNull();
  });
});

describe('caseFacts', () => {
  it('judges each step on its deadline', () => {
    // Reported Monday 09:00; filed at 09:20 (on time), dispatched 09:40 (late: 30 min limit),
    // handled 15:00 (5 h from 09:40 is 16:40: on time), closed Tuesday 10:00 (late).
    const c = drive('2026-11-30T09:00:00', [
      ['accept', '2026-11-30T09:10:00'],
      ['file', '2026-11-30T09:20:00'],
      ['dispatch', '2026-11-30T09:40:00'],
      ['start', '2026-11-30T10:00:00'],
      ['feedback', '2026-11-30T15:00:00'],
      ['check', '2026-11-30T15:30:00'],
      ['pass', '2026-12-01T10:00:00'],
    ]);
    expect(caseFacts(c, DIRTY_ROAD, 'normal', t('2026-12-02T00:00:00'))).toEqual({
      reportedAt: t('2026-11-30T09:00:00'),
      valid: true,
      filedAt: t('2026-11-30T09:20:00'),
      filedOnTime: true,
      dispatchedAt: t('2026-11-30T09:40:00'),
      dispatchedOnTime: false,
      returned: false,
      handledAt: t('2026-11-30T15:00:00'),
      handleDeadline: t('2026-11-30T16:40:00'),
      handledOnTime: true,
      closedAt: t('2026-12-01T10:00:00'),
      closeDeadline: t('2026-11-30T16:40:00'),
      closedOnTime: false,
      suspended: false,
      reworked: false,
    });
  });

  it('a case back in rework is not handled; an invalid report is not valid', () => {
    const c = drive('2026-11-30T09:00:00', [
      ['accept', '2026-11-30T09:00:00'],
      ['file', '2026-11-30T09:00:00'],
      ['dispatch', '2026-11-30T09:00:00'],
      ['start', '2026-11-30T09:30:00'],
      ['feedback', '2026-11-30T11:00:00'],
      ['check', '2026-11-30T11:10:00'],
      ['fail', '2026-11-30T11:20:00'],
    ]);
    expect(caseFacts(c, DIRTY_ROAD, 'normal', t('2026-11-30T12:00:00'))).toMatchObject({
      handledAt: null,
      handledOnTime: null,
      reworked: true,
      closedAt: null,
    });
    const invalid = drive('2026-11-30T09:00:00', [['invalidate', '2026-11-30T09:05:00']]);
    expect(caseFacts(invalid, DIRTY_ROAD, 'normal', t('2026-11-30T12:00:00')).valid).toBe(false);
    expect(caseFacts(newCase(t('2026-11-30T09:00:00')), DIRTY_ROAD, 'normal', t('2026-11-30T12:00:00')).valid).toBeNull();
  });
});
