// The assessment KPIs of DOMAIN.md (监督考核) as data, and the reference computation over
// per-case facts. The DuckDB SQL version is checked against `computeKpis`; the definitions:
//
// A period is [from, to). Membership of a case in each count, given its facts:
// - reports:          reportedAt ∈ P and validity decided (valid !== null: accepted/filed/… or INVALID;
//                      cases still REPORTED/VERIFYING are not counted yet).
// - valid reports:    of those, valid === true.
// - filed:            filedAt ∈ P (first filing); on time: filedOnTime (filed by the filing+dispatch deadline).
// - dispatched:       dispatchedAt ∈ P (first dispatch); on time: dispatchedOnTime;
//                      correct: the case was never returned (回退) by a department.
// - due to handle:    handleDeadline ∈ P, or handledAt ∈ P (handled early counts where it was handled).
//   handled:          handledAt ∈ P; on time: handledOnTime; late: handled and not on time.
// - due to close:     closeDeadline ∈ P, or closedAt ∈ P (closed early counts where it was closed).
//   closed:           closedAt ∈ P; on time: closedOnTime; late: closed and not on time.
//   So a case closed late in P after a deadline in an earlier period is due in both periods
//   (unclosed in the first, closed late in P).
// - on-time closure (excluding suspended): as on-time closure, with every case that was ever
//   suspended left out of numerator and denominator (the variant one city publishes).
// - rework:           closedAt ∈ P, numerator: reworked (at least one failed check).
// A value is numerator / denominator, unrounded; null when the denominator is 0.

import { KPIS, type KpiId, type KpiValue } from '../../protocol/kpi.js';

export { KPIS, type KpiId, type KpiValue };

export interface CaseFacts {
  reportedAt: Date;
  /** true once accepted (or self-handled), false when INVALID, null while undecided */
  valid: boolean | null;
  /** first filing */
  filedAt: Date | null;
  filedOnTime: boolean | null;
  /** first dispatch */
  dispatchedAt: Date | null;
  dispatchedOnTime: boolean | null;
  /** a department sent it back as "not our duty" at least once */
  returned: boolean;
  /** the feedback of the latest dispatch round (null while that round is not handled) */
  handledAt: Date | null;
  /** the handling deadline of the latest dispatch round */
  handleDeadline: Date | null;
  handledOnTime: boolean | null;
  closedAt: Date | null;
  /** the case's closing deadline (from the first dispatch) */
  closeDeadline: Date | null;
  closedOnTime: boolean | null;
  /** suspended at least once */
  suspended: boolean;
  /** failed a check at least once */
  reworked: boolean;
}

export interface Period {
  from: Date;
  to: Date;
}


type Counter = (c: CaseFacts, inP: (t: Date | null) => boolean) => { num: boolean; den: boolean };

const dueToClose = (c: CaseFacts, inP: (t: Date | null) => boolean) => inP(c.closeDeadline) || inP(c.closedAt);
const dueToHandle = (c: CaseFacts, inP: (t: Date | null) => boolean) => inP(c.handleDeadline) || inP(c.handledAt);

const COUNTERS: Record<KpiId, Counter> = {
  closureRate: (c, inP) => ({ den: dueToClose(c, inP), num: inP(c.closedAt) }),
  onTimeClosureRate: (c, inP) => ({ den: dueToClose(c, inP), num: inP(c.closedAt) && c.closedOnTime === true }),
  onTimeClosureRateExSuspended: (c, inP) => ({
    den: !c.suspended && dueToClose(c, inP),
    num: !c.suspended && inP(c.closedAt) && c.closedOnTime === true,
  }),
  overdueClosureRate: (c, inP) => ({ den: dueToClose(c, inP), num: inP(c.closedAt) && c.closedOnTime !== true }),
  handlingRate: (c, inP) => ({ den: dueToHandle(c, inP), num: inP(c.handledAt) }),
  onTimeHandlingRate: (c, inP) => ({ den: dueToHandle(c, inP), num: inP(c.handledAt) && c.handledOnTime === true }),
  accurateDispatchRate: (c, inP) => ({ den: inP(c.dispatchedAt), num: inP(c.dispatchedAt) && !c.returned }),
  onTimeDispatchRate: (c, inP) => ({
    den: inP(c.dispatchedAt),
    num: inP(c.dispatchedAt) && c.dispatchedOnTime === true,
  }),
  onTimeFilingRate: (c, inP) => ({ den: inP(c.filedAt), num: inP(c.filedAt) && c.filedOnTime === true }),
  validReportRate: (c, inP) => ({
    den: inP(c.reportedAt) && c.valid !== null,
    num: inP(c.reportedAt) && c.valid === true,
  }),
  reworkRate: (c, inP) => ({ den: inP(c.closedAt), num: inP(c.closedAt) && c.reworked }),
};

/** All eleven KPIs over the cases for a period [from, to); without a period, all time. */
export function computeKpis(cases: readonly CaseFacts[], period?: Period): Record<KpiId, KpiValue> {
  const from = period ? period.from.getTime() : -Infinity;
  const to = period ? period.to.getTime() : Infinity;
  const inP = (t: Date | null) => t !== null && t.getTime() >= from && t.getTime() < to;
  const result = {} as Record<KpiId, KpiValue>;
  for (const { id } of KPIS) {
    let numerator = 0;
    let denominator = 0;
    for (const c of cases) {
      const { num, den } = COUNTERS[id](c, inP);
      if (den) denominator++;
      if (num && den) numerator++;
    }
    result[id] = { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
  }
  return result;
}
