// A two-view hash router (vue-router is not a dependency): #/login and #/screen[?scope=…].
import { computed, ref } from 'vue';

export type RouteName = 'login' | 'screen';

export interface Route {
  name: RouteName;
  query: Record<string, string>;
  /** the hash as written, for going back after a login */
  full: string;
}

const INTENDED_KEY = 'gridcommand.intended';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/screen';
  const [path = '', qs = ''] = raw.split('?', 2);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(qs)) query[k] = v;
  const name: RouteName = path === '/login' ? 'login' : 'screen';
  return { name, query, full: `#${raw}` };
}

const current = ref<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    current.value = parseHash(location.hash);
  });
}

export function useRoute() {
  return computed(() => current.value);
}

export function navigate(hash: string): void {
  const target = hash.startsWith('#') ? hash : `#${hash}`;
  if (location.hash !== target) location.hash = target;
  current.value = parseHash(target);
}

/** Go to login, remembering the current route so the screen comes back to it. */
export function toLogin(): void {
  if (current.value.name !== 'login') {
    try {
      sessionStorage.setItem(INTENDED_KEY, current.value.full);
    } catch {
      /* private mode: we just land on the default screen afterwards */
    }
  }
  navigate('#/login');
}

/** After a login: the route the user was on, or the big screen. */
export function toIntended(): void {
  let target = '#/screen';
  try {
    target = sessionStorage.getItem(INTENDED_KEY) ?? target;
    sessionStorage.removeItem(INTENDED_KEY);
  } catch {
    /* ignore */
  }
  navigate(parseHash(target).name === 'login' ? '#/screen' : target);
}
