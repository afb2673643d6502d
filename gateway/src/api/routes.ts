import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import {
  AreasQuery,
  AreasResponse,
  AuditQuery,
  AuditResponse,
  CategoriesResponse,
  EventsQuery,
  EventsResponse,
  HealthResponse,
  LoginBody,
  LoginResponse,
  MeResponse,
  OkResponse,
  SummaryQuery,
  type CategoryInfo,
} from '../../protocol/rest.js';
import { ScopeSummary } from '../../protocol/summary.js';
import type { Identities } from '../auth/identities.js';
import type { Sessions } from '../auth/tokens.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { EventQueries, SummaryCounts } from '../db/event-queries.js';
import { Errors } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import { summarize, summedFromStreets } from '../realtime/summaries.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';
import { SESSION_COOKIE, requestToken } from './session.js';
import { z } from 'zod';

export interface CoreRouteDeps {
  ids: Identities;
  sessions: Sessions;
  store: IdentityStore;
  queries: EventQueries;
  summaryCounts: SummaryCounts;
  areas: AreaIndex;
  categories: readonly CategoryInfo[];
  /** every change up to it is committed */
  committedSeq: () => number;
  seq: () => number;
  startedAt: number;
  /** the OpenAPI document of every route (built once the table is complete) */
  openapi: () => object;
}

/** Health, the OpenAPI document, sessions, audit, events, the summary, areas and classes. */
export function coreRoutes(d: CoreRouteDeps): AnyRoute[] {
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

  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      tag: 'gateway',
      summary: 'Liveness and the latest seq (no auth)',
      auth: { kind: 'none' },
      response: HealthResponse,
      handle: () => ({ ok: true as const, seq: d.seq(), uptimeS: Math.round((Date.now() - d.startedAt) / 1000) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'gateway',
      summary: 'This document',
      auth: { kind: 'none' },
      response: z.looseObject({ openapi: z.string() }),
      handle: () => d.openapi() as { openapi: string },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      tag: 'identity',
      summary: 'Log in; returns a token and sets the httpOnly gc_session cookie',
      auth: { kind: 'none' },
      body: LoginBody,
      before: [loginLimiter],
      response: LoginResponse,
      refusals: ['BAD_CREDENTIALS', 'RATE_LIMITED'],
      async handle({ body, req, res }) {
        const user = await d.ids.login(body.username, body.password);
        if (!user) {
          // Filed under the named user's scope, or the city's for names that do not exist.
          const scope = d.ids.listUsers().find((u) => u.username === body.username)?.scope ?? d.areas.cityCode;
          await d.store.audit({ actor: body.username, scope, action: 'login_failed', ip: req.ip });
          throw Errors.badCredentials();
        }
        const token = await d.sessions.issue(user);
        await d.store.audit({ actor: user.username, role: user.role, scope: user.scope, action: 'login', ip: req.ip });
        res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', maxAge: d.sessions.ttlS * 1000, path: '/' });
        return { token, user };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      tag: 'identity',
      summary: 'Revoke the session token and clear the cookie',
      auth: { kind: 'none' },
      response: OkResponse,
      async handle({ req, res }) {
        const user = await d.sessions.revoke(requestToken(req));
        if (user) await d.store.audit({ actor: user.username, role: user.role, scope: user.scope, action: 'logout', ip: req.ip });
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      tag: 'identity',
      summary: 'The logged-in user',
      auth: { kind: 'session', permission: 'session.read' },
      response: MeResponse,
      handle: ({ user }) => ({ user }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit',
      tag: 'identity',
      summary: 'Audit rows (logins, failed logins, logouts, admin changes, dispatches, acknowledgements) within the caller’s scope, newest first; leaders only',
      auth: { kind: 'session', permission: 'audit.read' },
      query: AuditQuery,
      response: AuditResponse,
      async handle({ query, user }) {
        const rows = await d.store.auditRows(user.scope, query.limit);
        return { audit: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/events',
      tag: 'events',
      summary: 'Events in the caller’s scope, newest first (by the seq of their latest change)',
      auth: { kind: 'session', permission: 'events.read' },
      query: EventsQuery,
      response: EventsResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query, user }) {
        const scope = scopeFor(user.scope, query.area);
        const seq = d.committedSeq();
        const events = await d.queries.list({ scope, status: query.status, category: query.category, since: query.since, overdue: query.overdue === 'true', limit: query.limit });
        return { events, seq };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stats/summary',
      tag: 'stats',
      summary: 'Counts by status and category for the scope (or an area inside it)',
      auth: { kind: 'session', permission: 'stats.read' },
      query: SummaryQuery,
      response: ScopeSummary,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query, user }) {
        const scope = scopeFor(user.scope, query.area);
        const now = new Date();
        const { counts, seq } = await d.summaryCounts(now.getTime(), summedFromStreets(scope) ? undefined : scope);
        return summarize(scope, counts, seq, now);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/areas',
      tag: 'places',
      summary: 'Area polygons of one level inside the caller’s scope (and the outlines of the areas above that contain it), as GeoJSON',
      auth: { kind: 'session', permission: 'areas.read' },
      query: AreasQuery,
      response: AreasResponse,
      refusals: ['OUT_OF_SCOPE'],
      handle({ query, user }) {
        const under = query.parent ? scopeFor(user.scope, query.parent) : user.scope;
        const features = d.areas
          .features(query.level, under)
          .filter((f) => f.properties.code.startsWith(user.scope) || user.scope.startsWith(f.properties.code));
        return { type: 'FeatureCollection' as const, features: features as AreasResponse['features'] };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/categories',
      tag: 'places',
      summary: 'The city’s classification table of events and components, with limits and owning departments',
      auth: { kind: 'session', permission: 'categories.read' },
      response: CategoriesResponse,
      handle: () => ({ categories: [...d.categories] }),
    }),
  ];
}
