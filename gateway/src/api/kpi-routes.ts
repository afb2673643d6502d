import { KpiQuery, KpiResponse, MapQuery, MapResponse, RankingQuery, RankingResponse, TrendQuery, TrendResponse } from '../../protocol/rest.js';
import { DAY_MS, LOCAL_OFFSET_MS } from '../../protocol/time.js';
import type { KpiGrouping, KpiQueries } from '../db/kpi-queries.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface KpiRouteDeps {
  queries: KpiQueries;
  areas: AreaIndex;
}

const DEFAULT_DAYS = 30;
/** The longest period a request may ask for (a year and a bit). */
const MAX_DAYS = 400;
const MAX_HOURS = 31 * 24;

/**
 * The period of a request: `to` defaults to the end of the current local day (hour, for hourly
 * figures), `from` to 30 days (24 hours) before `to`; refused when empty or longer than `maxMs`.
 */
function periodOf(q: { from?: Date; to?: Date }, maxMs: number, unit: 'day' | 'hour' = 'day', now = Date.now()): { from: Date; to: Date } {
  const step = unit === 'day' ? DAY_MS : 3600_000;
  const endOfCurrent = (Math.floor((now + LOCAL_OFFSET_MS) / step) + 1) * step - LOCAL_OFFSET_MS;
  const to = q.to ?? new Date(endOfCurrent);
  const from = q.from ?? new Date(to.getTime() - (unit === 'day' ? DEFAULT_DAYS * DAY_MS : 24 * 3600_000));
  if (from.getTime() >= to.getTime()) {
    throw Errors.validation('query', [{ path: 'from', message: `from (${from.toISOString()}) must be before to (${to.toISOString()})` }]);
  }
  if (to.getTime() - from.getTime() > maxMs) {
    const most = unit === 'day' ? `${Math.round(maxMs / DAY_MS)} days` : `${Math.round(maxMs / 3600_000)} hours`;
    throw Errors.validation('query', [{ path: 'from', message: `the period may be at most ${most} long` }]);
  }
  return { from, to };
}

const AREA_GROUPINGS: ReadonlySet<KpiGrouping> = new Set(['district', 'street', 'community', 'grid']);
const PERIOD_PARAMS = 'from: YYYY-MM-DD (local midnight, UTC+8) or ISO date-time, default 30 days before `to`; to: exclusive end, default the end of today.';

/** GET /api/stats/kpi, /ranking, /trend and /map: the assessment figures of a scope. */
export function kpiRoutes(d: KpiRouteDeps): AnyRoute[] {
  const nameOf = (by: KpiGrouping, key: string) => (AREA_GROUPINGS.has(by) ? d.areas.nameOf(key) : undefined);
  const auth = { kind: 'session', permission: 'stats.read' } as const;
  return [
    defineRoute({
      method: 'get',
      path: '/api/stats/kpi',
      tag: 'stats',
      summary: 'The eleven KPIs (结案率, 按期结案率, …) for the scope or an area inside it, over a period, optionally grouped',
      description: PERIOD_PARAMS,
      auth,
      query: KpiQuery,
      response: KpiResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const period = periodOf(q, MAX_DAYS * DAY_MS);
        const result = await d.queries.kpis({ scope, ...period, by: q.by });
        return {
          scope,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          by: result.by,
          rows: result.rows.map((row) => {
            const name = q.by === 'none' ? d.areas.nameOf(scope) : nameOf(q.by, row.key);
            return name === undefined ? row : { ...row, name };
          }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/ranking',
      tag: 'stats',
      summary: 'Areas, departments or workers ranked by one KPI',
      description: PERIOD_PARAMS,
      auth,
      query: RankingQuery,
      response: RankingResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const period = periodOf(q, MAX_DAYS * DAY_MS);
        const result = await d.queries.ranking({ scope, ...period, by: q.by, kpi: q.kpi, order: q.order, limit: q.limit, category: q.category });
        return {
          scope,
          from: period.from.toISOString(),
          to: period.to.toISOString(),
          by: result.by,
          kpi: result.kpi,
          order: q.order,
          rows: result.rows.map((row) => {
            const name = nameOf(q.by, row.key);
            return name === undefined ? row : { ...row, name };
          }),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/trend',
      tag: 'stats',
      summary: 'Reported and closed cases per local day (at most 400) or hour (at most 31 days)',
      description: PERIOD_PARAMS,
      auth,
      query: TrendQuery,
      response: TrendResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const period = q.bucket === 'day' ? periodOf(q, MAX_DAYS * DAY_MS) : periodOf(q, MAX_HOURS * 3600_000, 'hour');
        const points = await d.queries.trend({ scope, ...period, bucket: q.bucket });
        return { scope, from: period.from.toISOString(), to: period.to.toISOString(), bucket: q.bucket, points };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/map',
      tag: 'stats',
      summary: 'Open (and, with measure=overdue, overdue) cases per grid, for the map',
      auth,
      query: MapQuery,
      response: MapResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const where = { scope, category: q.category };
        return { scope, grids: q.measure === 'overdue' ? await d.queries.overdueMapCounts(where) : await d.queries.mapCounts(where) };
      },
    }),
  ];
}
