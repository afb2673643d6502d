import { CamerasQuery, CamerasResponse, FeedStatsQuery, FeedStatsResponse, PositionsQuery, PositionsResponse } from '../../protocol/rest.js';
import type { FeedQueries } from '../db/feed-queries.js';
import type { PositionQueries } from '../db/position-queries.js';
import { Errors } from '../errors.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface FeedRouteDeps {
  positions: PositionQueries;
  feeds: FeedQueries;
  committedSeq: () => number;
}

/** The longest trajectory period a request may ask for. */
const MAX_TRAJECTORY_MS = 24 * 3600_000;
/** Without a period: workers who reported within this window (a worker silent longer is off the map). */
const LATEST_WINDOW_MS = 24 * 3600_000;

/** Positions (trajectories, where everyone is now), the camera index and the stat feeds, each for a scope. */
export function feedRoutes(d: FeedRouteDeps): AnyRoute[] {
  const auth = { kind: 'session', permission: 'feeds.read' } as const;
  return [
    defineRoute({
      method: 'get',
      path: '/api/positions',
      tag: 'feeds',
      summary: 'Grid workers’ positions in the caller’s scope: with from/to (at most 24 h) every stored position ordered by time (trajectories, 网格员轨迹); without, each worker’s latest position of the last 24 h',
      auth,
      query: PositionsQuery,
      response: PositionsResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const seq = d.committedSeq();
        if (q.from === undefined || q.to === undefined) {
          const latest = await d.positions.latest(scope, Date.now() - LATEST_WINDOW_MS);
          const positions = q.worker === undefined ? latest : latest.filter((p) => p.workerId === q.worker);
          return { positions: positions.slice(0, q.limit), seq, truncated: positions.length > q.limit };
        }
        const fromMs = Date.parse(q.from);
        const toMs = Date.parse(q.to);
        if (toMs <= fromMs) throw Errors.validation('query', [{ path: 'to', message: 'to must be after from' }]);
        if (toMs - fromMs > MAX_TRAJECTORY_MS) throw Errors.validation('query', [{ path: 'from', message: 'the period may be at most 24 hours long' }]);
        const r = await d.positions.trajectory({ scope, worker: q.worker, fromMs, toMs, limit: q.limit });
        return { ...r, seq };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/cameras',
      tag: 'feeds',
      summary: 'The camera index in the caller’s scope (the latest entry of each camera)',
      auth,
      query: CamerasQuery,
      response: CamerasResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const seq = d.committedSeq();
        return { cameras: await d.feeds.cameras(scope), seq };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/feeds/stats',
      tag: 'feeds',
      summary: 'The latest value of each statistic (the grids’ base data 一格一档 among them) per area in the caller’s scope',
      auth,
      query: FeedStatsQuery,
      response: FeedStatsResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query: q, user }) {
        const scope = scopeFor(user.scope, q.area);
        const seq = d.committedSeq();
        return { stats: await d.feeds.stats(scope, { exact: q.exact === 'true', keys: q.key }), seq };
      },
    }),
  ];
}
