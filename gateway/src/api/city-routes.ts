import { CityInfo } from '../../protocol/city.js';
import type { CityData } from '../city.js';
import type { AreaIndex } from '../geo/areas.js';
import { defineRoute, type AnyRoute } from './route.js';

/**
 * GET /api/city: the city of the dataset the gateway runs on, without a session (a login page
 * titles itself with it). Checked when built, before the gateway opens anything: a dataset whose
 * city.json is incomplete stops the start with the field named, rather than a screen titled
 * "undefined".
 */
export function cityRoutes(city: CityData, areas: AreaIndex): AnyRoute[] {
  const raw = city.city as Partial<Record<keyof CityInfo, unknown>>;
  // a hand-made dataset may leave out the box: the districts' own
  const boxes = (areas.byLevel.get('district') ?? []).map((a) => a.bbox);
  const bbox = raw.bbox ?? (boxes.length ? boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]) : null);
  const parsed = CityInfo.safeParse({ code: raw.code, name: raw.name, nameEn: raw.nameEn ?? raw.name, center: raw.center, bbox });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${city.dir}/city.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const info = parsed.data;
  return [
    defineRoute({
      method: 'get',
      path: '/api/city',
      tag: 'city',
      summary: 'The city this gateway serves (its dataset’s city.json): code, names, centre and box (WGS84); no session needed',
      auth: { kind: 'none' },
      response: CityInfo,
      handle: ({ res }) => {
        res.set('cache-control', 'public, max-age=300');
        return info;
      },
    }),
  ];
}

/** The OpenAPI path of this route, for buildOpenApi's `paths`. */
export const CITY_OPENAPI_PATHS = {
  '/api/city': {
    get: {
      summary: 'The city this gateway serves (its dataset’s city.json); no session needed',
      responses: { '200': { description: '{ code, name, nameEn, center: [lon, lat], bbox: [w, s, e, n] } (WGS84)' } },
    },
  },
};
