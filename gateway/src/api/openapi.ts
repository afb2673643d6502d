import { z } from 'zod';
import { IngestEvent, IngestEventBatch } from '../../protocol/events.js';
import { CameraBatch, PositionBatch, StatBatch } from '../../protocol/feeds.js';
import { OPEN311_OPENAPI_PATHS } from '../ingest/open311.js';
import { ALERT_OPENAPI_PATHS } from './alert-routes.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const errorResponses = {
  '400': { description: 'invalid input; `details` names each path', content: json(ref('Error')) },
  '401': { description: 'missing or bad key / token', content: json(ref('Error')) },
  '403': { description: 'outside the caller’s scope', content: json(ref('Error')) },
};

function schemaOf(t: z.ZodType): object {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(t, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function ingestPath(summary: string, body: string) {
  return {
    post: {
      summary,
      security: [{ sourceKey: [] }],
      requestBody: { required: true, content: json(ref(body)) },
      responses: {
        '200': { description: 'committed', content: json(ref('IngestAck')) },
        ...errorResponses,
        '413': { description: 'more than 5,000 items', content: json(ref('Error')) },
        '429': { description: 'rate limited', content: json(ref('Error')) },
      },
    },
  };
}

/** The OpenAPI 3.1 document of the gateway's REST API, schemas generated from the protocol's zod types. */
export function buildOpenApi(): object {
  const eventView = {
    type: 'object',
    required: ['seq', 'id', 'sourceId', 'source', 'category', 'status', 'urgency', 'lon', 'lat', 'districtCode', 'streetCode', 'gridCode', 'occurredAt', 'updatedAt', 'deadline', 'overdue', 'title'],
    properties: {
      seq: { type: 'integer' }, id: { type: 'string' }, sourceId: { type: 'string' }, source: { type: 'string' },
      category: { type: 'string' }, status: { type: 'string' }, urgency: { enum: ['normal', 'urgent'] },
      lon: { type: 'number' }, lat: { type: 'number' }, districtCode: { type: 'string' }, streetCode: { type: 'string' },
      gridCode: { type: ['string', 'null'] }, occurredAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' }, deadline: { type: ['string', 'null'], format: 'date-time' },
      overdue: { type: 'boolean' }, title: { type: 'string' },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'GridCommand gateway', version: '0.1.0', description: 'Ingest, screens and queries of the GridCommand gateway. Everything is narrowed to the caller’s scope.' },
    components: {
      securitySchemes: {
        sourceKey: { type: 'http', scheme: 'bearer', description: 'a per-source key (fixes the source’s scope)' },
        session: { type: 'http', scheme: 'bearer', description: 'a session token from /api/auth/login (also sent as the gc_session cookie)' },
      },
      schemas: {
        Event: schemaOf(IngestEvent),
        EventBatch: schemaOf(IngestEventBatch),
        PositionBatch: schemaOf(PositionBatch),
        CameraBatch: schemaOf(CameraBatch),
        StatBatch: schemaOf(StatBatch),
        EventView: eventView,
        IngestAck: { type: 'object', properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' }, lastSeq: { type: 'integer' } } },
        Error: {
          type: 'object',
          required: ['statusCode', 'code', 'error', 'message'],
          properties: {
            statusCode: { type: 'integer' }, code: { type: 'string' }, error: { type: 'string' }, message: { type: 'string' },
            details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        ScopeSummary: {
          type: 'object',
          properties: {
            scope: { type: 'string' }, seq: { type: 'integer' }, total: { type: 'integer' }, last24h: { type: 'integer' },
            byStatus: { type: 'object', additionalProperties: { type: 'integer' } },
            byCategory: { type: 'object', additionalProperties: { type: 'integer' } }, at: { type: 'string' },
          },
        },
      },
    },
    paths: {
      '/api/ingest/events': ingestPath('Ingest a batch of 1–5,000 events; answered after commit', 'EventBatch'),
      '/api/ingest/positions': ingestPath('Ingest grid-worker positions', 'PositionBatch'),
      '/api/ingest/cameras': ingestPath('Ingest or update camera indexes', 'CameraBatch'),
      '/api/ingest/stats': ingestPath('Ingest statistics by area', 'StatBatch'),
      '/api/auth/login': {
        post: {
          summary: 'Log in; returns a token and sets the httpOnly gc_session cookie',
          requestBody: { content: json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }) },
          responses: { '200': { description: '{ token, user }' }, ...errorResponses },
        },
      },
      '/api/auth/logout': { post: { summary: 'Revoke the session token and clear the cookie', responses: { '200': { description: 'ok' } } } },
      '/api/auth/me': { get: { summary: 'The logged-in user', security: [{ session: [] }], responses: { '200': { description: '{ user }' }, ...errorResponses } } },
      '/api/events': {
        get: {
          summary: 'Events in the caller’s scope, newest first',
          security: [{ session: [] }],
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string' }, description: 'comma-separated statuses' },
            { name: 'category', in: 'query', schema: { type: 'string' }, description: 'comma-separated 4-digit class codes' },
            { name: 'area', in: 'query', schema: { type: 'string' }, description: 'narrow to an area inside the scope' },
            { name: 'since', in: 'query', schema: { type: 'integer' }, description: 'only changes after this seq' },
            { name: 'limit', in: 'query', schema: { type: 'integer', default: 200, maximum: 5000 } },
          ],
          responses: { '200': { description: '{ events: EventView[] }', content: json({ type: 'object', properties: { events: { type: 'array', items: ref('EventView') } } }) }, ...errorResponses },
        },
      },
      '/api/events/{id}': {
        get: {
          summary: 'One event',
          security: [{ session: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'EventView', content: json(ref('EventView')) }, '404': { description: 'not found in scope' }, ...errorResponses },
        },
      },
      '/api/stats/summary': {
        get: {
          summary: 'Counts by status and category for the scope (or an area inside it)',
          security: [{ session: [] }],
          parameters: [{ name: 'area', in: 'query', schema: { type: 'string' } }],
          responses: { '200': { description: 'ScopeSummary', content: json(ref('ScopeSummary')) }, ...errorResponses },
        },
      },
      '/api/areas': {
        get: {
          summary: 'Area polygons of one level inside the caller’s scope, as GeoJSON',
          security: [{ session: [] }],
          parameters: [
            { name: 'level', in: 'query', required: true, schema: { enum: ['district', 'street', 'community', 'grid'] } },
            { name: 'parent', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'FeatureCollection' }, ...errorResponses },
        },
      },
      '/api/audit': {
        get: {
          summary: 'Audit rows (logins, failed logins, logouts, admin changes, dispatches, layout publishes) within the caller’s scope; leaders only',
          security: [{ session: [] }],
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', default: 100, maximum: 1000 } }],
          responses: { '200': { description: '{ audit: [...] }' }, ...errorResponses },
        },
      },
      '/api/categories': { get: { summary: 'The event classification table', security: [{ session: [] }], responses: { '200': { description: '{ categories }' } } } },
      '/api/stats/kpi': {
        get: {
          summary: 'The eleven KPIs (结案率, 按期结案率, …) for the scope or an area inside it, over a period, optionally grouped',
          security: [{ session: [] }],
          parameters: [
            { name: 'area', in: 'query', schema: { type: 'string' } },
            { name: 'from', in: 'query', schema: { type: 'string' }, description: 'YYYY-MM-DD (local midnight, UTC+8) or ISO date-time; default 30 days ago' },
            { name: 'to', in: 'query', schema: { type: 'string' }, description: 'exclusive end; default the end of today' },
            { name: 'by', in: 'query', schema: { enum: ['none', 'district', 'street', 'community', 'grid', 'department', 'worker', 'category'] } },
          ],
          responses: { '200': { description: '{ by, rows: [{ key, name?, kpis: { <kpiId>: { numerator, denominator, value } } }] }' }, ...errorResponses },
        },
      },
      '/api/stats/ranking': {
        get: {
          summary: 'Areas, departments or workers ranked by one KPI',
          security: [{ session: [] }],
          parameters: [
            { name: 'by', in: 'query', schema: { type: 'string' } },
            { name: 'kpi', in: 'query', schema: { type: 'string' } },
            { name: 'order', in: 'query', schema: { enum: ['desc', 'asc'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer' } },
          ],
          responses: { '200': { description: '{ rows: [{ rank, key, numerator, denominator, value }] }' }, ...errorResponses },
        },
      },
      '/api/stats/trend': {
        get: {
          summary: 'Reported and closed cases per day or hour',
          security: [{ session: [] }],
          parameters: [{ name: 'bucket', in: 'query', schema: { enum: ['day', 'hour'] } }],
          responses: { '200': { description: '{ trend: [{ at, reported, closed }] }' }, ...errorResponses },
        },
      },
      '/api/stats/map': {
        get: { summary: 'Open cases per grid, for the map', security: [{ session: [] }], responses: { '200': { description: '{ grids: [{ gridCode, open }] }' }, ...errorResponses } },
      },
      ...ALERT_OPENAPI_PATHS,
      ...OPEN311_OPENAPI_PATHS,
      '/api/health': { get: { summary: 'Liveness and the latest seq (no auth)', responses: { '200': { description: '{ ok, seq, uptimeS }' } } } },
      '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    'x-socket.io': {
      '/ingest': 'auth { key }; emit events|positions|cameras|stats with the HTTP body and an ack callback receiving the HTTP response object plus status',
      '/screen': 'auth { token, since?, scope? }; server emits hello, events (EventView[] in seq order), replayed, stats (ScopeSummary), positions, cameras, feedStats',
    },
  };
}
