// The monthly assessment bulletin (月度考核通报) of an area: the eleven KPIs of the month beside the
// month before, the areas one level down and the departments ranked — every figure from the same
// KPI queries the screens and /api/stats/kpi read (db/kpi-queries.ts), nothing computed twice.
import { levelOf, type AreaLevel } from '../../protocol/scope.js';
import { LOCAL_OFFSET_MS } from '../../protocol/time.js';
import { KPIS, type KpiId, type KpiValue } from '../domain/kpi.js';
import { rankRows, type KpiGrouping, type KpiQueries, type KpiRow } from '../db/kpi-queries.js';

export interface BulletinRow {
  rank: number;
  code: string;
  name: string;
  kpis: Record<KpiId, KpiValue>;
}

export interface Bulletin {
  scope: string;
  scopeName: string;
  /** the issuing command center, e.g. 杭州市城市运行管理中心 */
  org: string;
  title: string;
  /** YYYY-MM */
  month: string;
  from: Date;
  /** the end of the period: the month's end, or the end of today for the month under way */
  to: Date;
  partial: boolean;
  generatedAt: Date;
  kpis: Record<KpiId, KpiValue>;
  previous: Record<KpiId, KpiValue>;
  /** the areas one level down (none below a grid), ranked by `areasRankedBy` */
  areas: { level: AreaLevel; levelName: string; rankedBy: KpiId; rows: BulletinRow[] } | null;
  departments: { rankedBy: KpiId; rows: BulletinRow[] };
}

export const KPI_ORDER = KPIS.map((k) => k.id) as KpiId[];

/** What each KPI divides, in the bulletin's words (domain/kpi.ts defines them). */
export const KPI_TERMS_ZH: Record<KpiId, [numerator: string, denominator: string]> = {
  closureRate: ['结案数', '应结案数'],
  onTimeClosureRate: ['按期结案数', '应结案数'],
  onTimeClosureRateExSuspended: ['按期结案数（不含曾缓办案件）', '应结案数（不含曾缓办案件）'],
  overdueClosureRate: ['超期结案数', '应结案数'],
  handlingRate: ['处置数', '应处置数'],
  onTimeHandlingRate: ['按期处置数', '应处置数'],
  accurateDispatchRate: ['准确派遣数（未被退回）', '派遣数'],
  onTimeDispatchRate: ['按期派遣数', '派遣数'],
  onTimeFilingRate: ['按时立案数', '立案数'],
  validReportRate: ['有效上报数', '已核定上报数（有效与无效）'],
  reworkRate: ['返工结案数', '结案数'],
};
const CHILD: Partial<Record<AreaLevel, { by: KpiGrouping; level: AreaLevel; name: string }>> = {
  city: { by: 'district', level: 'district', name: '区（县）' },
  district: { by: 'street', level: 'street', name: '街道（镇）' },
  street: { by: 'community', level: 'community', name: '社区' },
  community: { by: 'grid', level: 'grid', name: '网格' },
};
/** Areas rank by on-time closure (the headline of most cities' bulletins); departments by on-time handling, which is theirs to do. */
export const AREAS_RANKED_BY: KpiId = 'onTimeClosureRate';
export const DEPARTMENTS_RANKED_BY: KpiId = 'onTimeHandlingRate';

/** The instant a local date (YYYY-MM-DD) begins. */
const localDate = (y: number, m: number, d = 1): number => Date.UTC(y, m - 1, d) - LOCAL_OFFSET_MS;

/** A month's period: [its first local day, the next month's), cut at the end of today while it is under way. */
export function monthPeriod(month: string, now = Date.now()): { from: Date; to: Date; partial: boolean } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = localDate(y, m);
  const end = localDate(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
  const today = new Date(now + LOCAL_OFFSET_MS);
  const endOfToday = localDate(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate() + 1);
  return { from: new Date(from), to: new Date(Math.min(end, endOfToday)), partial: endOfToday < end };
}

/** The month before a YYYY-MM. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The month that ended last (bulletins are issued for a finished month). */
export function lastMonth(now = Date.now()): string {
  const d = new Date(now + LOCAL_OFFSET_MS);
  return previousMonth(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
}

const emptyKpis = (): Record<KpiId, KpiValue> => Object.fromEntries(KPI_ORDER.map((id) => [id, { numerator: 0, denominator: 0, value: null }])) as Record<KpiId, KpiValue>;

/** The issuing center of a scope, as the screens title them. */
export function orgOf(level: AreaLevel | null, name: string): string {
  return level === 'street' || level === 'community' || level === 'grid' ? `${name}综合指挥中心` : `${name}城市运行管理中心`;
}

export interface BulletinInputs {
  queries: KpiQueries;
  scope: string;
  month: string;
  nameOf: (code: string) => string | undefined;
  /** the areas one level down that exist, whether or not they had cases */
  childrenOf: (level: AreaLevel, scope: string) => { code: string; name: string }[];
  departmentName: (code: string) => string | undefined;
  now?: number;
}

function ranked(rows: KpiRow[], all: { code: string; name: string }[], by: KpiId, nameOf: (code: string) => string): BulletinRow[] {
  const have = new Set(rows.map((r) => r.key));
  const merged = [...rows, ...all.filter((a) => !have.has(a.code)).map((a) => ({ key: a.code, kpis: emptyKpis() }))];
  const byKey = new Map(merged.map((r) => [r.key, r.kpis]));
  return rankRows(merged, by).map((r) => ({ rank: r.rank, code: r.key, name: nameOf(r.key), kpis: byKey.get(r.key)! }));
}

export async function buildBulletin(i: BulletinInputs): Promise<Bulletin> {
  const now = i.now ?? Date.now();
  const { from, to, partial } = monthPeriod(i.month, now);
  const prev = monthPeriod(previousMonth(i.month), now);
  const level = levelOf(i.scope);
  const child = level ? CHILD[level] : undefined;
  const groupings: KpiGrouping[] = ['none', 'department', ...(child ? [child.by] : [])];
  const [current, before] = await Promise.all([
    i.queries.kpisMany({ scope: i.scope, from, to, by: groupings }),
    i.queries.kpis({ scope: i.scope, from: prev.from, to: prev.to, by: 'none' }),
  ]);
  const scopeName = i.nameOf(i.scope) ?? i.scope;
  const [y, m] = i.month.split('-').map(Number) as [number, number];
  return {
    scope: i.scope,
    scopeName,
    org: orgOf(level, scopeName),
    title: `${scopeName}${y}年${m}月城市管理监督考核通报`,
    month: i.month,
    from,
    to,
    partial,
    generatedAt: new Date(now),
    kpis: current[0]!.rows[0]?.kpis ?? emptyKpis(),
    previous: before.rows[0]?.kpis ?? emptyKpis(),
    areas: child
      ? { level: child.level, levelName: child.name, rankedBy: AREAS_RANKED_BY, rows: ranked(current[2]!.rows, i.childrenOf(child.level, i.scope), AREAS_RANKED_BY, (c) => i.nameOf(c) ?? c) }
      : null,
    departments: {
      rankedBy: DEPARTMENTS_RANKED_BY,
      // cases not yet with a department have none: not a department to rank
      rows: ranked(current[1]!.rows.filter((r) => r.key !== ''), [], DEPARTMENTS_RANKED_BY, (c) => i.departmentName(c) ?? c),
    },
  };
}

/** YYYY年M月D日 of an instant, in the city's time. */
export function chineseDate(d: Date): string {
  const l = new Date(d.getTime() + LOCAL_OFFSET_MS);
  return `${l.getUTCFullYear()}年${l.getUTCMonth() + 1}月${l.getUTCDate()}日`;
}

/** The last day of a period [from, to) as a date. */
export function lastDay(to: Date): Date {
  return new Date(to.getTime() - 1);
}

/** A ratio as a percentage with two decimals, or — when there is nothing to divide. */
export function percent(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(2)}%`;
}

/** The change of a ratio in percentage points, signed, or — . */
export function pointsChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return '—';
  const d = (now - before) * 100;
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(2)}`;
}
