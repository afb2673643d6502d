// A REST route as data: method, path, what it takes and answers (zod, from the protocol), who
// may call it, and its handler. The router validates every request with these schemas, the
// OpenAPI document is generated from the same table, and tests check that every route answers
// what its schema says.
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ErrorCode } from '../../protocol/errors.js';
import type { User } from '../auth/identities.js';
import { can, type Permission } from '../auth/policy.js';
import type { Sessions } from '../auth/tokens.js';
import { Errors, zodDetails } from '../errors.js';
import type { Logger } from '../log.js';
import { requestToken } from './session.js';

/**
 * Who may call a route: anyone, a session holding `permission`, a source key, or either (the
 * handler decides which, e.g. workflow transitions).
 */
export type RouteAuth = { kind: 'none' } | { kind: 'session'; permission: Permission } | { kind: 'source' } | { kind: 'session-or-source' };

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** the session's user (routes with session auth) */
  user: User;
  req: Request;
  res: Response;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Express path (`/api/events/:id`) */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: RouteAuth;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** the body the document shows, where the handler validates it itself (ingest checks the size, 413, before the schema) */
  documentBody?: z.ZodType;
  /** the media type of `documentBody` (default application/json), e.g. multipart/form-data for uploads the handler reads itself */
  documentBodyType?: string;
  /** largest JSON body taken (default 100 kB) */
  bodyLimit?: string;
  /** middleware run before the handler (after the body is read), e.g. a rate limit */
  before?: readonly RequestHandler[];
  /** what a 200 answers (JSON), or `file` for a handler that streams a download itself */
  response: z.ZodType<R> | { file: string };
  /** the refusals this route gives besides the common ones (400 for a bad request, 401/403 by its auth) */
  refusals?: readonly ErrorCode[];
  handle(input: RouteInput<P, Q, B>): Promise<R> | R;
}

/** A route of any types, as the table holds it. */
export type AnyRoute = RouteSpec<never, never, never, unknown>;

export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(spec: RouteSpec<P, Q, B, R>): AnyRoute {
  return spec as unknown as AnyRoute;
}

export interface MountOptions {
  sessions: Sessions;
  /** check every answer against its schema (tests): a mismatch is logged and answered 500 */
  validateResponses?: boolean;
  log?: Logger;
}

function parse<T>(part: 'body' | 'query' | 'params', schema: z.ZodType<T> | undefined, value: unknown): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value);
  if (!r.success) throw Errors.validation(part, zodDetails(r.error));
  return r.data;
}

/** An Express router serving the routes of the table. */
export function mountRoutes(routes: readonly AnyRoute[], o: MountOptions): Router {
  const r = Router();
  for (const route of routes as readonly RouteSpec[]) {
    const handlers: RequestHandler[] = [];
    if (route.body) handlers.push(express.json({ limit: route.bodyLimit ?? '100kb' }));
    handlers.push(...(route.before ?? []));
    handlers.push(async (req: Request, res: Response, next: NextFunction) => {
      let user: User | undefined;
      if (route.auth.kind === 'session') {
        user = (await o.sessions.verify(requestToken(req))) ?? undefined;
        if (!user) throw Errors.unauthorized();
        if (!can(user.role, route.auth.permission)) throw Errors.forbidden(`role ${user.role} may not ${route.auth.permission}`);
        req.user = user;
      }
      if (route.body && req.body === undefined) throw Errors.validation('body', [{ path: '', message: 'expected a JSON body' }]);
      const input = {
        params: parse('params', route.params, req.params),
        query: parse('query', route.query, req.query),
        body: parse('body', route.body, req.body),
        user: user as User,
        req,
        res,
      };
      const answer = await route.handle(input);
      if ('file' in route.response) {
        if (!res.headersSent) next(Errors.notFound('file'));
        return;
      }
      if (o.validateResponses) {
        const check = route.response.safeParse(answer);
        if (!check.success) {
          o.log?.error({ route: `${route.method.toUpperCase()} ${route.path}`, issues: zodDetails(check.error) }, 'answer does not match its schema');
          throw new Error(`${route.method.toUpperCase()} ${route.path}: answer does not match its schema: ${JSON.stringify(zodDetails(check.error).slice(0, 3))}`);
        }
      }
      res.json(answer);
    });
    r[route.method](route.path, ...handlers);
  }
  return r;
}
