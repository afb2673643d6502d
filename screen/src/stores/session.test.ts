import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { TOKEN_KEY, USER_KEY, useSessionStore } from './session.js';
import { configureApi } from '../net/api.js';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length(): number {
    return this.m.size;
  }
  clear(): void {
    this.m.clear();
  }
  getItem(k: string): string | null {
    return this.m.get(k) ?? null;
  }
  key(i: number): string | null {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string): void {
    this.m.delete(k);
  }
  setItem(k: string, v: string): void {
    this.m.set(k, String(v));
  }
}

const user = { username: 'leader-440303', role: 'leader' as const, scope: '440303' };

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('session store', () => {
  let storage: MemoryStorage;

  beforeEach(() => {
    storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    setActivePinia(createPinia());
    const s = useSessionStore();
    configureApi({ token: () => s.token });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('hydrates nothing from an empty storage', () => {
    const s = useSessionStore();
    expect(s.hydrate()).toBe(false);
    expect(s.authenticated).toBe(false);
  });

  it('logs in, stores the token and user, and hydrates them in a new store', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { token: 'tok-1', user }));
    vi.stubGlobal('fetch', fetchMock);
    const s = useSessionStore();
    await s.login('leader-440303', 'gridcommand-demo');
    expect(s.token).toBe('tok-1');
    expect(storage.getItem(TOKEN_KEY)).toBe('tok-1');
    expect(JSON.parse(storage.getItem(USER_KEY) ?? 'null')).toEqual(user);

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(String(init.body))).toEqual({ username: 'leader-440303', password: 'gridcommand-demo' });

    setActivePinia(createPinia());
    const fresh = useSessionStore();
    expect(fresh.hydrate()).toBe(true);
    expect(fresh.token).toBe('tok-1');
    expect(fresh.scope).toBe('440303');
  });

  it('sends the bearer token on later calls', async () => {
    const s = useSessionStore();
    s.setSession('tok-2', user);
    const fetchMock = vi.fn(async () => jsonResponse(200, { user }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await s.verify()).toBe(true);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-2');
  });

  it('rejects bad credentials with a typed error and stores nothing', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(401, { statusCode: 401, code: 'BAD_CREDENTIALS', error: 'Unauthorized', message: 'bad credentials' }),
      ),
    );
    const s = useSessionStore();
    await expect(s.login('leader-4403', 'nope')).rejects.toMatchObject({ status: 401, code: 'BAD_CREDENTIALS' });
    expect(s.authenticated).toBe(false);
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('forgets an expired token but keeps the user name for the login form', async () => {
    const s = useSessionStore();
    s.setSession('tok-3', user);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(401, { statusCode: 401, code: 'TOKEN_EXPIRED', error: 'Unauthorized', message: 'expired' })),
    );
    expect(await s.verify()).toBe(false);
    expect(s.token).toBeNull();
    expect(s.expired).toBe(true);
    expect(s.user?.username).toBe('leader-440303');
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('keeps the session when the gateway is merely unreachable', async () => {
    const s = useSessionStore();
    s.setSession('tok-4', user);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    expect(await s.verify()).toBe(true);
    expect(s.token).toBe('tok-4');
  });

  it('ignores a corrupt saved user', () => {
    storage.setItem(TOKEN_KEY, 'tok-5');
    storage.setItem(USER_KEY, '{not json');
    const s = useSessionStore();
    expect(s.hydrate()).toBe(false);
  });

  it('logout clears memory and storage', () => {
    const s = useSessionStore();
    s.setSession('tok-6', user);
    s.logout();
    expect(s.token).toBeNull();
    expect(s.user).toBeNull();
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
    expect(storage.getItem(USER_KEY)).toBeNull();
  });
});
