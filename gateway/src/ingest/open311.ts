// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as existing clients use it:
// every method in XML (the spec's required format) and JSON, service discovery, jurisdiction_id,
// errors as `[{ code, description }]` / `<errors><error>`. The city's event classes are the
// services; a service request is a citizen report on the same ingest path as every other source
// (so it enters VERIFYING). Filing needs a source key as `api_key`; reading does not: without a
// key a reader sees the requests filed through Open311 anywhere in the city, with a key every
// request in the key's scope, and nobody sees who reported one (staff see that in the workflow).
import crypto from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { IngestEvent } from '../../protocol/events.js';
import type { Category, Department } from '../../../datasets/load.js';
import type { Identities, Source } from '../auth/identities.js';
import { CLOSED_STATUSES, OPEN311_ID_PREFIX, type Open311Queries, type RequestRow } from '../db/open311-queries.js';
import { GatewayError } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import type { Logger } from '../log.js';
import type { IngestService } from './ingest-service.js';
import { FORMATS, sendDocument, type Open311Format } from './open311-format.js';

export { OPEN311_ID_PREFIX };

/** What the city says about its Open311 endpoint (city.json `open311`, all optional). */
export interface Open311Settings {
  /** jurisdiction_id values this endpoint answers to, besides the city code (e.g. "hangzhou.gov.cn") */
  jurisdictionIds?: string[];
  contact?: string;
  keyService?: string;
}

export interface Open311Deps {
  ingest: IngestService;
  queries: Open311Queries;
  categories: readonly Category[];
  departments?: readonly Department[];
  areas: AreaIndex;
  identities: Identities;
  city: { code: string; name: string; open311?: Open311Settings | undefined };
  /** keyless reads a client address may make per minute */
  readsPerMinute?: number;
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
/** The spec's longest start_date..end_date span. */
export const MAX_SPAN_DAYS = 90;

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const BASE = '/open311/v2';

const coord = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number({ error: 'a number' }).finite().min(min).max(max));
const text = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

/** The fields of a POST we use; any other (attribute[…], device_id, account_id, …) is accepted and ignored. */
const PostRequest = z.object({
  service_code: z.string({ error: 'service_code was not provided' }).trim().min(1, 'service_code was not provided'),
  lat: coord(-90, 90).optional(),
  long: coord(-180, 180).optional(),
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
const isoWithOffset = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with a time zone, e.g. 2010-01-01T00:00:00Z' });
const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t.optional());

const GetRequests = z.object({
  service_request_id: optional(commaList(z.string().max(64))),
  service_code: optional(commaList(z.string())),
  start_date: optional(isoWithOffset),
  end_date: optional(isoWithOffset),
  status: optional(commaList(z.enum(['open', 'closed'], { error: 'status is open or closed' }))),
});

function bearer(header: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const at = i.path.map(String).join('.');
      return at && !i.message.startsWith(at) ? `${at}: ${i.message}` : i.message;
    })
    .join('; ');
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

/** What a GET answers for one request: public fields only (never the reporter), in the spec's order. */
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
  address_id: null;
  zipcode: null;
  lat: number;
  long: number;
  media_url: string | null;
}

const iso = (ms: bigint | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

const SERVICE_NOTICE = '已收到，监督员将到现场核实后立案。Received: an inspector will verify the report on site before it is filed.';

/** Where a case stands, for the citizen following it (status_notes), in Chinese and English. */
const STATUS_NOTES: Record<string, (agency: string | null) => string> = {
  REPORTED: () => '已上报，等待受理。Reported, waiting to be accepted.',
  VERIFYING: () => '核实中：监督员将到现场核实。Verifying: an inspector checks the report on site.',
  ACCEPTED: () => '已受理，等待立案。Accepted, waiting to be filed.',
  INVALID: () => '经核实不予受理。Not accepted: the report could not be confirmed on site.',
  FILED: () => '已立案，等待派遣。Filed, waiting to be dispatched.',
  REJECTED: () => '不予立案。Not filed: it is not a matter for the city.',
  DISPATCHED: (a) => `已派遣${a ? `至${a}` : ''}。Dispatched${a ? ` to ${a}` : ''}.`,
  PROCESSING: (a) => `${a ?? '责任单位'}正在处置。Being handled${a ? ` by ${a}` : ''}.`,
  HANDLED: () => '已处置，等待核查。Handled, waiting for an inspector to check.',
  CHECKING: () => '核查中：监督员将到现场核查处置结果。Checking: an inspector checks the work on site.',
  CLOSED: () => '已结案。Closed.',
};

/**
 * The source id of a request, its idempotency key: a client `token`, or else a hash of what the
 * request says and the minute it arrived, so a retried POST finds the event the first one stored.
 */
export function requestSourceId(source: string, p: { lat: number; long: number; service_code: string; description?: string | undefined; token?: string | undefined }, nowMs: number): string {
  const key = p.token !== undefined ? ['token', source, p.token] : [source, p.lat, p.long, p.service_code, p.description ?? '', Math.floor(nowMs / 60_000)];
  return OPEN311_ID_PREFIX + crypto.createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 40);
}

/** The format a URL asks for (`….xml` / `….json`), for answering an error in it. */
function formatOfUrl(url: string): Open311Format {
  return /\.xml(?:\?|$)/i.test(url) ? 'xml' : 'json';
}

function formatOf(req: Request): Open311Format {
  const f = String(req.params.format ?? '').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw new Open311Error(404, `format "${f}" is not served: use .xml or .json`);
  return f as Open311Format;
}

/** YYYY-MM-DD HH:MM in the city's time: the sortable changeset of discovery. */
function changesetOf(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function open311Router(d: Open311Deps): Router {
  const r = Router();
  const services = d.categories.filter((c) => c.kind !== 'component');
  const byCode = new Map(services.map((c) => [c.code, c]));
  const departmentName = new Map((d.departments ?? []).map((x) => [x.code, x.name]));
  const jurisdictions = new Set([d.city.code, ...(d.city.open311?.jurisdictionIds ?? [])].map((j) => j.toLowerCase()));
  // Services can change only with a restart (they are the dataset's classes).
  const changeset = changesetOf(new Date());

  /** jurisdiction_id: optional for one jurisdiction (ignored when empty), but a wrong one is answered 404. */
  const checkJurisdiction = (req: Request): void => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const j = str(req.query.jurisdiction_id) ?? str(body.jurisdiction_id);
    if (j !== undefined && !jurisdictions.has(j.trim().toLowerCase())) {
      throw new Open311Error(404, `jurisdiction_id ${j} not found: this endpoint serves ${[...jurisdictions].join(' or ')} (${d.city.name})`);
    }
  };

  const keyOf = (req: Request): string | undefined => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return str(body.api_key) ?? str(req.query.api_key) ?? bearer(req.headers.authorization);
  };

  /** A key when one is sent (a wrong one is refused, never ignored), else null: a keyless reader. */
  const reader = (req: Request): Source | null => {
    const key = keyOf(req);
    if (key === undefined) return null;
    const source = d.identities.source(key);
    if (!source) throw new Open311Error(403, 'api_key is invalid');
    return source;
  };

  const toView = (row: RequestRow): ServiceRequestView => {
    const c = byCode.get(row.category);
    const media = row.media ? (JSON.parse(row.media) as string[]) : [];
    const fromOpen311 = row.source_id.startsWith(OPEN311_ID_PREFIX);
    const deptCode = row.department ?? c?.department ?? null;
    const agency = deptCode ? departmentName.get(deptCode) ?? deptCode : null;
    const status = (CLOSED_STATUSES as readonly string[]).includes(row.status) ? 'closed' : 'open';
    return {
      service_request_id: row.id,
      status,
      status_notes: (STATUS_NOTES[row.status] ?? (() => row.status))(row.status === 'DISPATCHED' || row.status === 'PROCESSING' ? agency : null),
      service_name: c?.name ?? null,
      service_code: row.category,
      // an Open311 report's title is its address; other sources' titles describe the event
      description: row.description ?? (fromOpen311 ? null : row.title || null),
      agency_responsible: agency,
      service_notice: null,
      requested_datetime: iso(row.occurred_ms)!,
      updated_datetime: iso(row.updated_ms)!,
      expected_datetime: status === 'open' ? iso(row.deadline_ms) : null,
      address: fromOpen311 && row.title !== (c?.name ?? '') ? row.title || null : null,
      address_id: null,
      zipcode: null,
      lat: row.lat,
      long: row.lon,
      media_url: media[0] ?? null,
    };
  };

  // Reads without a key are public: limited per client address, as any public API is.
  const keylessLimit = rateLimit({
    windowMs: 60_000,
    limit: d.readsPerMinute ?? 600,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => keyOf(req) !== undefined,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    handler: (_req, _res, next) => next(new Open311Error(429, 'too many requests without an api_key: retry in a minute')),
  });

  r.use('/open311', express.urlencoded({ extended: false, limit: '100kb' }), express.json({ limit: '100kb' }));

  // Service discovery: at the service base (/open311/discovery.xml), and beside the endpoint.
  for (const at of ['/open311/discovery.:format', `${BASE}/discovery.:format`]) {
    r.get(at, (req, res) => {
      const format = formatOf(req);
      const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      sendDocument(res, format, 'discovery', {
        changeset,
        contact: d.city.open311?.contact ?? `${d.city.name}城市运行管理中心 (${d.city.name} city operations center): ask its operators.`,
        key_service: d.city.open311?.keyService ?? 'Reading needs no key. To file requests, ask the command center\'s operators for a source key (npm run admin -- key add).',
        endpoints: [{ specification: SPECIFICATION, url: `${origin}${BASE}`, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
      });
    });
  }

  r.get(`${BASE}/services.:format`, keylessLimit, (req, res) => {
    const format = formatOf(req);
    checkJurisdiction(req);
    sendDocument(
      res,
      format,
      'services',
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

  r.get(`${BASE}/services/:code.:format`, keylessLimit, (req, res) => {
    const format = formatOf(req);
    checkJurisdiction(req);
    // No service has attributes (metadata false): the definition is empty, or 404.
    const code = String(req.params.code);
    if (!byCode.has(code)) throw new Open311Error(404, `service_code ${code} not found`);
    sendDocument(res, format, 'service_definition', { service_code: code, attributes: [] });
  });

  r.post(`${BASE}/requests.:format`, async (req, res) => {
    const format = formatOf(req);
    checkJurisdiction(req);
    const source = d.identities.source(keyOf(req));
    if (!source) throw new Open311Error(403, 'api_key was not provided or invalid');
    const p = parse(PostRequest, req.body);
    const service = byCode.get(p.service_code);
    if (!service) throw new Open311Error(404, `service_code ${p.service_code} not found`);
    if (p.lat === undefined || p.long === undefined) {
      throw new Open311Error(400, 'lat and long were not provided: this jurisdiction places every request by its location (an address_string or address_id alone cannot be placed)');
    }
    const where = { ...p, lat: p.lat, long: p.long };
    const now = Date.now();
    const event: IngestEvent = {
      id: requestSourceId(source.name, where, now),
      occurredAt: new Date(now).toISOString(),
      lon: p.long,
      lat: p.lat,
      category: service.code,
      urgency: 'normal',
      // the event table has no address column: an Open311 report's title is its address
      title: (p.address_string ?? service.name).slice(0, 200),
      // staff may need to call back; Open311 readers never see this
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
    sendDocument(res, format, 'service_requests', [{ service_request_id: id, service_notice: SERVICE_NOTICE, account_id: null }]);
  });

  r.get(`${BASE}/requests.:format`, keylessLimit, async (req, res) => {
    const format = formatOf(req);
    checkJurisdiction(req);
    const source = reader(req);
    const q = parse(GetRequests, req.query);
    for (const code of q.service_code ?? []) {
      if (!byCode.has(code)) throw new Open311Error(404, `service_code ${code} not found`);
    }
    const fromMs = q.start_date ? Date.parse(q.start_date) : undefined;
    const toMs = q.end_date ? Date.parse(q.end_date) : undefined;
    if (fromMs !== undefined && toMs !== undefined) {
      if (fromMs > toMs) throw new Open311Error(400, 'start_date is after end_date');
      if (toMs - fromMs > MAX_SPAN_DAYS * 86_400_000) throw new Open311Error(400, `start_date and end_date may span at most ${MAX_SPAN_DAYS} days`);
    }
    const statuses = [...new Set(q.status ?? [])];
    const rows = await d.queries.list({
      scope: source?.scope ?? d.areas.cityCode,
      open311Only: source === null,
      ids: q.service_request_id,
      categories: q.service_code,
      status: statuses.length === 1 ? statuses[0] : undefined,
      // without dates: the last 90 days (or the 90 days up to end_date, or from start_date)
      fromMs: fromMs ?? (toMs !== undefined ? toMs - DEFAULT_DAYS * 86_400_000 : Date.now() - DEFAULT_DAYS * 86_400_000),
      toMs: toMs ?? (fromMs !== undefined ? fromMs + DEFAULT_DAYS * 86_400_000 : undefined),
      limit: MAX_REQUESTS,
    });
    sendDocument(res, format, 'service_requests', rows.map(toView));
  });

  r.get(`${BASE}/requests/:id.:format`, keylessLimit, async (req, res) => {
    const format = formatOf(req);
    checkJurisdiction(req);
    const source = reader(req);
    const id = String(req.params.id);
    const row = id.length <= 64 ? await d.queries.byId(source?.scope ?? d.areas.cityCode, id, source === null) : null;
    if (!row) throw new Open311Error(404, `service_request_id ${id} not found`);
    sendDocument(res, format, 'service_requests', [toView(row)]);
  });

  // A token here is the one a client sent with its POST (`token`): every request is realtime, so
  // this only finds the id of a request filed with one, as the spec's batch clients would ask.
  r.get(`${BASE}/tokens/:token.:format`, keylessLimit, async (req, res) => {
    const format = formatOf(req);
    checkJurisdiction(req);
    const token = String(req.params.token);
    const pairs = token.length <= 200 ? d.identities.listKeys().map((k) => ({ source: k.name, sourceId: requestSourceId(k.name, { lat: 0, long: 0, service_code: '', token }, 0) })) : [];
    const ids = await d.queries.idsOf(pairs);
    if (ids.length === 0) throw new Open311Error(404, `token ${token} not found`);
    sendDocument(res, format, 'service_requests', ids.map((id) => ({ service_request_id: id, token })));
  });

  r.use(BASE, (req: Request) => {
    throw new Open311Error(404, `no GeoReport v2 resource at ${req.method} ${req.baseUrl}${req.path} (the methods: services, services/<code>, requests, requests/<id>, tokens/<token>, each .xml or .json)`);
  });
  r.use('/open311', () => {
    throw new Open311Error(404, `no such resource: service discovery is at /open311/discovery.xml (or .json), the endpoint at ${BASE}`);
  });

  // Every error under /open311 in GeoReport's shape and the format asked for, body-parser's included.
  r.use('/open311', (err: unknown, req: Request, res: Response, _next: NextFunction) => {
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
    sendDocument(res, formatOfUrl(req.originalUrl), 'errors', [{ code: e.code, description: e.description }], e.code);
  });

  return r;
}
