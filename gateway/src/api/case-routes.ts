import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { Identities, Source } from '../auth/identities.js';
import { can } from '../auth/policy.js';
import type { Sessions } from '../auth/tokens.js';
import type { CaseService } from '../cases/case-service.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { EventQueries } from '../db/event-queries.js';
import { ACTIONS, isActionName, type Actor } from '../domain/workflow.js';
import { Errors } from '../errors.js';
import { authorize, requestToken } from './session.js';
import { parsePart } from './validate.js';

export interface CaseRouteDeps {
  sessions: Sessions;
  ids: Identities;
  store: IdentityStore;
  queries: EventQueries;
  cases: CaseService;
}

const Params = z.object({ id: z.string().min(1).max(64) });
const TransitionBody = z.strictObject({
  action: z.string().min(1).max(32),
  assignee: z.string().min(1).max(128).optional(),
  note: z.string().max(2000).optional(),
  attachments: z.array(z.url().max(2000)).max(20).optional(),
});

/**
 * Who is acting: a duty officer or leader by session, or a department / inspector system by
 * its source key, in the role the action needs among the roles its key holds.
 */
async function actorOf(req: Request, d: CaseRouteDeps, action: string): Promise<{ actor: Actor; scope: string; source?: Source }> {
  const token = requestToken(req);
  const user = await d.sessions.verify(token);
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

/** The case workflow over REST (API.md): transitions, the case with its timeline, dispatch candidates. */
export function caseRouter(d: CaseRouteDeps): Router {
  const r = Router();
  r.use('/api/events', express.json({ limit: '100kb' }));

  r.post('/api/events/:id/transitions', async (req, res) => {
    const { id } = parsePart('params', Params, req.params);
    const body = parsePart('body', TransitionBody, req.body);
    const { actor, scope } = await actorOf(req, d, body.action);
    const view = await d.cases.transition(id, body.action, actor, scope, { assignee: body.assignee, note: body.note, attachments: body.attachments });
    if (body.action === 'dispatch') {
      await d.store.audit({ actor: actor.id, role: actor.kind === 'source' ? actor.role : actor.kind, scope: view.streetCode || view.districtCode, action: 'dispatch', target: id, detail: { assignee: body.assignee }, ip: req.ip });
    }
    res.json(view);
  });

  r.get('/api/events/:id', async (req, res) => {
    const { id } = parsePart('params', Params, req.params);
    const token = requestToken(req);
    const user = await d.sessions.verify(token);
    let scope: string;
    let actor: Actor | null = null;
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
    const view = await d.queries.byId(scope, id);
    if (!view) throw Errors.notFound(`event ${id}`);
    res.json(await d.cases.detail(view, actor));
  });

  r.get('/api/events/:id/candidates', authorize(d.sessions, 'cases.candidates'), async (req, res) => {
    const { id } = parsePart('params', Params, req.params);
    const view = await d.queries.byId(req.user!.scope, id);
    if (!view) throw Errors.notFound(`event ${id}`);
    res.json(await d.cases.candidates(view));
  });
  return r;
}
