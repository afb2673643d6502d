import { Router } from 'express';
import { z } from 'zod';
import { EventStatus } from '../../protocol/events.js';
import { levelOf, narrowScope } from '../../protocol/scope.js';
import type { Identities } from '../auth/identities.js';
import { TOKEN_TTL_S, type TokenSigner } from '../auth/tokens.js';
import type { EventQueries } from '../db/event-queries.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { summarize } from '../realtime/summaries.js';
import { buildOpenApi } from './openapi.js';
import { SESSION_COOKIE, requireUser } from './session.js';
import { parsePart } from './validate.js';

export interface ApiDeps {
  ids: Identities;
  tokens: TokenSigner;
  queries: EventQueries;
  areas: AreaIndex;
  categories: readonly unknown[];
  seq: () => number;
  startedAt: number;
}

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(50));

const areaCode = z.string().regex(/^\d{4,15}$/, 'an area code of 4 to 15 digits');

const EventsQuery = z.strictObject({
  status: csv(EventStatus).optional(),
  category: csv(z.string().regex(/^\d{4}$/, 'a 4-digit class code')).optional(),
  area: areaCode.optional(),
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});

const AreasQuery = z.strictObject({
  level: z.enum(['district', 'street', 'community', 'grid']),
  parent: areaCode.optional(),
});

const Login = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

/** Narrows the caller's scope by `area`; an area outside it is refused, never widened. */
function scopeFor(userScope: string, area: string | undefined): string {
  const scope = narrowScope(userScope, area);
  if (!scope) throw Errors.outOfScope(`area ${area}`, userScope);
  if (!levelOf(scope)) throw Errors.validation('query', [{ path: 'area', message: `${area} is not an area code` }]);
  return scope;
}

export function apiRouter(d: ApiDeps): Router {
  const r = Router();
  const auth = requireUser(d.tokens);
  const openapi = buildOpenApi();

  r.get('/api/health', (_req, res) => {
    res.json({ ok: true, seq: d.seq(), uptimeS: Math.round((Date.now() - d.startedAt) / 1000) });
  });
  r.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  r.post('/api/auth/login', async (req, res) => {
    const { username, password } = parsePart('body', Login, req.body);
    const user = d.ids.login(username, password);
    if (!user) throw Errors.badCredentials();
    const token = await d.tokens.sign(user);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', maxAge: TOKEN_TTL_S * 1000, path: '/' });
    res.json({ token, user });
  });
  r.post('/api/auth/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });
  r.get('/api/auth/me', auth, (req, res) => {
    res.json({ user: req.user });
  });

  r.get('/api/events', auth, async (req, res) => {
    const q = parsePart('query', EventsQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const events = await d.queries.list({ scope, status: q.status, category: q.category, since: q.since, limit: q.limit });
    res.json({ events });
  });
  r.get('/api/events/:id', auth, async (req, res) => {
    const { id } = parsePart('params', z.object({ id: z.string().min(1).max(64) }), req.params);
    const event = await d.queries.byId(req.user!.scope, id);
    if (!event) throw Errors.notFound(`event ${id}`);
    res.json(event);
  });
  r.get('/api/stats/summary', auth, async (req, res) => {
    const q = parsePart('query', z.strictObject({ area: areaCode.optional() }), req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const now = new Date();
    const { counts, seq } = await d.queries.countsByStreet(now.getTime(), scope.length > 9 ? scope : undefined);
    res.json(summarize(scope, counts, seq, now));
  });

  r.get('/api/areas', auth, (req, res) => {
    const q = parsePart('query', AreasQuery, req.query);
    const userScope = req.user!.scope;
    // The areas of the caller's scope, and the outline of the areas above it that contain it.
    const under = q.parent ? scopeFor(userScope, q.parent) : userScope;
    const features = d.areas
      .features(q.level, under)
      .filter((f) => f.properties.code.startsWith(userScope) || userScope.startsWith(f.properties.code));
    res.json({ type: 'FeatureCollection', features });
  });
  r.get('/api/categories', auth, (_req, res) => {
    res.json({ categories: d.categories });
  });
  return r;
}
