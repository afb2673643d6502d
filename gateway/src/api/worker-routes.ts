import { IngestAck } from '../../protocol/events.js';
import { DutyBody, MyPositionsBody, ReportBody, ReportResponse, TasksResponse } from '../../protocol/mobile.js';
import { ancestorAt } from '../../protocol/scope.js';
import type { Source, User } from '../auth/identities.js';
import type { CaseService } from '../cases/case-service.js';
import { uploadNames, type MediaStore } from '../db/media-store.js';
import type { WorkerQueries, WorkerScope } from '../db/worker-queries.js';
import { Errors } from '../errors.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { defineRoute, type AnyRoute } from './route.js';

export interface WorkerRouteDeps {
  ingest: IngestService;
  workers: WorkerQueries;
  media: MediaStore;
  cases: CaseService;
}

/** Reports and positions per phone and second: a person, not a system. */
const PHONE_RATE_PER_S = 20;

/** The grid worker behind a session (role `worker`, linked to the registry). */
export function workerOf(user: User): WorkerScope {
  if (user.role !== 'worker' || !user.workerId) throw Errors.forbidden(`${user.username} is not linked to a grid worker of the registry`);
  return { scope: user.scope, workerId: user.workerId };
}

/**
 * What a worker's phone sends, as a source of its own: named by the account (so the phone's ids
 * are its idempotency keys), accepted within the worker's street — a worker reports what they
 * find on their round, and a GPS fix at the edge of the grid must not be lost.
 */
function phoneSource(user: User): Source {
  return { name: user.username, scope: ancestorAt(user.scope, 'street') ?? user.scope, ratePerS: PHONE_RATE_PER_S, roles: [] };
}

/** Uploads named in `refs` that this gateway never stored: a 400 naming each. */
export async function checkUploads(media: MediaStore, refs: readonly string[] | undefined, field: string): Promise<string[]> {
  const names = uploadNames(refs);
  const missing = new Set(await media.missing(names));
  if (missing.size) {
    const details = (refs ?? []).flatMap((r, i) => (uploadNames([r]).some((n) => missing.has(n)) ? [{ path: `${field}.${i}`, message: `no upload ${r}: send it with POST /api/media first` }] : []));
    throw Errors.validation('body', details);
  }
  return names;
}

/** The grid worker's phone: my tasks, reporting a case (信息采集), positions while on duty. */
export function workerRoutes(d: WorkerRouteDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/me/tasks',
      tag: 'mobile',
      summary: "A grid worker's open cases: those dispatched to them (`tasks`) and the other open cases of their grid (`grid`), the nearest deadline first",
      auth: { kind: 'session', permission: 'worker.tasks' },
      response: TasksResponse,
      handle: ({ user }) => d.workers.tasks(workerOf(user)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/reports',
      tag: 'mobile',
      summary: "A grid worker reports a case (the Event body without `reporter`: the worker is the reporter); idempotent by the phone's `id` — a repeat answers the stored case with `duplicate: true`",
      auth: { kind: 'session', permission: 'worker.report' },
      body: ReportBody,
      response: ReportResponse,
      refusals: ['OUT_OF_SCOPE', 'RATE_LIMITED'],
      async handle({ body, user }) {
        const w = workerOf(user);
        const names = await checkUploads(d.media, body.media, 'media');
        const source = phoneSource(user);
        const ack = await d.ingest.ingest('events', source, { events: [{ ...body, reporter: { kind: 'worker', id: w.workerId } }] });
        const event = await d.workers.bySourceId(source.name, body.id);
        if (!event) throw new Error(`report ${body.id} of ${source.name} acknowledged but not found`);
        await d.media.link(names, event.id);
        return { event, duplicate: ack.duplicates > 0 };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/me/duty',
      tag: 'mobile',
      summary: "A grid worker's on-duty switch: on duty, they are among the nearest workers a duty officer may dispatch to (GET /api/events/:id/candidates); kept over restarts",
      auth: { kind: 'session', permission: 'worker.positions' },
      body: DutyBody,
      response: DutyBody,
      async handle({ body, user }) {
        const w = workerOf(user);
        await d.workers.setDuty(w.workerId, body.onDuty);
        d.cases.setOnDuty(w.workerId, body.onDuty);
        return { onDuty: body.onDuty };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/me/positions',
      tag: 'mobile',
      summary: "A grid worker's positions while on duty (`{ positions: [{ ts, lon, lat }] }`, the worker from the session) into the positions feed; only a newer ts counts",
      auth: { kind: 'session', permission: 'worker.positions' },
      body: MyPositionsBody,
      response: IngestAck,
      refusals: ['OUT_OF_SCOPE', 'RATE_LIMITED'],
      handle: ({ body, user }) => {
        const w = workerOf(user);
        return d.ingest.ingest('positions', phoneSource(user), { positions: body.positions.map((p) => ({ workerId: w.workerId, ...p })) });
      },
    }),
  ];
}
