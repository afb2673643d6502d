import type { Request } from 'express';
import { EventView } from '../../protocol/events.js';
import { CaseDetail, DispatchCandidates, IdParam, TransitionBody } from '../../protocol/rest.js';
import type { Identities, Source } from '../auth/identities.js';
import { can } from '../auth/policy.js';
import type { Sessions } from '../auth/tokens.js';
import type { CaseService } from '../cases/case-service.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { EventQueries } from '../db/event-queries.js';
import type { MediaStore } from '../db/media-store.js';
import type { WorkerQueries } from '../db/worker-queries.js';
import { ACTIONS, isActionName, type Actor } from '../domain/workflow.js';
import { Errors } from '../errors.js';
import { defineRoute, type AnyRoute } from './route.js';
import { requestToken } from './session.js';
import { checkUploads, workerOf } from './worker-routes.js';

export interface CaseRouteDeps {
  sessions: Sessions;
  ids: Identities;
  store: IdentityStore;
  queries: EventQueries;
  cases: CaseService;
  workers: WorkerQueries;
  media: MediaStore;
}

/**
 * Who is acting: a duty officer or leader by session, or a department / inspector system by
 * its source key, in the role the action needs among the roles its key holds.
 */
async function actorOf(req: Request, d: CaseRouteDeps, action: string): Promise<{ actor: Actor; scope: string; source?: Source }> {
  const token = requestToken(req);
  const user = await d.sessions.verify(token);
  if (user?.role === 'worker') {
    // a grid worker on their phone: only the cases dispatched to them (the workflow checks the assignee)
    const w = workerOf(user);
    return { actor: { kind: 'worker', id: w.workerId }, scope: w.scope };
  }
  if (user) {
    if (!can(user.role, 'cases.transition')) throw Errors.forbidden(`role ${user.role} may not move cases`);
    return { actor: { kind: user.role as 'duty' | 'leader', id: user.username }, scope: user.scope };
  }
  const source = d.ids.source(token);
  if (!source) throw Errors.unauthorized('a session token or a source key is required');
  const wanted = isActionName(action) ? (ACTIONS[action].by as readonly string[]) : [];
  const role = source.roles.find((r) => wanted.includes(r)) ?? source.roles[0];
  if (!role) throw Errors.forbidden(`source ${source.name} has no workflow role (inspector or department)`);
  return { actor: { kind: 'source', role, id: source.name }, scope: source.scope, source };
}

/** The case workflow over REST: transitions, the case with its timeline, dispatch candidates. */
export function caseRoutes(d: CaseRouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/events/:id/transitions',
      tag: 'cases',
      summary: 'Take a workflow action on a case (a duty officer or leader by session, a grid worker on a case dispatched to them, a department or inspector system by its source key); answers the new EventView',
      auth: { kind: 'session-or-source' },
      params: IdParam,
      body: TransitionBody,
      response: EventView,
      refusals: ['NOT_FOUND', 'ROLE_NOT_ALLOWED', 'NOT_ALLOWED_FROM_STATE', 'GUARD_FAILED'],
      async handle({ params, body, req }) {
        const { actor, scope } = await actorOf(req, d, body.action);
        await checkUploads(d.media, body.attachments, 'attachments');
        const view = await d.cases.transition(params.id, body.action, actor, scope, { assignee: body.assignee, note: body.note, attachments: body.attachments });
        if (body.action === 'dispatch') {
          await d.store.audit({ actor: actor.id, role: actor.kind === 'source' ? actor.role : actor.kind, scope: view.streetCode || view.districtCode, action: 'dispatch', target: params.id, detail: { assignee: body.assignee }, ip: req.ip });
        }
        return view;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/events/:id',
      tag: 'cases',
      summary: 'One case: its EventView, its timeline (the audit rows it replays from) and the actions the caller may take now',
      auth: { kind: 'session-or-source' },
      params: IdParam,
      response: CaseDetail,
      refusals: ['NOT_FOUND'],
      async handle({ params, req }) {
        const token = requestToken(req);
        const user = await d.sessions.verify(token);
        let scope: string;
        let actor: Actor | null = null;
        if (user?.role === 'worker') {
          // their grid's cases, and those dispatched to them wherever they are
          const w = workerOf(user);
          const view = await d.workers.visibleCase(w, params.id);
          if (!view) throw Errors.notFound(`event ${params.id}`);
          return d.cases.detail(view, { kind: 'worker', id: w.workerId });
        }
        if (user) {
          if (!can(user.role, 'events.read')) throw Errors.forbidden(`role ${user.role} may not read events`);
          scope = user.scope;
          if (can(user.role, 'cases.transition')) actor = { kind: user.role as 'duty' | 'leader', id: user.username };
        } else {
          const source = d.ids.source(token);
          if (!source) throw Errors.unauthorized();
          scope = source.scope;
          // a source sees the actions of its first workflow role (an inspector app, a department system)
          if (source.roles[0]) actor = { kind: 'source', role: source.roles[0], id: source.name };
        }
        const view = await d.queries.byId(scope, params.id);
        if (!view) throw Errors.notFound(`event ${params.id}`);
        return d.cases.detail(view, actor);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/events/:id/candidates',
      tag: 'cases',
      summary: 'Whom to dispatch a case to: the responsible department and the nearest on-duty grid workers of its district, with distances',
      auth: { kind: 'session', permission: 'cases.candidates' },
      params: IdParam,
      response: DispatchCandidates,
      refusals: ['NOT_FOUND'],
      async handle({ params, user }) {
        const view = await d.queries.byId(user.scope, params.id);
        if (!view) throw Errors.notFound(`event ${params.id}`);
        return d.cases.candidates(view);
      },
    }),
  ];
}
