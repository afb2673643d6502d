// The screen's routes (vue-router, browser history: the gateway answers every non-API path
// with index.html). A route that needs a session sends a signed-out user to /login, which
// brings them back to where they were headed once they sign in.
import { createRouter, createWebHistory, type RouteLocationRaw, type Router } from 'vue-router';
import LoginView from './views/LoginView.vue';
import BigScreenView from './views/BigScreenView.vue';
// The editor, the sandbox and the video wall pages are chunks of their own: a wall showing a
// layout never loads them.
const EditorView = () => import('./editor/EditorView.vue');
const SandboxView = () => import('./views/SandboxView.vue');
const VideoWallView = () => import('./views/VideoWallView.vue');
import { useSessionStore } from './stores/session.js';

declare module 'vue-router' {
  interface RouteMeta {
    /** the route needs a signed-in user */
    requiresAuth?: boolean;
  }
}

export function createScreenRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', redirect: { name: 'screen' } },
      { path: '/login', name: 'login', component: LoginView },
      { path: '/screen', name: 'screen', component: BigScreenView, meta: { requiresAuth: true } },
      // operators only: the view says so to anyone else, and the gateway refuses its calls (403)
      { path: '/editor/:id?', name: 'editor', component: EditorView, meta: { requiresAuth: true } },
      { path: '/sandbox', name: 'sandbox', component: SandboxView, meta: { requiresAuth: true } },
      { path: '/video-wall', name: 'video-wall', component: VideoWallView, meta: { requiresAuth: true } },
      { path: '/:unknown(.*)*', redirect: { name: 'screen' } },
    ],
  });
  router.beforeEach((to) => {
    const session = useSessionStore();
    if (to.meta.requiresAuth && !session.authenticated) return loginFor(to.fullPath);
    if (to.name === 'login' && session.authenticated) return intendedOf(to.query.redirect);
    return true;
  });
  return router;
}

function loginFor(fullPath: string): RouteLocationRaw {
  return { name: 'login', query: { redirect: fullPath } };
}

/** Where a signed-in user goes from /login: the path they were headed for (same origin only), or the screen. */
export function intendedOf(redirect: unknown): RouteLocationRaw {
  const target = typeof redirect === 'string' ? redirect : '';
  // Only a path of this app: never an absolute or protocol-relative URL.
  return /^\/(?!\/)/.test(target) && !target.startsWith('/login') ? target : { name: 'screen' };
}

/** The session ended (expired or refused): go to login, remembering the current route. */
export function toLogin(router: Router): void {
  const current = router.currentRoute.value;
  if (current.name === 'login') return;
  void router.push(loginFor(current.fullPath));
}
