import { AlertView } from '../../protocol/feeds.js';
import { AlertIdParam, AlertsQuery, AlertsResponse } from '../../protocol/rest.js';
import { ackAlert, type AlertQueries } from '../db/alert-queries.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { Writer } from '../db/writer.js';
import { Errors } from '../errors.js';
import { defineRoute, type AnyRoute } from './route.js';
import { scopeFor } from './scope.js';

export interface AlertRouteDeps {
  writer: Writer;
  queries: AlertQueries;
  /** when given, each acknowledgement is also written to the audit log */
  store?: IdentityStore;
}

/**
 * Early-warning alerts over REST: the list of a scope, and the acknowledgement by duty officers
 * (who and when are recorded; the updated AlertView reaches the screens through the writer like
 * every other change).
 */
export function alertRoutes(d: AlertRouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/alerts',
      tag: 'alerts',
      summary: 'Early-warning and overdue alerts inside the caller’s scope, newest first',
      auth: { kind: 'session', permission: 'alerts.read' },
      query: AlertsQuery,
      response: AlertsResponse,
      refusals: ['OUT_OF_SCOPE'],
      async handle({ query, user }) {
        const scope = scopeFor(user.scope, query.area);
        const seq = d.writer.committedSeq;
        return { alerts: await d.queries.list({ scope, status: query.status, limit: query.limit }), seq };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/alerts/:id/ack',
      tag: 'alerts',
      summary: 'Acknowledge an alert (duty officers): who and when are recorded, and the updated AlertView is pushed to the screens',
      auth: { kind: 'session', permission: 'alerts.ack' },
      params: AlertIdParam,
      response: AlertView,
      refusals: ['NOT_FOUND', 'ALREADY_ACKED'],
      async handle({ params, user, req }) {
        const outcome = await d.writer.apply(async (ctx) => {
          const o = await ackAlert(ctx, user.scope, params.id, user.username);
          return { result: o, changes: { alerts: o.ok ? [o.alert] : [] } };
        });
        if (!outcome.ok) {
          if (outcome.reason === 'not-found') throw Errors.notFound(`alert ${params.id}`);
          const a = outcome.alert;
          throw Errors.conflict('ALREADY_ACKED', `alert ${params.id} was acknowledged by ${a.ackedBy} at ${a.ackedAt}`);
        }
        await d.store?.audit({ actor: user.username, role: user.role, scope: user.scope, action: 'alert_ack', target: params.id, ip: req.ip });
        return outcome.alert;
      },
    }),
  ];
}
