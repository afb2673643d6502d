// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON format, one jurisdiction:
// the city's event classes are the services, and a service request is a citizen report on the
// same ingest path as every other source (so it enters VERIFYING). A source key is the api_key
// and fixes the scope of what may be reported and read.
import crypto from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { IngestEvent } from '../../protocol/events.js';
import type { Category } from '../../../datasets/load.js';
import type { Identities, Source } from '../auth/identities.js';
import { CLOSED_STATUSES, type Open311Queries, type RequestRow } from '../db/open311-queries.js';
import { GatewayError } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import type { Logger } from '../log.js';
import type { IngestService } from './ingest-service.js';

export interface Open311Deps {
  ingest: IngestService;
  queries: Open311Queries;
  categories: readonly Category[];
  areas: AreaIndex;
  identities: Identities;
  log?: Logger;
}

/** A GeoReport v2 error: answered as `[{ code, description }]` with `code` as the HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Requests a GET answers at most, and how far back it looks without dates (GeoReport v2 defaults). */
export const MAX_REQUESTS = 1000;
export const DEFAULT_DAYS = 90;

const BASE = '/open311/v2';

const coord = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number({ error: 'a number' }).finite().min(min).max(max));
const text = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

/** The fields of a POST we use; any other (attribute[…], device_id, …) is accepted and ignored. */
const PostRequest = z.object({
  service_code: z.string({ error: 'service_code was not provided' }).trim().min(1, 'service_code was not provided'),
  lat: coord(-90, 90),
  long: coord(-180, 180),
  description: text(4000),
  address_string: text(200),
  email: text(128),
  first_name: text(100),
  last_name: text(100),
  phone: text(64),
  media_url: z.preprocess((v) => (v === '' ? undefined : v), z.url({ error: 'media_url must be a URL' }).max(2000).optional()),
  token: text(200),
});

const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(1000));
const isoWithOffset = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with a time zone' });

const GetRequests = z.object({
  service_request_id: commaList(z.string().max(64)).optional(),
  service_code: commaList(z.string()).optional(),
  start_date: isoWithOffset.optional(),
  end_date: isoWithOffset.optional(),
  status: commaList(z.enum(['open', 'closed'], { error: 'status is open or closed' })).optional(),
});

function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new Open311Error(400, issuesText(r.error));
  return r.data;
}

/** The gateway's own errors (from the ingest path) in GeoReport's terms. */
function fromGatewayError(err: GatewayError): Open311Error {
  const details = err.details?.map((d) => d.message).join('; ');
  switch (err.statusCode) {
    case 401:
      return new Open311Error(403, 'api_key was not provided or invalid');
    case 400:
      return new Open311Error(400, details || err.message);
    default:
      return new Open311Error(err.statusCode, details ? `${err.message}: ${details}` : err.message);
  }
}

/** What a GET answers for one request. */
export interface ServiceRequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

const iso = (ms: bigint | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Source ids of events that came in through Open311 start with this (their title is the address). */
export const OPEN311_ID_PREFIX = 'o311-';

const SERVICE_NOTICE = 'Received. An inspector will verify the report on site before it is filed.';

/**
 * The source id of a request, its idempotency key: a client `token`, or else a hash of what the
 * request says and the minute it arrived, so a retried POST finds the event the first one stored.
 */
export function requestSourceId(source: string, p: { lat: number; long: number; service_code: string; description?: string | undefined; token?: string | undefined }, nowMs: number): string {
  const key = p.token !== undefined ? ['token', source, p.token] : [source, p.lat, p.long, p.service_code, p.description ?? '', Math.floor(nowMs / 60_000)];
  return OPEN311_ID_PREFIX + crypto.createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 40);
}

export function open311Router(d: Open311Deps): Router {
  const r = Router();
  const services = d.categories.filter((c) => c.kind !== 'component');
  const byCode = new Map(services.map((c) => [c.code, c]));

  const authenticate = (req: Request): Source => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = str(body.api_key) ?? str(req.query.api_key) ?? bearer(req.headers.authorization);
    const source = d.identities.source(key);
    if (!source) throw new Open311Error(403, 'api_key was not provided or invalid');
    return source;
  };

  const toView = (row: RequestRow): ServiceRequestView => {
    const c = byCode.get(row.category);
    const media = row.media ? (JSON.parse(row.media) as string[]) : [];
    const fromOpen311 = row.source_id.startsWith(OPEN311_ID_PREFIX);
    return {
      service_request_id: row.id,
      status: (CLOSED_STATUSES as readonly string[]).includes(row.status) ? 'closed' : 'open',
      status_notes: row.status,
      service_name: c?.name ?? null,
      service_code: row.category,
      // an Open311 report's title is its address; other sources' titles describe the event
      description: row.description ?? (fromOpen311 ? null : row.title || null),
      agency_responsible: row.department ?? c?.department ?? null,
      service_notice: null,
      requested_datetime: iso(row.occurred_ms)!,
      updated_datetime: iso(row.updated_ms)!,
      expected_datetime: iso(row.deadline_ms),
      address: fromOpen311 && row.title !== (c?.name ?? '') ? row.title || null : null,
      lat: row.lat,
      long: row.lon,
      media_url: media[0] ?? null,
    };
  };

  r.use(BASE, express.urlencoded({ extended: false, limit: '100kb' }), express.json({ limit: '100kb' }));

  r.get(`${BASE}/services.json`, (_req, res) => {
    res.json(
      services.map((c) => ({
        service_code: c.code,
        service_name: c.name,
        description: [c.nameEn, c.filing].filter(Boolean).join(' — ') || c.name,
        metadata: false,
        type: 'realtime',
        keywords: [c.name, c.nameEn, c.majorName].filter(Boolean).join(','),
        group: c.majorName ?? c.major ?? c.code.slice(0, 2),
      })),
    );
  });

  r.get(`${BASE}/services/:code.json`, (req, res) => {
    // No service has attributes (metadata false): the definition is empty, or 404.
    const code = String(req.params.code);
    if (!byCode.has(code)) throw new Open311Error(404, `service_code ${code} not found`);
    res.json({ service_code: code, attributes: [] });
  });

  r.post(`${BASE}/requests.json`, async (req, res) => {
    const source = authenticate(req);
    const p = parse(PostRequest, req.body);
    const service = byCode.get(p.service_code);
    if (!service) throw new Open311Error(400, `service_code ${p.service_code} not found`);
    const now = Date.now();
    const event: IngestEvent = {
      id: requestSourceId(source.name, p, now),
      occurredAt: new Date(now).toISOString(),
      lon: p.long,
      lat: p.lat,
      category: service.code,
      urgency: 'normal',
      // the event table has no address column: an Open311 report's title is its address
      title: (p.address_string ?? service.name).slice(0, 200),
      reporter: { kind: 'citizen', id: (p.email ?? p.phone ?? 'anonymous').slice(0, 128) },
    };
    if (p.description !== undefined) event.description = p.description;
    if (p.media_url !== undefined) event.media = [p.media_url];
    try {
      await d.ingest.ingest('events', source, { events: [event] });
    } catch (err) {
      if (err instanceof GatewayError) throw fromGatewayError(err);
      throw err;
    }
    const id = await d.queries.idOf(source.name, event.id);
    if (!id) throw new Open311Error(500, 'the request was stored but cannot be found');
    res.json([{ service_request_id: id, service_notice: SERVICE_NOTICE, account_id: null }]);
  });

  r.get(`${BASE}/requests.json`, async (req, res) => {
    const source = authenticate(req);
    const q = parse(GetRequests, req.query);
    for (const code of q.service_code ?? []) {
      if (!byCode.has(code)) throw new Open311Error(404, `service_code ${code} not found`);
    }
    const fromMs = q.start_date ? Date.parse(q.start_date) : undefined;
    const toMs = q.end_date ? Date.parse(q.end_date) : undefined;
    if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) throw new Open311Error(400, 'start_date is after end_date');
    const statuses = [...new Set(q.status ?? [])];
    const rows = await d.queries.list({
      scope: source.scope,
      ids: q.service_request_id,
      categories: q.service_code,
      status: statuses.length === 1 ? statuses[0] : undefined,
      // without dates: the last 90 days
      fromMs: fromMs ?? (toMs === undefined ? Date.now() - DEFAULT_DAYS * 86_400_000 : undefined),
      toMs,
      limit: MAX_REQUESTS,
    });
    res.json(rows.map(toView));
  });

  r.get(`${BASE}/requests/:id.json`, async (req, res) => {
    const source = authenticate(req);
    const id = String(req.params.id);
    const row = id.length <= 64 ? await d.queries.byId(source.scope, id) : null;
    if (!row) throw new Open311Error(404, `service_request_id ${id} not found`);
    res.json([toView(row)]);
  });

  r.use(BASE, (_req: Request, _res: Response) => {
    throw new Open311Error(404, 'no such GeoReport v2 resource (this server speaks JSON: use .json)');
  });

  // Every error under /open311 in GeoReport's shape, body-parser's included.
  r.use(BASE, (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    let e: Open311Error;
    if (err instanceof Open311Error) e = err;
    else if (err instanceof GatewayError) e = fromGatewayError(err);
    else {
      const b = err as { type?: string; status?: number; message?: string } | null;
      if (b?.type === 'entity.parse.failed') e = new Open311Error(400, `the body is not valid JSON: ${b.message}`);
      else if (b?.type === 'entity.too.large') e = new Open311Error(413, 'the request body is too large');
      else if (typeof b?.status === 'number' && b.status >= 400 && b.status < 500) e = new Open311Error(b.status, b.message ?? 'bad request');
      else e = new Open311Error(500, 'internal error');
    }
    if (e.code >= 500) d.log?.error({ err }, 'open311 request failed');
    res.status(e.code).json([{ code: e.code, description: e.description }]);
  });

  return r;
}

const o311Errors = {
  description: '[{ code, description }]',
  content: { 'application/json': { schema: { type: 'array', items: { type: 'object', properties: { code: { type: 'integer' }, description: { type: 'string' } } } } } },
};
const keyParam = { name: 'api_key', in: 'query', schema: { type: 'string' }, description: 'a source key (or Authorization: Bearer); fixes the scope' };

/** The OpenAPI paths of the GeoReport v2 routes, for buildOpenApi's `paths`. */
export const OPEN311_OPENAPI_PATHS = {
  [`${BASE}/services.json`]: {
    get: { summary: 'Open311: the event classes as services (no key needed)', responses: { '200': { description: '[{ service_code, service_name, description, metadata, type, keywords, group }]' } } },
  },
  [`${BASE}/requests.json`]: {
    post: {
      summary: 'Open311: report a service request; a citizen report on the ingest path (enters VERIFYING). Form-encoded or JSON.',
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ['application/x-www-form-urlencoded', 'application/json'].map((type) => [
            type,
            {
              schema: {
                type: 'object',
                required: ['service_code', 'lat', 'long'],
                properties: Object.fromEntries(
                  ['api_key', 'service_code', 'description', 'address_string', 'email', 'first_name', 'last_name', 'phone', 'media_url', 'token']
                    .map((k) => [k, { type: 'string' }])
                    .concat([['lat', { type: 'number' }], ['long', { type: 'number' }]] as [string, { type: string }][]),
                ),
              },
            },
          ]),
        ),
      },
      responses: {
        '200': { description: '[{ service_request_id, service_notice, account_id }]; a repeated request (same token, or same content within the minute) answers the same id' },
        '400': o311Errors,
        '403': o311Errors,
        '429': o311Errors,
      },
    },
    get: {
      summary: 'Open311: service requests inside the key’s scope (default: the last 90 days, at most 1,000)',
      parameters: [
        keyParam,
        ...['service_request_id', 'service_code', 'start_date', 'end_date'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        { name: 'status', in: 'query', schema: { type: 'string' }, description: 'open, closed, or both comma-separated' },
      ],
      responses: { '200': { description: 'service requests' }, '400': o311Errors, '403': o311Errors, '404': o311Errors },
    },
  },
  [`${BASE}/requests/{id}.json`]: {
    get: {
      summary: 'Open311: one service request',
      parameters: [keyParam, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: '[service request]' }, '403': o311Errors, '404': o311Errors },
    },
  },
};
