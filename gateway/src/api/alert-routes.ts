import { Router } from 'express';
import { z } from 'zod';
import { levelOf, narrowScope } from '../../protocol/scope.js';
import type { Sessions } from '../auth/tokens.js';
import { ackAlert, type AlertQueries } from '../db/alert-queries.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { Writer } from '../db/writer.js';
import { Errors, GatewayError } from '../errors.js';
import { authorize } from './session.js';
import { parsePart } from './validate.js';

export interface AlertRouteDeps {
  sessions: Sessions;
  writer: Writer;
  queries: AlertQueries;
  /** when given, each acknowledgement is also written to the audit log */
  store?: IdentityStore;
}

const AlertsQuery = z.strictObject({
  status: z.enum(['open', 'acked', 'all']).default('open'),
  area: z.string().regex(/^\d{4,15}$/, 'an area code of 4 to 15 digits').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const AlertId = z.object({ id: z.string().regex(/^al-\d{1,18}$/, 'an alert id such as "al-42"') });

/** Narrows the caller's scope by `area`; an area outside it is refused, never widened. */
function scopeFor(userScope: string, area: string | undefined): string {
  const scope = narrowScope(userScope, area);
  if (!scope) throw Errors.outOfScope(`area ${area}`, userScope);
  if (!levelOf(scope)) throw Errors.validation('query', [{ path: 'area', message: `${area} is not an area code` }]);
  return scope;
}

/**
 * Early-warning alerts over REST: `GET /api/alerts?status=open|acked|all&area=` (the caller's
 * scope) and `POST /api/alerts/:id/ack` (duty officers): who and when are recorded, and the
 * updated AlertView goes to the screens through the writer like every other change.
 */
export function alertRouter(d: AlertRouteDeps): Router {
  const r = Router();

  r.get('/api/alerts', authorize(d.sessions, 'alerts.read'), async (req, res) => {
    const q = parsePart('query', AlertsQuery, req.query);
    const scope = scopeFor(req.user!.scope, q.area);
    res.json({ alerts: await d.queries.list({ scope, status: q.status, limit: q.limit }) });
  });

  r.post('/api/alerts/:id/ack', authorize(d.sessions, 'alerts.ack'), async (req, res) => {
    const { id } = parsePart('params', AlertId, req.params);
    const user = req.user!;
    const outcome = await d.writer.apply(async (ctx) => {
      const o = await ackAlert(ctx, user.scope, id, user.username);
      return { result: o, extra: { alerts: o.ok ? [o.alert] : [] } };
    });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') throw Errors.notFound(`alert ${id}`);
      const a = outcome.alert;
      throw new GatewayError(409, 'ALREADY_ACKED', `alert ${id} was acknowledged by ${a.ackedBy} at ${a.ackedAt}`);
    }
    await d.store?.audit({ actor: user.username, role: user.role, scope: user.scope, action: 'alert_ack', target: id, ip: req.ip });
    res.json(outcome.alert);
  });

  return r;
}

const alertError = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const alertView = {
  type: 'object',
  required: ['seq', 'id', 'kind', 'rule', 'scope', 'areaCode', 'category', 'eventId', 'value', 'baseline', 'message', 'raisedAt', 'ackedBy', 'ackedAt'],
  properties: {
    seq: { type: 'integer' }, id: { type: 'string' }, kind: { enum: ['overdue', 'threshold', 'surge'] }, rule: { type: ['string', 'null'] },
    scope: { type: 'string', description: 'the area whose screens (and those above) see it' }, areaCode: { type: 'string' },
    category: { type: ['string', 'null'] }, eventId: { type: ['string', 'null'] }, value: { type: ['number', 'null'] },
    baseline: { type: ['number', 'null'] }, message: { type: 'string' }, raisedAt: { type: 'string', format: 'date-time' },
    ackedBy: { type: ['string', 'null'] }, ackedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

/** The OpenAPI paths of these routes, for buildOpenApi's `paths`. */
export const ALERT_OPENAPI_PATHS = {
  '/api/alerts': {
    get: {
      summary: 'Early-warning and overdue alerts inside the caller’s scope, newest first',
      security: [{ session: [] }],
      parameters: [
        { name: 'status', in: 'query', schema: { enum: ['open', 'acked', 'all'], default: 'open' } },
        { name: 'area', in: 'query', schema: { type: 'string' }, description: 'narrow to an area inside the caller’s scope' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
      ],
      responses: {
        '200': { description: '{ alerts: AlertView[] }', content: { 'application/json': { schema: { type: 'object', properties: { alerts: { type: 'array', items: alertView } } } } } },
        '400': { description: 'bad query', ...alertError },
        '401': { description: 'no session', ...alertError },
        '403': { description: 'area outside the caller’s scope', ...alertError },
      },
    },
  },
  '/api/alerts/{id}/ack': {
    post: {
      summary: 'Acknowledge an alert (duty officers): who and when are recorded, and the updated AlertView is pushed to the screens',
      security: [{ session: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'the acknowledged AlertView', content: { 'application/json': { schema: alertView } } },
        '401': { description: 'no session', ...alertError },
        '403': { description: 'not a duty officer', ...alertError },
        '404': { description: 'no such alert in the caller’s scope', ...alertError },
        '409': { description: 'already acknowledged', ...alertError },
      },
    },
  },
} as const;
