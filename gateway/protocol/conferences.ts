// Conference sessions (视频会商) between command centers: who takes part, who presents, and the
// presenter's shared state that followers mirror.
import { z } from 'zod';

const areaCode = z.string().regex(/^\d{4}(\d{2}(\d{3}(\d{3}(\d{2,3})?)?)?)?$/, 'an area code (4, 6, 9, 12, 14 or 15 digits)');
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const CreateConference = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** the centers (area codes of the tiers below the creator's) invited */
  invite: z.array(areaCode).min(1).max(50),
});
export type CreateConference = z.infer<typeof CreateConference>;

export const ConferenceIdParam = z.object({ id: z.string().regex(/^cf-[0-9a-z]{6,40}$/, 'a conference id such as "cf-m3k2x9a1"') });

export const JoinConference = z.strictObject({
  /** the center's conference stream (HLS, as its MCU gives it); the demo serves one per center */
  streamUrl: z.string().min(1).max(2000).optional(),
});
export const RaiseHand = z.strictObject({ raised: z.boolean().default(true) });
export const PassPresenter = z.strictObject({
  /** the participant who presents next; absent: the caller takes the role (when free, or as host) */
  to: z.string().min(1).max(128).optional(),
});

/** The sandbox camera: where it is (WGS84, metres above the ellipsoid) and where it looks (degrees). */
export const SharedCamera = z.strictObject({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  height: z.number().min(-1000).max(50_000_000),
  heading: z.number().min(-360).max(720),
  pitch: z.number().min(-90).max(90),
  roll: z.number().min(-180).max(180).default(0),
});
export type SharedCamera = z.infer<typeof SharedCamera>;

export const ConferenceMark = z.strictObject({
  id: z.string().min(1).max(64),
  kind: z.enum(['point', 'line', 'polygon']),
  coords: z.array(lonLat).min(1).max(500),
  label: z.string().max(200).optional(),
});
export type ConferenceMark = z.infer<typeof ConferenceMark>;

/** What the presenter shares and followers apply: every part optional, a missing part unchanged. */
export const SharedState = z.strictObject({
  camera: SharedCamera.nullable().optional(),
  selection: z
    .strictObject({ area: z.string().max(20).nullable(), category: z.string().max(20).nullable(), eventId: z.string().max(128).nullable() })
    .optional(),
  page: z.number().int().min(0).max(1000).optional(),
  marks: z.array(ConferenceMark).max(200).optional(),
});
export type SharedState = z.infer<typeof SharedState>;

export const ConferenceParticipant = z.object({
  username: z.string(),
  scope: z.string(),
  role: z.string(),
  joinedAt: z.string(),
  hand: z.boolean(),
  streamUrl: z.string(),
});
export type ConferenceParticipant = z.infer<typeof ConferenceParticipant>;

export const ConferenceView = z
  .object({
    id: z.string(),
    title: z.string(),
    /** the creator's scope: its center hosts the session */
    hostScope: z.string(),
    createdBy: z.string(),
    invited: z.array(z.string()),
    status: z.enum(['open', 'ended']),
    presenter: z.string().nullable(),
    participants: z.array(ConferenceParticipant),
    createdAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: 'ConferenceView' });
export type ConferenceView = z.infer<typeof ConferenceView>;

export const ConferenceEvent = z.object({
  at: z.string(),
  kind: z.enum(['created', 'join', 'leave', 'hand', 'presenter', 'mark', 'ended']),
  username: z.string(),
  scope: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type ConferenceEvent = z.infer<typeof ConferenceEvent>;

export const ConferencesQuery = z.object({ status: z.enum(['open', 'ended']).default('open'), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const ConferencesResponse = z.object({ conferences: z.array(ConferenceView) });
export const ConferenceDetail = ConferenceView.extend({ events: z.array(ConferenceEvent) });

/** `/screen` `conference` messages: the session changed (who is in, who presents, ended), or the presenter's state. */
export type ConferenceMessage =
  | { kind: 'session'; conference: ConferenceView }
  | { kind: 'state'; id: string; seq: number; by: string; state: SharedState };

/** The answer to `conference:follow`: the session and the presenter's latest state (null before any). */
export type FollowAnswer = { ok: true; conference: ConferenceView; state: SharedState | null; seq: number } | { ok: false; statusCode: number; code: string; message: string };
