import express, { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { EventStatus } from '../../protocol/events.js';
import { levelOf, narrowScope } from '../../protocol/scope.js';
import type { Identities } from '../auth/identities.js';
import type { Sessions } from '../auth/tokens.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { EventQueries } from '../db/event-queries.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { summarize } from '../realtime/summaries.js';
import { buildOpenApi } from './openapi.js';
import { SESSION_COOKIE, authorize, requestToken } from './session.js';
import { parsePart } from './validate.js';

export interface ApiDeps {
  ids: Identities;
  sessions: Sessions;
  store: IdentityStore;
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
export function scopeFor(userScope: string, area: string | undefined): string {
  const scope = narrowScope(userScope, area);
  if (!scope) throw Errors.outOfScope(`area ${area}`, userScope);
  if (!levelOf(scope)) throw Errors.validation('query', [{ path: 'area', message: `${area} is not an area code` }]);
  return scope;
}

export function apiRouter(d: ApiDeps): Router {
  const r = Router();
  r.use(express.json({ limit: '100kb' }));
  // Failed logins per address and username: enough for people, too few for guessing.
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown } | undefined)?.username ?? '')}`,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(Errors.rateLimited(60)),
  });
  const allow = (p: Parameters<typeof authorize>[1]) => authorize(d.sessions, p);
  const openapi = buildOpenApi();

  r.get('/api/health', (_req, res) => {
    res.json({ ok: true, seq: d.seq(), uptimeS: Math.round((Date.now() - d.startedAt) / 1000) });
  });
  r.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  r.post('/api/auth/login', loginLimiter, async (req, res) => {
    const { username, password } = parsePart('body', Login, req.body);
    const user = await d.ids.login(username, password);
    if (!user) {
      // Filed under the named user's scope, or the city's for names that do not exist.
      const scope = d.ids.listUsers().find((u) => u.username === username)?.scope ?? d.areas.cityCode;
      await d.store.audit({ actor: username, scope, action: 'login_failed', ip: req.ip });
      throw Errors.badCredentials();
    }
    const token = await d.sessions.issue(user);
    await d.store.audit({ actor: user.username, role: user.role, scope: user.scope, action: 'login', ip: req.ip });
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', maxAge: d.sessions.ttlS * 1000, path: '/' });
    res.json({ token, user });
  });
  r.post('/api/auth/logout', async (req, res) => {
    const user = await d.sessions.revoke(requestToken(req));
    if (user) await d.store.audit({ actor: user.username, role: user.role, scope: user.scope, action: 'logout', ip: req.ip });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });
  r.get('/api/auth/me', allow('screen.watch'), (req, res) => {
    res.json({ user: req.user });
  });
  r.get('/api/audit', allow('audit.read'), async (req, res) => {
    const q = parsePart('query', z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) }), req.query);
    res.json({ audit: await d.store.auditRows(req.user!.scope, q.limit) });
  });

  r.get('/api/events', allow('events.read'), async (req, res) => {
    const q = parsePart('query', EventsQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const events = await d.queries.list({ scope, status: q.status, category: q.category, since: q.since, limit: q.limit });
    res.json({ events });
  });
  r.get('/api/stats/summary', allow('stats.read'), async (req, res) => {
    const q = parsePart('query', z.strictObject({ area: areaCode.optional() }), req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    const now = new Date();
    const { counts, seq } = await d.queries.countsByStreet(now.getTime(), scope.length > 9 ? scope : undefined);
    res.json(summarize(scope, counts, seq, now));
  });

  r.get('/api/areas', allow('areas.read'), (req, res) => {
    const q = parsePart('query', AreasQuery, req.query);
    const userScope = req.user!.scope;
    // The areas of the caller's scope, and the outline of the areas above it that contain it.
    const under = q.parent ? scopeFor(userScope, q.parent) : userScope;
    const features = d.areas
      .features(q.level, under)
      .filter((f) => f.properties.code.startsWith(userScope) || userScope.startsWith(f.properties.code));
    res.json({ type: 'FeatureCollection', features });
  });
  r.get('/api/categories', allow('categories.read'), (_req, res) => {
    res.json({ categories: d.categories });
  });
  return r;
}
