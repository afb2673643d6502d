import type { Department } from '../../../datasets/load.js';
import { BulletinQuery } from '../../protocol/reports.js';
import { LOCAL_OFFSET_MS } from '../../protocol/time.js';
import type { KpiQueries } from '../db/kpi-queries.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { buildBulletin, lastMonth } from '../reports/bulletin.js';
import { bulletinHtml } from '../reports/bulletin-html.js';
import { bulletinXlsx } from '../reports/bulletin-xlsx.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface ReportRouteDeps {
  queries: KpiQueries;
  areas: AreaIndex;
  departments: readonly Department[];
  /** the city's own name (the areas know only those below it) */
  cityName: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/reports/bulletin: the monthly assessment bulletin of an area, as a print-ready page or a workbook. */
export function reportRoutes(d: ReportRouteDeps): AnyRoute[] {
  const departments = new Map(d.departments.map((x) => [x.code, x.name]));
  return [
    defineRoute({
      method: 'get',
      path: '/api/reports/bulletin',
      tag: 'reports',
      summary: 'The monthly assessment bulletin (月度考核通报) of an area: the eleven KPIs of the month beside the month before, the areas one level down and the departments ranked',
      description: `The same figures as /api/stats/kpi and /api/stats/ranking for the month (from its first day to the next month's, or to the end of today while it is under way). format=html: a print-ready A4 page (text/html); format=xlsx: an Excel workbook (${XLSX}). Leaders and duty officers, within their scope.`,
      auth: { kind: 'session', permission: 'reports.read' },
      query: BulletinQuery,
      response: { file: 'text/html' },
      refusals: ['OUT_OF_SCOPE', 'NOT_FOUND'],
      async handle({ query, user, res }) {
        const scope = scopeFor(user.scope, query.area);
        if (scope !== d.areas.cityCode && !d.areas.has(scope)) throw Errors.notFound(`area ${scope}`);
        const month = query.month ?? lastMonth();
        const current = new Date(Date.now() + LOCAL_OFFSET_MS).toISOString().slice(0, 7);
        if (month > current) throw Errors.validation('query', [{ path: 'month', message: `${month} has not begun (this month is ${current})` }]);
        const bulletin = await buildBulletin({
          queries: d.queries,
          scope,
          month,
          nameOf: (code) => (code === d.areas.cityCode ? d.cityName : d.areas.nameOf(code)),
          childrenOf: (level, under) => d.areas.features(level, under).map((f) => ({ code: f.properties.code, name: f.properties.name })),
          departmentName: (code) => departments.get(code),
        });
        res.set('cache-control', 'private, no-store');
        if (query.format === 'xlsx') {
          const name = `${bulletin.scopeName}-${month}-月度考核通报.xlsx`;
          res
            .type(XLSX)
            .set('content-disposition', `attachment; filename="bulletin-${scope}-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
            .send(await bulletinXlsx(bulletin));
          return;
        }
        const xlsxUrl = `/api/reports/bulletin?${new URLSearchParams({ area: scope, month, format: 'xlsx' }).toString()}`;
        res.type('text/html; charset=utf-8').send(bulletinHtml(bulletin, xlsxUrl));
      },
    }),
  ];
}
