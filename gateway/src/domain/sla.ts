// The clocks that judge a case: deadlines per workflow step from the category table row, overdue
// at a given instant, and the escalation an overdue case is due. Pure: the caller passes `now`.
//
// Steps and their clocks:
// - dispatch (filing + dispatch): `dispatchMinutes[urgency]` plain minutes around the clock from
//   the report; after a return (回退) from the return.
// - handle: `limits[urgency]` on the working calendar from the latest dispatch (a re-dispatch after
//   a return or a failed check gives the assignee a fresh clock).
// - close: `limits[urgency]` from the first dispatch (rework does not reset the case's clock);
//   HANDLED and CHECKING are judged against it.
// Every suspension stops every clock (only time the clock would have counted is added back).
import { ancestorAt, levelOf } from '../../protocol/scope.js';
import type { Urgency } from '../../protocol/events.js';
import type { Category } from '../../../datasets/load.js';
import type { CaseFacts } from './kpi.js';
import { isOpenStatus, type CaseState } from './workflow.js';
import { DEFAULT_CALENDAR, deadline, type Interval, type WorkingCalendar } from './working-calendar.js';

/** The part of a category table row the clocks need. */
export type SlaRule = Pick<Category, 'limits' | 'dispatchMinutes'>;

export type SlaStep = 'dispatch' | 'handle' | 'close';

export interface CaseDeadlines {
  /** filing + dispatch of the first dispatch, from the report */
  dispatch: Date;
  /** handling of the latest dispatch round; null before the first dispatch */
  handle: Date | null;
  /** closing; null for a case never dispatched (self-handled, invalid, rejected, not yet dispatched) */
  close: Date | null;
}

/** The case's suspensions as intervals, the current one running up to `now`. */
export function pausesOf(c: CaseState, now: Date): Interval[] {
  const pauses = c.pausedIntervals.map((p) => ({ from: new Date(p.from), to: new Date(p.to) }));
  if (c.suspendedSince !== null) pauses.push({ from: new Date(c.suspendedSince), to: now });
  return pauses;
}

function dateOrNull(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}

export function caseDeadlines(
  c: CaseState,
  rule: SlaRule,
  urgency: Urgency,
  now: Date,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): CaseDeadlines {
  const pauses = pausesOf(c, now);
  const limit = rule.limits[urgency];
  const first = dateOrNull(c.firstDispatchedAt);
  const latest = dateOrNull(c.dispatchedAt);
  return {
    dispatch: deadline(new Date(c.openedAt), { minutes: rule.dispatchMinutes[urgency], unit: 'minutes' }, pauses, cal),
    handle: latest && deadline(latest, limit, pauses, cal),
    close: first && deadline(first, limit, pauses, cal),
  };
}

/** The step the case is in now and its deadline; null for a case that is no longer open. */
export function currentDeadline(
  c: CaseState,
  rule: SlaRule,
  urgency: Urgency,
  now: Date,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): { step: SlaStep; at: Date } | null {
  if (!isOpenStatus(c.status)) return null;
  const pauses = pausesOf(c, now);
  switch (c.status) {
    case 'DISPATCHED':
    case 'PROCESSING': {
      const d = caseDeadlines(c, rule, urgency, now, cal);
      return d.handle && { step: 'handle', at: d.handle };
    }
    case 'HANDLED':
    case 'CHECKING': {
      const d = caseDeadlines(c, rule, urgency, now, cal);
      return d.close && { step: 'close', at: d.close };
    }
    default: {
      // REPORTED … FILED: waiting to be filed and dispatched; a returned case waits for re-dispatch.
      const from = new Date(c.returnedAt ?? c.openedAt);
      const at = deadline(from, { minutes: rule.dispatchMinutes[urgency], unit: 'minutes' }, pauses, cal);
      return { step: 'dispatch', at };
    }
  }
}

/** True when the case is open and past the deadline of its current step at `now`. */
export function isOverdue(
  c: CaseState,
  rule: SlaRule,
  urgency: Urgency,
  now: Date,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): boolean {
  return slaView(c, rule, urgency, now, cal).overdue;
}

/** `deadline` and `overdue` of an EventView (API.md). */
export function slaView(
  c: CaseState,
  rule: SlaRule,
  urgency: Urgency,
  now: Date,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): { deadline: string | null; overdue: boolean } {
  const d = currentDeadline(c, rule, urgency, now, cal);
  return { deadline: d && d.at.toISOString(), overdue: d !== null && now.getTime() > d.at.getTime() };
}

/**
 * The scope of the command center above the one that owns a case in `areaCode`: street (and the
 * communities and grids below it) → its district; district → its city; the city has none above.
 */
export function escalationScope(areaCode: string): string | null {
  switch (levelOf(areaCode)) {
    case 'grid':
    case 'community':
    case 'street':
      return ancestorAt(areaCode, 'district');
    case 'district':
      return ancestorAt(areaCode, 'city');
    default:
      return null;
  }
}

export interface EscalationDue {
  /** the tier above, whose screens should see the case */
  scope: string;
  step: SlaStep;
  deadline: Date;
}

/** The escalation an open, overdue, not yet escalated case is due at `now`, or null. */
export function escalationDue(
  c: CaseState,
  areaCode: string,
  rule: SlaRule,
  urgency: Urgency,
  now: Date,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): EscalationDue | null {
  if (c.escalated) return null;
  const d = currentDeadline(c, rule, urgency, now, cal);
  if (d === null || now.getTime() <= d.at.getTime()) return null;
  const scope = escalationScope(areaCode);
  return scope === null ? null : { scope, step: d.step, deadline: d.at };
}

/** The KPI facts of one case (kpi.ts), judged on its deadlines; `now` closes a running suspension. */
export function caseFacts(
  c: CaseState,
  rule: SlaRule,
  urgency: Urgency,
  now: Date,
  cal: WorkingCalendar = DEFAULT_CALENDAR,
): CaseFacts {
  const d = caseDeadlines(c, rule, urgency, now, cal);
  const filedAt = dateOrNull(c.filedAt);
  const dispatchedAt = dateOrNull(c.firstDispatchedAt);
  const latestDispatch = dateOrNull(c.dispatchedAt);
  const lastFeedback = dateOrNull(c.handledAt);
  // Only the feedback of the latest round counts: a case back in rework is not handled.
  const handledAt = lastFeedback && latestDispatch && lastFeedback >= latestDispatch ? lastFeedback : null;
  const closedAt = dateOrNull(c.closedAt);
  const onTime = (t: Date | null, by: Date | null) => (t === null ? null : by === null || t <= by);
  const valid =
    c.status === 'INVALID' ? false : c.status === 'REPORTED' || c.status === 'VERIFYING' ? null : true;
  return {
    reportedAt: new Date(c.openedAt),
    valid,
    filedAt,
    filedOnTime: onTime(filedAt, d.dispatch),
    dispatchedAt,
    dispatchedOnTime: onTime(dispatchedAt, d.dispatch),
    returned: c.returnCount > 0,
    handledAt,
    handleDeadline: d.handle,
    handledOnTime: onTime(handledAt, d.handle),
    closedAt,
    closeDeadline: d.close,
    closedOnTime: onTime(closedAt, d.close),
    suspended: c.suspended || c.pausedIntervals.length > 0,
    reworked: c.reworkCount > 0,
  };
}

/** A class's SLA rule with the department that owns it. */
export type ClassRule = SlaRule & { department: string };

/** The strictest common limits, for a class the city's table does not list. */
const FALLBACK_RULE: ClassRule = {
  limits: { normal: { hours: 1, unit: 'working_days' }, urgent: { hours: 4, unit: 'working_hours' } },
  dispatchMinutes: { normal: 30, urgent: 10 },
  department: '',
};

/** The SLA rules of the city's event classes (components are not cases). */
export class SlaRules {
  private readonly rules = new Map<string, ClassRule>();

  constructor(categories: readonly Category[]) {
    for (const c of categories) if (c.kind === 'event') this.rules.set(c.code, c);
  }

  ruleOf(category: string): ClassRule {
    return this.rules.get(category) ?? FALLBACK_RULE;
  }

  /**
   * A new case's first deadline: filing + dispatch in plain minutes from the report (what
   * `currentDeadline` gives a case that has just been reported), without building the case.
   */
  firstDeadline(category: string, urgency: Urgency, occurredMs: number): number {
    return occurredMs + this.ruleOf(category).dispatchMinutes[urgency] * 60_000;
  }
}
