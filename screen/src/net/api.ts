// The REST client: every HTTP call to the gateway goes through `request`, which carries the
// bearer token and turns any non-2xx answer into an ApiError with the gateway's error body.
// What each call takes and answers is the protocol's (gateway/protocol/rest.ts): types only,
// so the schema library stays out of the screen's bundle.
import type { z } from 'zod';
import { isErrorBody, type ErrorBody, type ErrorCode } from './protocol.js';
import type {
  AlertView,
  AlertsQuery,
  AlertsResponse,
  AreasQuery,
  AreasResponse,
  CamerasQuery,
  CamerasResponse,
  CaseDetail,
  CategoriesResponse,
  ConferenceView,
  CreateConference,
  CityInfo,
  DeviceSummaryQuery,
  DeviceSummaryResponse,
  DevicesQuery,
  DevicesResponse,
  DispatchCandidates,
  EventView,
  EventsQuery,
  EventsResponse,
  FeedStatsQuery,
  FeedStatsResponse,
  KpiQuery,
  KpiResponse,
  LayoutResponse,
  LayoutsResponse,
  LoginResponse,
  MapQuery,
  MapResponse,
  PositionsQuery,
  PositionsResponse,
  RankingQuery,
  RankingResponse,
  ScopeSummary,
  SessionUser,
  TransitionBody,
  TrendQuery,
  TrendResponse,
} from './protocol.js';

export type { SessionUser };
export type { CategoryInfo, AreaFeatureProps } from './protocol.js';

/** What a query string may carry: the input side of the protocol's query schema, as strings and numbers. */
type QueryOf<S extends z.ZodType> = { [K in keyof z.input<S>]?: string | number };

export class ApiError extends Error {
  readonly status: number;
  /** the gateway's code, or NETWORK / HTTP_<status> when it sent no error body */
  readonly code: ErrorCode | 'NETWORK' | `HTTP_${number}`;
  readonly body: ErrorBody | null;

  constructor(status: number, body: ErrorBody | null, fallback: string) {
    super(body?.message ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.body = body;
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

let tokenSource: () => string | null = () => null;
let onUnauthorized: (() => void) | null = null;

/** Wire the client to the session: where the token comes from, what a 401 triggers. */
export function configureApi(opts: { token: () => string | null; onUnauthorized?: () => void }): void {
  tokenSource = opts.token;
  onUnauthorized = opts.onUnauthorized ?? null;
}

/**
 * A gateway that accepts a connection and then hangs (stopped, swapping) would leave a request
 * waiting for ever, and the screen that awaits it "connecting" and never marked offline.
 */
const REQUEST_TIMEOUT_MS = 30_000;
/** GET /api/buildings carries megabytes: more time, still bounded */
const BYTES_TIMEOUT_MS = 120_000;

export async function request<T>(
  path: string,
  init: { method?: string; body?: unknown; query?: Record<string, string | number | undefined>; auth?: boolean } = {},
): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const url = params.size > 0 ? `${path}?${params.toString()}` : path;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = init.auth === false ? null : tokenSource();
  if (token) headers.Authorization = `Bearer ${token}`;

  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError(0, null, err instanceof Error ? err.message : 'network error');
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new ApiError(0, null, err instanceof Error ? err.message : 'network error');
  }
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, isErrorBody(json) ? json : null, res.statusText || `HTTP ${res.status}`);
    // A login attempt's 401 is a wrong password, not an expired session.
    if (err.unauthorized && init.auth !== false) onUnauthorized?.();
    throw err;
  }
  return json as T;
}

/** A binary answer (GET /api/buildings): the same token and errors as `request`, the body as bytes. */
export async function requestBytes(path: string, query: Record<string, string | undefined> = {}): Promise<ArrayBuffer> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const token = tokenSource();
  let res: Response;
  try {
    res = await fetch(params.size > 0 ? `${path}?${params.toString()}` : path, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(BYTES_TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError(0, null, err instanceof Error ? err.message : 'network error');
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    const err = new ApiError(res.status, isErrorBody(body) ? body : null, res.statusText || `HTTP ${res.status}`);
    if (err.unauthorized) onUnauthorized?.();
    throw err;
  }
  return res.arrayBuffer();
}

const id = (s: string) => encodeURIComponent(s);

export const api = {
  /** the city the gateway serves (no session needed) */
  city: () => request<CityInfo>('/api/city', { auth: false }),
  login: (username: string, password: string) => request<LoginResponse>('/api/auth/login', { body: { username, password }, auth: false }),
  me: () => request<{ user: SessionUser }>('/api/auth/me'),
  events: (q: QueryOf<typeof EventsQuery> = {}) => request<EventsResponse>('/api/events', { query: { limit: 200, ...q } }),
  event: (eventId: string) => request<CaseDetail>(`/api/events/${id(eventId)}`),
  candidates: (eventId: string) => request<DispatchCandidates>(`/api/events/${id(eventId)}/candidates`),
  transition: (eventId: string, body: TransitionBody) => request<EventView>(`/api/events/${id(eventId)}/transitions`, { body }),
  summary: (area?: string) => request<ScopeSummary>('/api/stats/summary', { query: { area } }),
  kpi: (q: QueryOf<typeof KpiQuery> = {}) => request<KpiResponse>('/api/stats/kpi', { query: q }),
  ranking: (q: QueryOf<typeof RankingQuery> = {}) => request<RankingResponse>('/api/stats/ranking', { query: q }),
  trend: (q: QueryOf<typeof TrendQuery> = {}) => request<TrendResponse>('/api/stats/trend', { query: q }),
  map: (q: QueryOf<typeof MapQuery> = {}) => request<MapResponse>('/api/stats/map', { query: q }),
  categories: () => request<CategoriesResponse>('/api/categories'),
  alerts: (q: QueryOf<typeof AlertsQuery> = {}) => request<AlertsResponse>('/api/alerts', { query: { status: 'open', ...q } }),
  /** duty officers only: 403 for other roles, 409 (ALREADY_ACKED) when someone acknowledged it first */
  ackAlert: (alertId: string) => request<AlertView>(`/api/alerts/${id(alertId)}/ack`, { method: 'POST' }),
  areas: (q: QueryOf<typeof AreasQuery> & { level: string }) => request<AreasResponse>('/api/areas', { query: q }),
  positions: (q: QueryOf<typeof PositionsQuery> = {}) => request<PositionsResponse>('/api/positions', { query: q }),
  /** building footprints of an area, in the buildings.bin binary */
  buildings: (area?: string) => requestBytes('/api/buildings', { area }),
  cameras: (q: QueryOf<typeof CamerasQuery> = {}) => request<CamerasResponse>('/api/cameras', { query: q }),
  /** the layouts this user may show (their tier, narrower tiers, any) */
  layouts: () => request<LayoutsResponse>('/api/layouts'),
  /** one layout, current schema version with defaults: 403 for a wider tier, 404 for none */
  layout: (layoutId: string) => request<LayoutResponse>(`/api/layouts/${id(layoutId)}`),
  feedStats: (q: QueryOf<typeof FeedStatsQuery> = {}) => request<FeedStatsResponse>('/api/feeds/stats', { query: q }),
  /** the devices of the scope with status, open alarm case and latest values */
  devices: (q: QueryOf<typeof DevicesQuery> = {}) => request<DevicesResponse>('/api/devices', { query: q }),
  /** conference sessions (视频会商) the caller's center may take part in */
  conferences: (status: 'open' | 'ended' = 'open') => request<{ conferences: ConferenceView[] }>('/api/conferences', { query: { status } }),
  createConference: (body: CreateConference) => request<ConferenceView>('/api/conferences', { body }),
  /** join (with the center's stream), leave, hand ({ raised }), present ({ to }), end: 403 for a center not invited */
  conferenceAction: (confId: string, verb: 'join' | 'leave' | 'hand' | 'present' | 'end', body: Record<string, unknown> = {}) =>
    request<ConferenceView>(`/api/conferences/${id(confId)}/${verb}`, { body }),
  deviceSummary: (q: QueryOf<typeof DeviceSummaryQuery> = {}) => request<DeviceSummaryResponse>('/api/devices/summary', { query: q }),
};
