import { Router } from 'express';
import { z } from 'zod';
import type { Sessions } from '../auth/tokens.js';
import { KPI_GROUPINGS, KPI_IDS, type KpiGrouping, type KpiQueries } from '../db/kpi-queries.js';
import { DAY_MS, LOCAL_OFFSET_MS, localDateStart } from '../../protocol/time.js';
import type { KpiId } from '../domain/kpi.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { scopeFor } from './routes.js';
import { authorize } from './session.js';
import { parsePart } from './validate.js';

export interface KpiRouteDeps {
  sessions: Sessions;
  queries: KpiQueries;
  areas: AreaIndex;
}

const DEFAULT_DAYS = 30;
/** The longest period a request may ask for (a year and a bit). */
const MAX_DAYS = 400;
const MAX_HOURS = 31 * 24;

const area = z.string().regex(/^\d{4,15}$/, 'an area code of 4 to 15 digits');

/** A local date (`2026-12-01`, the start of that day in the city's time, UTC+8) or an ISO date-time with an offset. */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'an ISO date (YYYY-MM-DD) or date-time with an offset',
  })
  .transform((s) => new Date(s.length === 10 ? localDateStart(s) : Date.parse(s)));

const Period = {
  area: area.optional(),
  from: instant.optional(),
  to: instant.optional(),
};

const KpiQuery = z.strictObject({ ...Period, by: z.enum(KPI_GROUPINGS).default('none') });
const RankingQuery = z.strictObject({
  ...Period,
  by: z.enum(KPI_GROUPINGS).default('street'),
  kpi: z.enum(KPI_IDS as [KpiId, ...KpiId[]]).default('onTimeClosureRate'),
  order: z.enum(['desc', 'asc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(2000).optional(),
});
const TrendQuery = z.strictObject({ ...Period, bucket: z.enum(['day', 'hour']).default('day') });
const MapQuery = z.strictObject({ area: area.optional() });

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

/** GET /api/stats/kpi, /api/stats/ranking, /api/stats/trend and /api/stats/map: the assessment figures of a scope. */
export function kpiRouter(d: KpiRouteDeps): Router {
  const r = Router();
  const allow = authorize(d.sessions, 'stats.read');
  const nameOf = (by: KpiGrouping, key: string) => (AREA_GROUPINGS.has(by) ? d.areas.nameOf(key) : undefined);

  r.get('/api/stats/kpi', allow, async (req, res) => {
    const q = parsePart('query', KpiQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const period = periodOf(q, MAX_DAYS * DAY_MS);
    const result = await d.queries.kpis({ scope, ...period, by: q.by });
    res.json({
      scope,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      by: result.by,
      rows: result.rows.map((row) => {
        const name = q.by === 'none' ? d.areas.nameOf(scope) : nameOf(q.by, row.key);
        return name === undefined ? row : { ...row, name };
      }),
    });
  });

  r.get('/api/stats/ranking', allow, async (req, res) => {
    const q = parsePart('query', RankingQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const period = periodOf(q, MAX_DAYS * DAY_MS);
    const result = await d.queries.ranking({ scope, ...period, by: q.by, kpi: q.kpi, order: q.order, limit: q.limit });
    res.json({
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
    });
  });

  r.get('/api/stats/trend', allow, async (req, res) => {
    const q = parsePart('query', TrendQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const period = q.bucket === 'day' ? periodOf(q, MAX_DAYS * DAY_MS) : periodOf(q, MAX_HOURS * 3600_000, 'hour');
    const points = await d.queries.trend({ scope, ...period, bucket: q.bucket });
    res.json({ scope, from: period.from.toISOString(), to: period.to.toISOString(), bucket: q.bucket, points });
  });

  r.get('/api/stats/map', allow, async (req, res) => {
    const q = parsePart('query', MapQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    res.json({ scope, grids: await d.queries.mapCounts({ scope }) });
  });

  return r;
}
