// Who is signed in: the token lives in localStorage so a reload (or a wall screen rebooting)
// stays signed in; an expired token sends the screen back to login, remembering where it was.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, api, type SessionUser } from '../net/api.js';
import { isRole } from '../net/protocol.js';

export const TOKEN_KEY = 'gridcommand.token';
export const USER_KEY = 'gridcommand.user';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function parseUser(raw: string | null): SessionUser | null {
  if (!raw) return null;
  try {
    const u = JSON.parse(raw) as Partial<SessionUser>;
    if (typeof u.username === 'string' && isRole(u.role) && typeof u.scope === 'string') {
      return { username: u.username, role: u.role, scope: u.scope };
    }
  } catch {
    /* a corrupt entry is as good as none */
  }
  return null;
}

export const useSessionStore = defineStore('session', () => {
  const token = ref<string | null>(null);
  const user = ref<SessionUser | null>(null);
  /** true when the last session ended because the token expired (shown on the login page) */
  const expired = ref(false);

  const authenticated = computed(() => token.value !== null);
  const scope = computed(() => user.value?.scope ?? null);

  /** Loads the saved session, if any. Returns whether there is one. */
  function hydrate(): boolean {
    const s = storage();
    const t = s?.getItem(TOKEN_KEY) ?? null;
    const u = parseUser(s?.getItem(USER_KEY) ?? null);
    if (t && u) {
      token.value = t;
      user.value = u;
      return true;
    }
    token.value = null;
    user.value = null;
    return false;
  }

  function persist(): void {
    const s = storage();
    if (!s) return;
    if (token.value && user.value) {
      s.setItem(TOKEN_KEY, token.value);
      s.setItem(USER_KEY, JSON.stringify(user.value));
    } else {
      s.removeItem(TOKEN_KEY);
      s.removeItem(USER_KEY);
    }
  }

  function setSession(t: string, u: SessionUser): void {
    token.value = t;
    user.value = { username: u.username, role: u.role, scope: u.scope };
    expired.value = false;
    persist();
  }

  async function login(username: string, password: string): Promise<SessionUser> {
    const res = await api.login(username, password);
    setSession(res.token, res.user);
    return res.user;
  }

  /** Checks the saved token with the gateway; clears it when refused. */
  async function verify(): Promise<boolean> {
    if (!token.value) return false;
    try {
      const { user: u } = await api.me();
      if (token.value) setSession(token.value, u);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.unauthorized) {
        expire();
        return false;
      }
      // The gateway is away: keep the saved session and show stale data rather than log out.
      return true;
    }
  }

  /** The token was refused: forget it, but keep the user name for the login form. */
  function expire(): void {
    if (token.value === null) return;
    token.value = null;
    expired.value = true;
    persist();
  }

  function logout(): void {
    token.value = null;
    user.value = null;
    expired.value = false;
    persist();
  }

  /** Resets the store (not the saved session). */
  function dehydrate(): void {
    token.value = null;
    user.value = null;
    expired.value = false;
  }

  return { token, user, expired, authenticated, scope, hydrate, login, verify, expire, logout, dehydrate, setSession };
});
