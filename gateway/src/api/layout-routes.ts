import { LayoutParams, LayoutResponse, LayoutsResponse, tierAllows, tierOfLevel } from '../../protocol/layout.js';
import { levelOf } from '../../protocol/scope.js';
import type { User } from '../auth/identities.js';
import { Errors } from '../errors.js';
import type { LayoutCatalog } from '../layouts/layout-catalog.js';
import { defineRoute, type AnyRoute } from './route.js';

/** A user sees the layouts of their scope's tier, the narrower tiers they can drill down to, and those for any tier. */
const visibleTo = (user: User, tier: Parameters<typeof tierAllows>[1]) => tierAllows(tierOfLevel(levelOf(user.scope)), tier);

/** The screen layouts: the list a user may pick from, and one layout (its newest version). */
export function layoutRoutes(catalog: LayoutCatalog): AnyRoute[] {
  const auth = { kind: 'session', permission: 'screen.watch' } as const;
  return [
    defineRoute({
      method: 'get',
      path: '/api/layouts',
      tag: 'layouts',
      summary: 'The screen layouts the caller may show: those of their scope’s tier, of narrower tiers (drill-down), and for any tier',
      auth,
      response: LayoutsResponse,
      async handle({ user }) {
        const all = await catalog.all();
        return {
          layouts: all
            .filter((e) => visibleTo(user, e.layout.tier))
            .map((e) => ({ id: e.layout.id, name: e.layout.name, tier: e.layout.tier, version: e.version, pages: e.layout.pages.length })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/layouts/:id',
      tag: 'layouts',
      summary: 'One layout at the current schema version, defaults filled in: its newest stored version, else its file',
      auth,
      params: LayoutParams,
      response: LayoutResponse,
      refusals: ['NOT_FOUND', 'OUT_OF_SCOPE'],
      async handle({ params, user }) {
        const e = await catalog.get(params.id);
        if (!e) throw Errors.notFound(`layout ${params.id}`);
        if (!visibleTo(user, e.layout.tier)) throw Errors.outOfScope(`layout ${params.id} (tier ${e.layout.tier})`, user.scope);
        return { version: e.version, origin: e.origin, updatedAt: e.updatedAt.toISOString(), layout: e.layout };
      },
    }),
  ];
}
