// The OpenAPI 3.1 document, generated from the route table and the protocol's zod schemas:
// what the document says a route takes and answers is what the route validates.
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../protocol/error-codes.js';
import { ErrorBody } from '../../protocol/errors.js';
import type { AnyRoute, RouteSpec } from './route.js';

type Json = Record<string, unknown>;

const SCHEMAS = '#/components/schemas/';

/**
 * JSON Schema of a zod schema, with named schemas (`.meta({ id })`) moved to `components` and
 * referenced from there.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const { $schema: _s, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json & { $defs?: Record<string, Json> };
  for (const [name, def] of Object.entries($defs ?? {})) {
    const { id: _id, ...body } = def;
    components[name] ??= JSON.parse(JSON.stringify(body).replaceAll('"#/$defs/', `"${SCHEMAS}`)) as Json;
  }
  const out = JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', `"${SCHEMAS}`)) as Json;
  // A named schema at the top comes back whole with its id: refer to it instead.
  const id = (out as { id?: unknown }).id;
  if (typeof id === 'string') {
    delete (out as { id?: unknown }).id;
    components[id] ??= out;
    return { $ref: `${SCHEMAS}${id}` };
  }
  return out;
}

/** Query or path parameters from an object schema. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path', components: Json): Json[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...p } = prop as Json & { description?: string };
    return { name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: p, ...(description ? { description } : {}) };
  });
}

const STATUS_TEXT: Record<number, string> = { 400: 'invalid request', 401: 'not authenticated', 403: 'not allowed', 404: 'not found', 409: 'conflict', 413: 'too large', 415: 'unsupported media type', 429: 'rate limited', 500: 'internal error', 503: 'unavailable' };

function responses(route: RouteSpec, components: Json): Json {
  const codes = new Set<ErrorCode>(route.refusals ?? []);
  if (route.params || route.query || route.body) codes.add('VALIDATION_FAILED');
  if (route.auth.kind === 'session') {
    codes.add('UNAUTHORIZED');
    codes.add('FORBIDDEN');
  } else if (route.auth.kind === 'source') codes.add('BAD_SOURCE_KEY');
  else if (route.auth.kind === 'session-or-source') {
    codes.add('UNAUTHORIZED');
    codes.add('FORBIDDEN');
  }
  const out: Json = {};
  out['200'] =
    'file' in route.response
      ? { description: 'a file', content: { [route.response.file]: { schema: { type: 'string', format: 'binary' } } } }
      : { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response, 'output', components) } } };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = { description: `${STATUS_TEXT[status] ?? 'error'}: code ${list.join(' | ')}`, content: { 'application/json': { schema: { $ref: `${SCHEMAS}Error` } } } };
  }
  return out;
}

const SECURITY: Record<RouteSpec['auth']['kind'], Json[] | undefined> = {
  none: undefined,
  session: [{ session: [] }],
  source: [{ sourceKey: [] }],
  'session-or-source': [{ session: [] }, { sourceKey: [] }],
};

/** The OpenAPI 3.1 document of the gateway's REST API: every route of the table, plus paths written apart (Open311). */
export function buildOpenApi(routes: readonly AnyRoute[], extraPaths: Record<string, unknown> = {}): object {
  const components: Json = {};
  jsonSchema(ErrorBody, 'output', components);
  const paths: Record<string, Json> = {};
  for (const route of routes as readonly RouteSpec[]) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const body = route.documentBody ?? route.body;
    const op: Json = {
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(SECURITY[route.auth.kind] ? { security: SECURITY[route.auth.kind] } : {}),
      ...(route.auth.kind === 'session' ? { 'x-permission': route.auth.permission } : {}),
      parameters: [...parameters(route.params, 'path', components), ...parameters(route.query, 'query', components)],
      ...(body ? { requestBody: { required: true, content: { [route.documentBodyType ?? 'application/json']: { schema: jsonSchema(body, 'input', components) } } } } : {}),
      responses: responses(route, components),
    };
    paths[path] = { ...(paths[path] ?? {}), [route.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'GridCommand gateway',
      version: '0.2.0',
      description: 'Ingest, screens and queries of the GridCommand gateway. Everything is narrowed to the caller’s scope. Every error body has the shape of `Error`; tell refusals apart by `code`.',
    },
    components: {
      securitySchemes: {
        sourceKey: { type: 'http', scheme: 'bearer', description: 'a per-source key (fixes the source’s scope)' },
        session: { type: 'http', scheme: 'bearer', description: 'a session token from /api/auth/login (also sent as the gc_session cookie)' },
      },
      schemas: components,
    },
    paths: { ...paths, ...extraPaths },
    'x-socket.io': {
      '/ingest': 'auth { key }; emit <stream> (events, positions, cameras, stats, …) with the HTTP body and an acknowledgement callback receiving the HTTP answer plus `status`; a refused connection’s connect_error carries the Error body as `data`',
      '/screen':
        'auth { token, since?, scope? }; server emits hello, then (with since) every change after it in seq order as events, positions, cameras, feedStats and alerts messages, then replayed; live: the same messages per tick, and stats (ScopeSummary) on a timer; a refused connection’s connect_error carries the Error body as `data`',
    },
  };
}
