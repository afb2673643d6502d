import { gzipSync } from 'node:zlib';
import { encodeBuildings, type Buildings } from '../../../datasets/buildings.js';
import { BUILDINGS_CONTENT_TYPE, BuildingsQuery } from '../../protocol/rest.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface BuildingRouteDeps {
  /** the city's decoded buildings.bin, or null for a city without one */
  buildings: () => Buildings | null;
}

/** Encoded answers kept per scope: a city has a few dozen districts and streets screens ask for. */
const CACHE_LIMIT = 64;

interface Encoded {
  raw: Buffer;
  gzip: Buffer;
  count: number;
}

/**
 * The buildings of an area in the same columnar binary as the dataset's buildings.bin (38k
 * footprints: 1.7 MB, about half that gzipped, where GeoJSON would be tens of MB). Buildings
 * are sorted by grid code, so an area's buildings are one contiguous run of the file.
 */
export function buildingRoutes(d: BuildingRouteDeps): AnyRoute[] {
  const cache = new Map<string, Encoded>();
  function encoded(scope: string): Encoded {
    const hit = cache.get(scope);
    if (hit) return hit;
    const b = d.buildings();
    const items = [];
    if (b) {
      for (let i = 0; i < b.count; i++) {
        const grid = b.gridCode(i);
        if (grid.startsWith(scope)) items.push({ ring: b.footprint(i), height: b.height(i), gridCode: grid });
      }
    }
    const raw = Buffer.from(encodeBuildings(items));
    const e = { raw, gzip: gzipSync(raw), count: items.length };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(scope, e);
    return e;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/buildings',
      tag: 'places',
      summary: 'Building footprints and heights inside an area of the caller’s scope, in the compact binary of buildings.bin (gzip when accepted)',
      description: `Answers ${BUILDINGS_CONTENT_TYPE}: a 32-byte header ("GCBUILD1", version, counts), vertices as int32 millionths of a degree, heights in decimetres, grid indices, vertex counts and the grid table. The count is also in the X-Building-Count header.`,
      auth: { kind: 'session', permission: 'areas.read' },
      query: BuildingsQuery,
      response: { file: BUILDINGS_CONTENT_TYPE },
      refusals: ['OUT_OF_SCOPE'],
      handle({ query, user, req, res }) {
        const scope = scopeFor(user.scope, query.area);
        const e = encoded(scope);
        const gzip = /\bgzip\b/.test(req.get('accept-encoding') ?? '');
        res
          .type(BUILDINGS_CONTENT_TYPE)
          .set('cache-control', 'private, max-age=3600')
          .set('vary', 'accept-encoding')
          .set('x-building-count', String(e.count));
        if (gzip) res.set('content-encoding', 'gzip');
        res.send(gzip ? e.gzip : e.raw);
      },
    }),
  ];
}
