import { describe, expect, it } from 'vitest';
import { KPIS, computeKpis, type CaseFacts } from './kpi.js';

const t = (local: string) => new Date(`${local}T12:00:00+08:00`);
const DECEMBER = { from: new Date('2026-12-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') };

function facts(over: Partial<CaseFacts> & { reportedAt: Date }): CaseFacts {
  return {
    valid: true,
    filedAt: null,
    filedOnTime: null,
    dispatchedAt: null,
    dispatchedOnTime: null,
    returned: false,
    handledAt: null,
    handleDeadline: null,
    handledOnTime: null,
    closedAt: null,
    closeDeadline: null,
    closedOnTime: null,
    suspended: false,
    reworked: false,
    ...over,
  };
}

// Ten cases around December 2026; the expected figures below were counted by hand.
const CASES: Record<string, CaseFacts> = {
  // all on time, inside December
  A: facts({
    reportedAt: t('2026-12-02'),
    filedAt: t('2026-12-02'),
    filedOnTime: true,
    dispatchedAt: t('2026-12-02'),
    dispatchedOnTime: true,
    handledAt: t('2026-12-03'),
    handleDeadline: t('2026-12-04'),
    handledOnTime: true,
    closedAt: t('2026-12-04'),
    closeDeadline: t('2026-12-05'),
    closedOnTime: true,
  }),
  // everything late, returned once, reworked
  B: facts({
    reportedAt: t('2026-12-05'),
    filedAt: t('2026-12-05'),
    filedOnTime: false,
    dispatchedAt: t('2026-12-05'),
    dispatchedOnTime: false,
    returned: true,
    handledAt: t('2026-12-10'),
    handleDeadline: t('2026-12-08'),
    handledOnTime: false,
    closedAt: t('2026-12-12'),
    closeDeadline: t('2026-12-09'),
    closedOnTime: false,
    reworked: true,
  }),
  // handled, not closed, closing deadline in January; suspended once
  C: facts({
    reportedAt: t('2026-12-10'),
    filedAt: t('2026-12-10'),
    filedOnTime: true,
    dispatchedAt: t('2026-12-10'),
    dispatchedOnTime: true,
    handledAt: t('2026-12-11'),
    handleDeadline: t('2026-12-12'),
    handledOnTime: true,
    closeDeadline: t('2027-01-05'),
    suspended: true,
  }),
  // invalid report
  D: facts({ reportedAt: t('2026-12-20'), valid: false }),
  // undecided report
  E: facts({ reportedAt: t('2026-12-28'), valid: null }),
  // from November, neither handled nor closed, both deadlines in December; suspended once
  F: facts({
    reportedAt: t('2026-11-25'),
    filedAt: t('2026-11-25'),
    filedOnTime: true,
    dispatchedAt: t('2026-11-25'),
    dispatchedOnTime: true,
    handleDeadline: t('2026-12-02'),
    closeDeadline: t('2026-12-03'),
    suspended: true,
  }),
  // from November, handled in November, closed late in December
  G: facts({
    reportedAt: t('2026-11-20'),
    filedAt: t('2026-11-20'),
    filedOnTime: true,
    dispatchedAt: t('2026-11-20'),
    dispatchedOnTime: false,
    handledAt: t('2026-11-28'),
    handleDeadline: t('2026-11-29'),
    handledOnTime: true,
    closedAt: t('2026-12-03'),
    closeDeadline: t('2026-11-30'),
    closedOnTime: false,
  }),
  // self-handled by the inspector
  H: facts({ reportedAt: t('2026-12-15'), closedAt: t('2026-12-15'), closedOnTime: true }),
  // filed at the last second of December, dispatched at the first instant of January
  I: facts({
    reportedAt: t('2026-12-30'),
    filedAt: new Date('2026-12-31T23:59:59+08:00'),
    filedOnTime: true,
    dispatchedAt: new Date('2027-01-01T00:00:00+08:00'),
    dispatchedOnTime: true,
  }),
  // closed on time, but suspended once and reworked once
  J: facts({
    reportedAt: t('2026-12-06'),
    filedAt: t('2026-12-06'),
    filedOnTime: true,
    dispatchedAt: t('2026-12-06'),
    dispatchedOnTime: true,
    handledAt: t('2026-12-08'),
    handleDeadline: t('2026-12-09'),
    handledOnTime: true,
    closedAt: t('2026-12-09'),
    closeDeadline: t('2026-12-10'),
    closedOnTime: true,
    suspended: true,
    reworked: true,
  }),
};

describe('the KPI definitions', () => {
  it('are the eleven of DOMAIN.md, each named in Chinese and English', () => {
    expect(KPIS).toHaveLength(11);
    expect(new Set(KPIS.map((k) => k.id)).size).toBe(11);
    expect(KPIS.map((k) => k.zh)).toEqual([
      '结案率',
      '按期结案率',
      '按期结案率（剔除缓办）',
      '超期结案率',
      '处置率',
      '按期处置率',
      '准确派遣率',
      '按期派遣率',
      '按时立案率',
      '有效上报率',
      '返工率',
    ]);
  });
});

describe('computeKpis against a hand-computed fixture', () => {
  const kpis = computeKpis(Object.values(CASES), DECEMBER);
  const expected = (numerator: number, denominator: number) => ({
    numerator,
    denominator,
    value: numerator / denominator,
  });

  // due to close: A B F G H J (C's deadline is in January); closed: A B G H J
  it('closure', () => {
    expect(kpis.closureRate).toEqual(expected(5, 6));
    expect(kpis.onTimeClosureRate).toEqual(expected(3, 6)); // A H J
    expect(kpis.overdueClosureRate).toEqual(expected(2, 6)); // B G
    expect(kpis.onTimeClosureRateExSuspended).toEqual(expected(2, 4)); // of A B G H: A H
  });

  // due to handle: A B C F J (G handled in November); handled: A B C J
  it('handling', () => {
    expect(kpis.handlingRate).toEqual(expected(4, 5));
    expect(kpis.onTimeHandlingRate).toEqual(expected(3, 5)); // A C J
  });

  // dispatched in December: A B C J (I at the first instant of January is outside)
  it('dispatch', () => {
    expect(kpis.accurateDispatchRate).toEqual(expected(3, 4)); // B returned
    expect(kpis.onTimeDispatchRate).toEqual(expected(3, 4)); // B late
  });

  // filed in December: A B C I J
  it('filing', () => {
    expect(kpis.onTimeFilingRate).toEqual(expected(4, 5)); // B late
  });

  // reported in December and decided: A B C D H I J (E undecided)
  it('valid reports', () => {
    expect(kpis.validReportRate).toEqual(expected(6, 7)); // D invalid
  });

  // closed in December: A B G H J; reworked: B J
  it('rework', () => {
    expect(kpis.reworkRate).toEqual(expected(2, 5));
  });

  it('over all time without a period', () => {
    const all = computeKpis(Object.values(CASES));
    expect(all.validReportRate).toEqual(expected(8, 9)); // A B C D F G H I J decided, D invalid
    expect(all.accurateDispatchRate).toEqual(expected(6, 7)); // A B C F G I J, B returned
    expect(all.onTimeDispatchRate).toEqual(expected(5, 7)); // B G late
    expect(all.closureRate).toEqual(expected(5, 7)); // due: A B C F G H J; C F open
  });

  it('has no value without a denominator', () => {
    const none = computeKpis([CASES.D as CaseFacts], DECEMBER);
    expect(none.closureRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(Object.keys(none).sort()).toEqual(KPIS.map((k) => k.id).sort());
  });
});
