// The REST contract: what each route takes (params, query, body) and answers. The gateway's
// routes validate with these, its OpenAPI document is generated from them, and the screen's
// client takes its types from them.
import { z } from 'zod';
import { EventStatus, EventView } from './events.js';
import { AlertView, CameraView, PositionView, StatView } from './feeds.js';
import { KPI_GROUPINGS, KpiIdSchema, KpiValueSchema } from './kpi.js';
import { ROLES } from './roles.js';
import { localDateStart } from './time.js';
import { AuditRowSchema, CaseActionSchema } from './workflow.js';
import { MediaRef } from './media-ref.js';

// --- shared pieces ----------------------------------------------------------------------------

export { ROLES, type Role } from './roles.js';

/** An area code of any level (4, 6, 9, 12, 14 or 15 digits). */
export const AreaCodeParam = z.string().regex(/^\d{4,15}$/, 'an area code of 4 to 15 digits');

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).max(50));

const isoWithOffset = z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with an offset, e.g. 2026-12-01T09:00:00+08:00' });

/** A local date (`2026-12-01`, the start of that day in the city's time) or an ISO date-time with an offset. */
export const InstantParam = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'an ISO date (YYYY-MM-DD) or date-time with an offset' })
  .transform((s) => new Date(s.length === 10 ? localDateStart(s) : Date.parse(s)));

/**
 * The seq every answer that seeds a screen's store carries: every change up to it is in the
 * answer (changes after it may be too). A screen resumes its socket from the smallest of these.
 */
const watermark = z.number().int().describe('every change up to this seq is reflected in the answer');

export const IdParam = z.object({ id: z.string().min(1).max(64) });

// --- identity -----------------------------------------------------------------------------------

export const SessionUser = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  scope: z.string(),
  /** role `worker`: the grid worker's id in the city's worker registry */
  workerId: z.string().optional(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginBody = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const LoginResponse = z.object({ token: z.string(), user: SessionUser });
export type LoginResponse = z.infer<typeof LoginResponse>;
export const OkResponse = z.object({ ok: z.literal(true) });
export const MeResponse = z.object({ user: SessionUser });
export type MeResponse = z.infer<typeof MeResponse>;

export const AuditQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const AuditResponse = z.object({
  audit: z.array(
    z.object({
      at: z.string(),
      actor: z.string(),
      role: z.string().nullable(),
      scope: z.string().nullable(),
      action: z.string(),
      target: z.string().nullable(),
      /** JSON */
      detail: z.string().nullable(),
      ip: z.string().nullable(),
    }),
  ),
});

export const HealthResponse = z.object({ ok: z.literal(true), seq: z.number().int(), uptimeS: z.number().int() });
export type HealthResponse = z.infer<typeof HealthResponse>;

// --- events and cases ------------------------------------------------------------------------

export const EventsQuery = z.strictObject({
  status: csv(EventStatus).optional(),
  category: csv(z.string().regex(/^\d{4}$/, 'a 4-digit class code')).optional(),
  area: AreaCodeParam.optional(),
  since: z.coerce.number().int().min(0).optional(),
  /** true: only open cases past their deadline, the longest overdue first */
  overdue: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});
export const EventsResponse = z.object({ events: z.array(EventView), seq: watermark });
export type EventsResponse = z.infer<typeof EventsResponse>;

export const SummaryQuery = z.strictObject({ area: AreaCodeParam.optional() });

export const TransitionBody = z.strictObject({
  action: z.string().min(1).max(32),
  /** dispatch: a department code or a grid worker id */
  assignee: z.string().min(1).max(128).optional(),
  note: z.string().max(2000).optional(),
  /** photos (uploads of POST /api/media, or URLs) */
  attachments: z.array(MediaRef).max(20).optional(),
});
export type TransitionBody = z.infer<typeof TransitionBody>;

export const CaseDetail = EventView.extend({
  description: z.string().nullable(),
  /** who it is dispatched to now (a department code or a grid worker id) */
  assignee: z.string().nullable(),
  /** the report's photos; a transition's photos are its timeline row's `attachments` */
  media: z.array(z.string()),
  timeline: z.array(AuditRowSchema),
  /** the actions the caller may take now */
  actions: z.array(CaseActionSchema),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const DispatchCandidates = z.object({
  department: z.object({ code: z.string(), name: z.string() }).nullable(),
  /** the nearest on-duty grid workers of the case's district, by their latest position, nearest first */
  workers: z.array(
    z.object({ id: z.string(), name: z.string(), gridCode: z.string(), lon: z.number(), lat: z.number(), ts: z.string(), distanceM: z.number().int() }),
  ),
});
export type DispatchCandidates = z.infer<typeof DispatchCandidates>;

// --- places ---------------------------------------------------------------------------------------

export const AREA_LEVELS = ['district', 'street', 'community', 'grid'] as const;
export const AreasQuery = z.strictObject({ level: z.enum(AREA_LEVELS), parent: AreaCodeParam.optional() });

const Ring = z.array(z.tuple([z.number(), z.number()]));
export const AreaFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({ code: z.string(), name: z.string(), level: z.enum(AREA_LEVELS), parent: z.string() }),
  geometry: z.union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }),
  ]),
});
export const AreasResponse = z.object({ type: z.literal('FeatureCollection'), features: z.array(AreaFeature) });
export type AreasResponse = z.infer<typeof AreasResponse>;
export type AreaFeatureProps = AreasResponse['features'][number]['properties'];

/** GET /api/buildings: the footprints and heights of the buildings in an area, as buildings.bin (docs/sandbox.md). */
export const BuildingsQuery = z.strictObject({ area: AreaCodeParam.optional() });
export const BUILDINGS_CONTENT_TYPE = 'application/vnd.gridcommand.buildings';

const Limit = z.object({ hours: z.number(), unit: z.enum(['working_hours', 'working_days']) });
/** A class of the city's table (事件 events and 部件 components share 4-digit codes). */
export const CategoryInfo = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['event', 'component']),
  major: z.string(),
  majorName: z.string(),
  name: z.string(),
  nameEn: z.string(),
  department: z.string(),
  limits: z.object({ normal: Limit, urgent: Limit }),
  dispatchMinutes: z.object({ normal: z.number(), urgent: z.number() }),
  filing: z.string(),
  closing: z.string(),
});
export type CategoryInfo = z.infer<typeof CategoryInfo>;
export const CategoriesResponse = z.object({ categories: z.array(CategoryInfo) });
export type CategoriesResponse = z.infer<typeof CategoriesResponse>;

// --- feeds ------------------------------------------------------------------------------------------

/** A trajectory query: from/to bound the period (at most a day); without them, each worker's latest position (last 24 h). */
export const PositionsQuery = z
  .strictObject({
    worker: z.string().min(1).max(128).optional(),
    area: AreaCodeParam.optional(),
    from: isoWithOffset.optional(),
    to: isoWithOffset.optional(),
    limit: z.coerce.number().int().min(1).max(100_000).default(20_000),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both from and to, or neither', path: ['from'] });
export const PositionsResponse = z.object({
  positions: z.array(PositionView),
  seq: watermark,
  /** more positions matched than `limit` */
  truncated: z.boolean(),
});
export type PositionsResponse = z.infer<typeof PositionsResponse>;

export const CamerasQuery = z.strictObject({ area: AreaCodeParam.optional() });
export const CamerasResponse = z.object({ cameras: z.array(CameraView), seq: watermark });
export type CamerasResponse = z.infer<typeof CamerasResponse>;

export const FeedStatsQuery = z.strictObject({
  area: AreaCodeParam.optional(),
  /** only areas of this exact code (not the ones below it) */
  exact: z.enum(['true', 'false']).default('false'),
  key: csv(z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/, 'a lower-case stat key')).optional(),
});
export const FeedStatsResponse = z.object({ stats: z.array(StatView), seq: watermark });
export type FeedStatsResponse = z.infer<typeof FeedStatsResponse>;

// --- alerts ---------------------------------------------------------------------------------------

export const AlertsQuery = z.strictObject({
  status: z.enum(['open', 'acked', 'all']).default('open'),
  area: AreaCodeParam.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const AlertsResponse = z.object({ alerts: z.array(AlertView), seq: watermark });
export type AlertsResponse = z.infer<typeof AlertsResponse>;
export const AlertIdParam = z.object({ id: z.string().regex(/^al-\d{1,18}$/, 'an alert id such as "al-42"') });

// --- KPIs -----------------------------------------------------------------------------------------

const Period = { area: AreaCodeParam.optional(), from: InstantParam.optional(), to: InstantParam.optional() };
/** only cases of one class: a major class (大类, 2 digits) with its minor classes, or one minor class (小类, 4) */
const CategoryParam = z.string().regex(/^\d{2}(\d{2})?$/, 'a class code: 2 digits (major class) or 4 (minor class)');
export const KpiQuery = z.strictObject({ ...Period, by: z.enum(KPI_GROUPINGS).default('none') });
export const RankingQuery = z.strictObject({
  ...Period,
  by: z.enum(KPI_GROUPINGS).default('street'),
  kpi: KpiIdSchema.default('onTimeClosureRate'),
  order: z.enum(['desc', 'asc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(2000).optional(),
  category: CategoryParam.optional(),
});
export const TrendQuery = z.strictObject({ ...Period, bucket: z.enum(['day', 'hour']).default('day') });
export const MapQuery = z.strictObject({
  area: AreaCodeParam.optional(),
  /** open: open cases per grid; overdue: also how many of them are past their deadline */
  measure: z.enum(['open', 'overdue']).default('open'),
  category: CategoryParam.optional(),
});

const PeriodAnswer = { scope: z.string(), from: z.string(), to: z.string() };
export const KpiResponse = z.object({
  ...PeriodAnswer,
  by: z.enum(KPI_GROUPINGS),
  rows: z.array(z.object({ key: z.string(), name: z.string().optional(), kpis: z.record(KpiIdSchema, KpiValueSchema) })),
});
export type KpiResponse = z.infer<typeof KpiResponse>;
export const RankingResponse = z.object({
  ...PeriodAnswer,
  by: z.enum(KPI_GROUPINGS),
  kpi: KpiIdSchema,
  order: z.enum(['desc', 'asc']),
  rows: z.array(
    z.object({ rank: z.number().int(), key: z.string(), name: z.string().optional(), value: z.number().nullable(), numerator: z.number().int(), denominator: z.number().int() }),
  ),
});
export type RankingResponse = z.infer<typeof RankingResponse>;
export const TrendResponse = z.object({
  ...PeriodAnswer,
  bucket: z.enum(['day', 'hour']),
  /** `at`: the start of the local day or hour */
  points: z.array(z.object({ at: z.string(), reported: z.number().int(), closed: z.number().int() })),
});
export type TrendResponse = z.infer<typeof TrendResponse>;
export const MapResponse = z.object({
  scope: z.string(),
  /** grids with open cases; `overdue` only when asked for (measure=overdue) */
  grids: z.array(z.object({ gridCode: z.string(), open: z.number().int(), overdue: z.number().int().optional() })),
});
export type MapResponse = z.infer<typeof MapResponse>;
