// The phone's calls to the gateway: the screen's REST client (bearer token, error bodies) plus
// multipart uploads. Types come from the protocol only.
import { ApiError, configureApi, request } from '../net/api.js';
import { isErrorBody } from '../net/protocol.js';
import type { CaseDetail, CategoriesResponse, EventView, IngestAck, LoginResponse, MediaResponse, MyPositionsBody, ReportBody, ReportResponse, SessionUser, TasksResponse, TransitionBody, AreasResponse } from '../net/protocol.js';

export { ApiError };

const KEY = 'gc-mobile-session';

export interface PhoneSession {
  token: string;
  user: SessionUser;
}

export function loadSession(): PhoneSession | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as PhoneSession | null;
    return s && typeof s.token === 'string' && s.user?.role === 'worker' ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: PhoneSession | null): void {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
}

export function wireApi(onExpired: () => void): void {
  configureApi({ token: () => loadSession()?.token ?? null, onUnauthorized: onExpired });
}

const id = (s: string) => encodeURIComponent(s);

/** A failure worth retrying later: no network, the gateway down or busy, or a session to renew (sign in again). */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError ? err.status === 0 || err.status === 401 || err.status === 429 || err.status >= 500 : true;
}

async function upload(photo: Blob): Promise<MediaResponse> {
  const form = new FormData();
  form.append('file', photo, photo.type === 'image/png' ? 'photo.png' : 'photo.jpg');
  let res: Response;
  try {
    res = await fetch('/api/media', { method: 'POST', headers: { authorization: `Bearer ${loadSession()?.token ?? ''}` }, body: form });
  } catch (err) {
    throw new ApiError(0, null, err instanceof Error ? err.message : 'network error');
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, isErrorBody(json) ? json : null, `HTTP ${res.status}`);
  return json as MediaResponse;
}

export const phoneApi = {
  login: (username: string, password: string) => request<LoginResponse>('/api/auth/login', { body: { username, password }, auth: false }),
  logout: () => request<{ ok: true }>('/api/auth/logout', { method: 'POST' }),
  tasks: () => request<TasksResponse>('/api/me/tasks'),
  event: (eventId: string) => request<CaseDetail>(`/api/events/${id(eventId)}`),
  transition: (eventId: string, body: TransitionBody) => request<EventView>(`/api/events/${id(eventId)}/transitions`, { body }),
  report: (body: ReportBody) => request<ReportResponse>('/api/reports', { body }),
  positions: (body: MyPositionsBody) => request<IngestAck>('/api/me/positions', { body }),
  duty: (onDuty: boolean) => request<{ onDuty: boolean }>('/api/me/duty', { method: 'PUT', body: { onDuty } }),
  categories: () => request<CategoriesResponse>('/api/categories'),
  myGrid: () => request<AreasResponse>('/api/areas', { query: { level: 'grid' } }),
  upload,
};
