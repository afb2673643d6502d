// The REST client: every HTTP call to the gateway goes through `request`, which carries the
// bearer token and turns any non-2xx answer into an ApiError with the gateway's error body.
import type { AlertView, ErrorBody, EventView, ScopeSummary } from './protocol.js';

export interface SessionUser {
  username: string;
  role: string;
  scope: string;
}

export interface LoginResult {
  token: string;
  user: SessionUser;
}

export interface CategoryInfo {
  code: string;
  name: string;
  nameEn?: string;
  majorName?: string;
  /** events and components (部件) share 4-digit codes; the feed's categories are events */
  kind?: 'event' | 'component';
}

export interface AreaFeatureProps {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

interface AreaCollection {
  type: 'FeatureCollection';
  features: { properties: AreaFeatureProps }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
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

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'message' in value && 'statusCode' in value;
}

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
    });
  } catch (err) {
    throw new ApiError(0, null, err instanceof Error ? err.message : 'network error');
  }
  const text = await res.text();
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

export const api = {
  login: (username: string, password: string) =>
    request<LoginResult>('/api/auth/login', { body: { username, password }, auth: false }),
  me: () => request<{ user: SessionUser }>('/api/auth/me'),
  events: (opts: { limit?: number; area?: string } = {}) =>
    request<{ events: EventView[] }>('/api/events', { query: { limit: opts.limit ?? 200, area: opts.area } }),
  summary: (area?: string) => request<ScopeSummary>('/api/stats/summary', { query: { area } }),
  categories: () => request<{ categories: CategoryInfo[] }>('/api/categories'),
  alerts: (opts: { status?: 'open' | 'acked' | 'all'; area?: string; limit?: number } = {}) =>
    request<{ alerts: AlertView[] }>('/api/alerts', {
      query: { status: opts.status ?? 'open', area: opts.area, limit: opts.limit },
    }),
  /** duty officers only: 403 for other roles, 409 when someone acknowledged it first */
  ackAlert: (id: string) => request<AlertView>(`/api/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST' }),
  areas: async (level: 'district' | 'street', parent?: string): Promise<AreaFeatureProps[]> => {
    const fc = await request<AreaCollection>('/api/areas', { query: { level, parent } });
    return (fc.features ?? []).map((f) => f.properties);
  },
};
