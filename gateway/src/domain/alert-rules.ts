// Early warning (智能预警) as data: alert rules are plain objects, and evaluating one is a pure
// function over count rows that the database computed (gateway/src/db/alert-queries.ts).
//
// Two kinds of rule:
//  - threshold: the number of events (of a category, inside an area) over a window reaches N;
//  - surge: the events of one grid or street over the last window (an hour) are far above the same
//    window of the past weeks: count ≥ minCount, count > mean, and either count ≥ mean + k·stddev or
//    (the baseline is not empty and) count ≥ factor × mean.

/** The area level counts are grouped by. */
export type AlertLevel = 'district' | 'street' | 'grid';

interface RuleBase {
  /** stable id: alerts name it, de-duplication keys on it */
  id: string;
  /** a 4-digit event class, or every class when absent */
  category?: string;
  /** only areas inside this code (a prefix), or the whole city when absent */
  area?: string;
  /** the areas counts are grouped by, and the area an alert is raised for */
  level: AlertLevel;
  /** the window counted, in minutes back from now */
  windowMinutes: number;
  /** shown on the screens; `{area}`, `{count}`, `{baseline}`, `{category}` are filled in */
  message?: string;
}

export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  /** raise when the count over the window is at least this */
  minCount: number;
}

export interface SurgeRule extends RuleBase {
  kind: 'surge';
  level: 'street' | 'grid';
  /** how many past weeks give the baseline (the same window, 7, 14, … days earlier) */
  weeks: number;
  /** never raise below this count, however quiet the baseline */
  minCount: number;
  /** standard deviations above the mean */
  k: number;
  /** or this many times the mean */
  factor: number;
}

export type AlertRule = ThresholdRule | SurgeRule;

/** Count of events per area over a rule's window. */
export interface AreaCount {
  area: string;
  n: number;
}

/** Count per area and week back: week 0 is the current window, week w the same window w weeks earlier. */
export interface WeeklyCount {
  area: string;
  week: number;
  n: number;
}

/** What a rule found: the database layer stores it as an alert (AlertView) unless one is already open. */
export interface AlertCandidate {
  rule: string;
  kind: AlertRule['kind'];
  /** the area the alert is about; its screens (and those above) see it */
  areaCode: string;
  category: string | null;
  value: number;
  /** threshold: the rule's N; surge: the mean of the past weeks */
  baseline: number;
  /** start of the window (ISO): one alert per rule + area + window */
  windowStart: string;
  message: string;
}

export const MINUTE_MS = 60_000;
export const WEEK_MS = 7 * 24 * 3600_000;

/** The default rule set: surges per street and grid, and thresholds for the classes that matter most. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { id: 'surge-street-1h', kind: 'surge', level: 'street', windowMinutes: 60, weeks: 4, minCount: 8, k: 3, factor: 3 },
  { id: 'surge-grid-1h', kind: 'surge', level: 'grid', windowMinutes: 60, weeks: 4, minCount: 5, k: 3, factor: 4 },
  // 04 突发事件 (emergencies): a few in one street within an hour is already a pattern
  { id: 'threshold-0401-street-1h', kind: 'threshold', category: '0401', level: 'street', windowMinutes: 60, minCount: 3 },
  // 0102 暴露垃圾 (exposed garbage) piling up in a grid over a day
  { id: 'threshold-0102-grid-24h', kind: 'threshold', category: '0102', level: 'grid', windowMinutes: 24 * 60, minCount: 20 },
  // anything at all: a district flooded with reports within an hour
  { id: 'threshold-district-1h', kind: 'threshold', level: 'district', windowMinutes: 60, minCount: 200 },
];

/** Problems of a rule set (duplicate ids, bad numbers), empty when it is usable. */
export function checkRules(rules: readonly AlertRule[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rules) {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(r.id)) problems.push(`rule id "${r.id}": lower-case letters, digits, . _ -`);
    if (seen.has(r.id)) problems.push(`rule id "${r.id}" appears twice`);
    seen.add(r.id);
    if (r.category !== undefined && !/^\d{4}$/.test(r.category)) problems.push(`${r.id}: category must be a 4-digit class`);
    if (r.area !== undefined && !/^\d{4,15}$/.test(r.area)) problems.push(`${r.id}: area must be an area code`);
    if (!(Number.isInteger(r.windowMinutes) && r.windowMinutes > 0)) problems.push(`${r.id}: windowMinutes must be a positive integer`);
    if (!(r.minCount >= 1)) problems.push(`${r.id}: minCount must be ≥ 1`);
    if (r.kind === 'surge') {
      if (!(Number.isInteger(r.weeks) && r.weeks >= 1 && r.weeks <= 52)) problems.push(`${r.id}: weeks must be 1 to 52`);
      if (r.windowMinutes * MINUTE_MS >= WEEK_MS) problems.push(`${r.id}: a surge window must be shorter than a week`);
      if (!(r.k >= 0)) problems.push(`${r.id}: k must be ≥ 0`);
      if (!(r.factor > 1)) problems.push(`${r.id}: factor must be > 1`);
    }
  }
  return problems;
}

/** Past weeks with data needed before a surge can be judged. */
export const MIN_BASELINE_WEEKS = 2;

/** Mean and (population) standard deviation. */
export function meanAndStddev(values: readonly number[]): { mean: number; stddev: number } {
  if (!values.length) return { mean: 0, stddev: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, stddev: Math.sqrt(variance) };
}

/** The surge test on one area's numbers. */
export function isSurge(rule: Pick<SurgeRule, 'minCount' | 'k' | 'factor'>, count: number, baseline: readonly number[]): boolean {
  const { mean, stddev } = meanAndStddev(baseline);
  if (count < rule.minCount || count <= mean) return false;
  return count >= mean + rule.k * stddev || (mean > 0 && count >= rule.factor * mean);
}

/** Window start for a rule evaluated at `nowMs`. */
export function windowStartOf(rule: AlertRule, nowMs: number): number {
  return nowMs - rule.windowMinutes * MINUTE_MS;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function fill(rule: AlertRule, fallback: string, v: { area: string; count: number; baseline: number }): string {
  const template = rule.message ?? fallback;
  return template
    .replaceAll('{area}', v.area)
    .replaceAll('{count}', String(v.count))
    .replaceAll('{baseline}', String(round2(v.baseline)))
    .replaceAll('{category}', rule.category ?? '')
    .replaceAll('{minutes}', String(rule.windowMinutes));
}

function candidate(rule: AlertRule, nowMs: number, area: string, value: number, baseline: number, message: string): AlertCandidate {
  return {
    rule: rule.id,
    kind: rule.kind,
    areaCode: area,
    category: rule.category ?? null,
    value,
    baseline: round2(baseline),
    windowStart: new Date(windowStartOf(rule, nowMs)).toISOString(),
    message,
  };
}

/** Areas whose count over the window reached the rule's N; in area order. */
export function evaluateThreshold(rule: ThresholdRule, rows: readonly AreaCount[], nowMs: number): AlertCandidate[] {
  return rows
    .filter((r) => inRuleArea(rule, r.area) && r.n >= rule.minCount)
    .sort((a, b) => a.area.localeCompare(b.area))
    .map((r) =>
      candidate(rule, nowMs, r.area, r.n, rule.minCount, fill(rule, `{count} events{categoryText} in {minutes} min in {area} (threshold {baseline})`.replace('{categoryText}', rule.category ? ` of class ${rule.category}` : ''), { area: r.area, count: r.n, baseline: rule.minCount })),
    );
}

/** Areas whose current window is a surge against the same window of the past `weeks` weeks. */
export function evaluateSurge(rule: SurgeRule, rows: readonly WeeklyCount[], nowMs: number): AlertCandidate[] {
  const byArea = new Map<string, number[]>();
  for (const r of rows) {
    if (r.week < 0 || r.week > rule.weeks || !inRuleArea(rule, r.area)) continue;
    let weeks = byArea.get(r.area);
    if (!weeks) byArea.set(r.area, (weeks = new Array<number>(rule.weeks + 1).fill(0)));
    weeks[r.week]! += r.n;
  }
  // A past week in which nothing at all was recorded in the rule's area at that hour is a week
  // the gateway was not running, not a quiet week: it is no baseline. Without at least
  // MIN_BASELINE_WEEKS observed weeks (a fresh database) nothing can be called a surge.
  const observed: number[] = [];
  for (let w = 1; w <= rule.weeks; w++) if ([...byArea.values()].some((weeks) => weeks[w]! > 0)) observed.push(w);
  if (observed.length < MIN_BASELINE_WEEKS) return [];
  const out: AlertCandidate[] = [];
  for (const [area, weeks] of [...byArea].sort(([a], [b]) => a.localeCompare(b))) {
    const count = weeks[0]!;
    const baseline = observed.map((w) => weeks[w]!); // an observed week without events here counts as 0
    if (!isSurge(rule, count, baseline)) continue;
    const { mean } = meanAndStddev(baseline);
    const what = rule.category ? ` of class ${rule.category}` : '';
    out.push(candidate(rule, nowMs, area, count, mean, fill(rule, `surge: {count} events${what} in the last {minutes} min in {area}, usually {baseline}`, { area, count, baseline: mean })));
  }
  return out;
}

export function evaluateRule(rule: AlertRule, rows: readonly AreaCount[] | readonly WeeklyCount[], nowMs: number): AlertCandidate[] {
  return rule.kind === 'surge' ? evaluateSurge(rule, rows as readonly WeeklyCount[], nowMs) : evaluateThreshold(rule, rows as readonly AreaCount[], nowMs);
}

function inRuleArea(rule: AlertRule, area: string): boolean {
  return rule.area === undefined || area.startsWith(rule.area) || rule.area.startsWith(area);
}
