import {
  ConferenceDetail,
  ConferenceIdParam,
  ConferencesQuery,
  ConferencesResponse,
  ConferenceView,
  CreateConference,
  JoinConference,
  PassPresenter,
  RaiseHand,
} from '../../protocol/conferences.js';
import type { ConferenceService } from '../conferences/conference-service.js';
import { defineRoute, type AnyRoute } from './route.js';

/** Conference sessions (视频会商) over REST; the presenter's shared state travels on /screen. */
export function conferenceRoutes(conferences: ConferenceService): AnyRoute[] {
  const auth = { kind: 'session', permission: 'conferences.take' } as const;
  const action = <B>(verb: string, summary: string, body: import('zod').ZodType<B> | undefined, run: (user: Parameters<ConferenceService['join']>[0], id: string, body: B) => Promise<ConferenceView>) =>
    defineRoute({
      method: 'post',
      path: `/api/conferences/:id/${verb}`,
      tag: 'conferences',
      summary,
      auth,
      params: ConferenceIdParam,
      ...(body ? { body } : {}),
      response: ConferenceView,
      refusals: ['NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
      handle: ({ params, user, body: b }) => run(user, params.id, b as B),
    });
  return [
    defineRoute({
      method: 'post',
      path: '/api/conferences',
      tag: 'conferences',
      summary: 'Open a conference session and invite centers of the tiers below (area codes inside the caller’s scope); the caller joins and presents',
      auth,
      body: CreateConference,
      response: ConferenceView,
      refusals: ['OUT_OF_SCOPE'],
      handle: ({ user, body }) => conferences.create(user, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/conferences',
      tag: 'conferences',
      summary: 'The sessions the caller’s center may take part in (hosted by or invited to its scope): open ones, or with status=ended the record of past ones',
      auth,
      query: ConferencesQuery,
      response: ConferencesResponse,
      handle: async ({ user, query }) => ({ conferences: await conferences.list(user, query.status, query.limit) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/conferences/:id',
      tag: 'conferences',
      summary: 'A session with its stored events (created, join, leave, hand, presenter, mark, ended), also after it ended',
      auth,
      params: ConferenceIdParam,
      response: ConferenceDetail,
      refusals: ['NOT_FOUND', 'FORBIDDEN'],
      handle: ({ user, params }) => conferences.detail(user, params.id),
    }),
    action('join', 'Join (a center invited or hosting): with its conference stream (HLS), or the demo’s for the center', JoinConference, (u, id, b) => conferences.join(u, id, b)),
    action('leave', 'Leave; a leaving presenter hands the role back to the host', undefined, (u, id) => conferences.leave(u, id)),
    action('hand', 'Raise (or lower, raised=false) a hand', RaiseHand, (u, id, b) => conferences.hand(u, id, b.raised)),
    action('present', 'Pass the presenter role (the presenter or the host; to a joined participant), or take it when it is free', PassPresenter, (u, id, b) => conferences.present(u, id, b.to)),
    action('end', 'End the session (the host, or a leader of its scope); it stays listed with its events', undefined, (u, id) => conferences.end(u, id)),
  ];
}
