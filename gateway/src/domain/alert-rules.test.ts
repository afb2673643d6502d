import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALERT_RULES,
  checkRules,
  evaluateRule,
  evaluateSurge,
  evaluateThreshold,
  isSurge,
  meanAndStddev,
  type SurgeRule,
  type ThresholdRule,
} from './alert-rules.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');

const surge: SurgeRule = { id: 'surge-street', kind: 'surge', level: 'street', windowMinutes: 60, weeks: 4, minCount: 5, k: 3, factor: 3 };
const threshold: ThresholdRule = { id: 'garbage-grid', kind: 'threshold', category: '0102', level: 'grid', windowMinutes: 1440, minCount: 10 };

describe('alert rules', () => {
  it('ships a default rule set that passes its own checks', () => {
    expect(checkRules(DEFAULT_ALERT_RULES)).toEqual([]);
    expect(DEFAULT_ALERT_RULES.some((r) => r.kind === 'surge' && r.level === 'street')).toBe(true);
    expect(DEFAULT_ALERT_RULES.some((r) => r.kind === 'surge' && r.level === 'grid')).toBe(true);
    expect(DEFAULT_ALERT_RULES.some((r) => r.kind === 'threshold')).toBe(true);
  });

  it('refuses duplicate ids and nonsense numbers', () => {
    const problems = checkRules([surge, { ...surge, k: -1, factor: 1, weeks: 0 }, { ...threshold, category: '12', windowMinutes: 0, minCount: 0 }]);
    expect(problems).toEqual([
      'rule id "surge-street" appears twice',
      'surge-street: weeks must be 1 to 52',
      'surge-street: k must be ≥ 0',
      'surge-street: factor must be > 1',
      'garbage-grid: category must be a 4-digit class',
      'garbage-grid: windowMinutes must be a positive integer',
      'garbage-grid: minCount must be ≥ 1',
    ]);
  });

  it('computes mean and population standard deviation', () => {
    expect(meanAndStddev([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, stddev: 2 });
    expect(meanAndStddev([])).toEqual({ mean: 0, stddev: 0 });
  });

  describe('surge', () => {
    it('flags a count at or above mean + k·stddev (and minCount)', () => {
      // baseline 2,4,2,4: mean 3, stddev 1 → mean + 3·1 = 6
      expect(isSurge(surge, 6, [2, 4, 2, 4])).toBe(true);
      expect(isSurge(surge, 5, [2, 4, 2, 4])).toBe(false);
    });

    it('flags a count at or above factor × mean even when the baseline varies a lot', () => {
      // baseline 0,0,0,12: mean 3, stddev √27 ≈ 5.2 → mean + 3σ ≈ 18.6, but 3 × 3 = 9
      expect(isSurge(surge, 9, [0, 0, 0, 12])).toBe(true);
      expect(isSurge(surge, 8, [0, 0, 0, 12])).toBe(false);
    });

    it('never flags below minCount, however quiet the baseline', () => {
      expect(isSurge(surge, 4, [0, 0, 0, 0])).toBe(false);
      expect(isSurge(surge, 5, [0, 0, 0, 0])).toBe(true);
    });

    it('never flags a count that is not above the mean', () => {
      // a steady baseline of 10: stddev 0 would make any count ≥ 10 "≥ mean + kσ"
      expect(isSurge(surge, 10, [10, 10, 10, 10])).toBe(false);
      expect(isSurge(surge, 11, [10, 10, 10, 10])).toBe(true);
    });

    it('evaluates count rows per area: missing weeks count as 0, other weeks are ignored', () => {
      const rows = [
        // 440303001: now 12, baseline 3,3,2,(none) → mean 2, σ ≈ 1.22 → limit 5.67: surge
        { area: '440303001', week: 0, n: 12 },
        { area: '440303001', week: 1, n: 3 },
        { area: '440303001', week: 2, n: 3 },
        { area: '440303001', week: 3, n: 2 },
        { area: '440303001', week: 9, n: 500 }, // beyond the rule's 4 weeks
        // 440303002: now 6, baseline 5,6,7,6 → mean 6: not above the mean
        { area: '440303002', week: 0, n: 6 },
        { area: '440303002', week: 1, n: 5 },
        { area: '440303002', week: 2, n: 6 },
        { area: '440303002', week: 3, n: 7 },
        { area: '440303002', week: 4, n: 6 },
        // 440304001: only a baseline, nothing now
        { area: '440304001', week: 1, n: 40 },
      ];
      const found = evaluateSurge(surge, rows, NOW);
      expect(found).toEqual([
        {
          rule: 'surge-street',
          kind: 'surge',
          areaCode: '440303001',
          category: null,
          value: 12,
          baseline: 2,
          windowStart: '2026-11-28T09:00:00.000Z',
          message: 'surge: 12 events in the last 60 min in 440303001, usually 2',
        },
      ]);
    });

    it('sums rows of the same area and week, and keeps to the rule area', () => {
      const rule: SurgeRule = { ...surge, area: '440304', category: '0102', message: '{category} surge in {area}: {count} vs {baseline}' };
      const rows = [
        { area: '440304001', week: 0, n: 3 },
        { area: '440304001', week: 0, n: 3 },
        { area: '440303001', week: 0, n: 50 }, // outside the rule's area
        // the gateway was running in two of the past weeks (another street had events then)
        { area: '440304002', week: 1, n: 1 },
        { area: '440304002', week: 3, n: 1 },
      ];
      expect(evaluateSurge(rule, rows, NOW).map((a) => [a.areaCode, a.value, a.message])).toEqual([['440304001', 6, '0102 surge in 440304001: 6 vs 0']]);
    });

    it('calls nothing a surge without two past weeks of data (a fresh database), and ignores weeks with no data at all', () => {
      const now = [{ area: '440303001', week: 0, n: 40 }];
      expect(evaluateSurge(surge, now, NOW)).toEqual([]);
      expect(evaluateSurge(surge, [...now, { area: '440303002', week: 2, n: 3 }], NOW)).toEqual([]);
      // weeks 1 and 4 observed (5 and 7 here); weeks 2 and 3 had nothing anywhere: baseline mean 6, not 3
      const found = evaluateSurge(surge, [...now, { area: '440303001', week: 1, n: 5 }, { area: '440303001', week: 4, n: 7 }], NOW);
      expect(found.map((a) => [a.areaCode, a.value, a.baseline])).toEqual([['440303001', 40, 6]]);
    });
  });

  describe('threshold', () => {
    it('flags every area whose count reached N, in area order', () => {
      const rows = [
        { area: '44030400100102', n: 10 },
        { area: '44030300100101', n: 25 },
        { area: '44030300100102', n: 9 },
      ];
      const found = evaluateThreshold(threshold, rows, NOW);
      expect(found.map((a) => [a.areaCode, a.value, a.baseline])).toEqual([
        ['44030300100101', 25, 10],
        ['44030400100102', 10, 10],
      ]);
      expect(found[0]).toMatchObject({
        rule: 'garbage-grid',
        kind: 'threshold',
        category: '0102',
        windowStart: '2026-11-27T10:00:00.000Z',
        message: '25 events of class 0102 in 1440 min in 44030300100101 (threshold 10)',
      });
    });

    it('is chosen by evaluateRule from the rule kind', () => {
      expect(evaluateRule(threshold, [{ area: '44030300100101', n: 10 }], NOW)).toHaveLength(1);
      expect(evaluateRule(surge, [{ area: '440303001', week: 0, n: 5 }, { area: '440303002', week: 1, n: 1 }, { area: '440303002', week: 2, n: 1 }], NOW)).toHaveLength(1);
      expect(evaluateRule(threshold, [], NOW)).toEqual([]);
    });
  });
});
