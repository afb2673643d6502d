// Wires the gateway to the stores: the first REST load, the one screen socket, resync,
// and what an expired token does. The only module that feeds the event and connection stores.
import { api, ApiError, configureApi } from './api.js';
import { ScreenSocket } from './screen-socket.js';
import { narrowScope, levelOf } from './protocol.js';
import type { EventView } from './protocol.js';
import { useEventsStore } from '../stores/events.js';
import { useConnectionStore } from '../stores/connection.js';
import { useSessionStore } from '../stores/session.js';
import { useCatalogStore } from '../stores/catalog.js';

const SNAPSHOT_LIMIT = 200;

let socket: ScreenSocket | null = null;
/** the scope the events store holds data for, so a different login starts clean */
let heldScope: string | null = null;
/** live views that arrived while a REST reload was in flight */
let buffer: EventView[] | null = null;
let onExpired: () => void = () => {};
/** bumped by every start/stop, so a start still awaiting its REST load knows it was superseded */
let generation = 0;

/** Call once at start: the REST client takes its token from the session. */
export function initNet(opts: { onExpired: () => void }): void {
  onExpired = opts.onExpired;
  const session = useSessionStore();
  configureApi({ token: () => session.token, onUnauthorized: expire });
}

function expire(): void {
  stopLive();
  const session = useSessionStore();
  if (!session.authenticated) return;
  session.expire();
  onExpired();
}

/** Loads events and the summary over REST, replacing what is held; live views keep flowing. */
async function reload(scope: string): Promise<void> {
  const events = useEventsStore();
  const gen = generation;
  const pending: EventView[] = [];
  buffer = pending;
  try {
    const [list, summary] = await Promise.all([
      api.events({ limit: SNAPSHOT_LIMIT, area: scope }),
      api.summary(scope).catch((err: unknown) => {
        if (err instanceof ApiError && err.unauthorized) throw err;
        return null;
      }),
    ]);
    if (gen !== generation) return; // superseded by a newer start or a stop
    events.reset();
    events.loadSnapshot(list.events, summary);
    heldScope = scope;
  } finally {
    if (buffer === pending) buffer = null;
    // Live views that arrived meanwhile are applied on top (or kept, if the load failed).
    if (gen === generation && pending.length > 0) events.applyEvents(pending, { live: true });
  }
}

async function loadCatalog(scope: string): Promise<void> {
  const catalog = useCatalogStore();
  const tasks: Promise<unknown>[] = [
    api.categories().then((r) => catalog.setCategories(r.categories ?? [])),
    api.areas('district').then((a) => catalog.addAreas(a)),
  ];
  const level = levelOf(scope);
  if (level === 'district' || level === 'street') {
    tasks.push(api.areas('street', scope.slice(0, 6)).then((a) => catalog.addAreas(a)));
  }
  // Names are a nicety: the screen shows codes when any of these is missing.
  await Promise.allSettled(tasks);
}

/** Starts (or resumes) the live screen for the signed-in user, optionally narrowed. */
export async function startLive(requestedScope?: string): Promise<void> {
  const session = useSessionStore();
  const events = useEventsStore();
  const conn = useConnectionStore();
  if (!session.token || !session.user) return;
  const scope = narrowScope(session.user.scope, requestedScope) ?? session.user.scope;
  if (socket && conn.scope === scope) return;
  stopLive();
  const gen = generation;
  conn.scope = scope;
  void loadCatalog(scope);

  if (heldScope !== scope || !events.loaded) {
    try {
      await reload(scope);
    } catch (err) {
      if (err instanceof ApiError && err.unauthorized) return; // expire() has run
      // Gateway away: the socket below keeps trying, and its hello triggers the load.
    }
  }
  if (!session.token || gen !== generation) return;

  let sentSince = false;
  socket = new ScreenSocket({
    auth: () => {
      const since = events.lastSeq;
      sentSince = since > 0;
      return sentSince ? { token: session.token ?? '', since, scope } : { token: session.token ?? '', scope };
    },
    handlers: {
      hello: (hello) => {
        conn.hello = hello;
        // Replayed changes are catch-up, not news: they are not highlighted.
        conn.replaying = sentSince && !hello.resync;
        if (hello.resync || !events.loaded || heldScope !== hello.scope) {
          void reload(hello.scope).catch(() => {});
        }
      },
      events: (views) => {
        if (buffer) buffer.push(...views);
        else events.applyEvents(views, { live: !conn.replaying });
      },
      replayed: () => {
        conn.replaying = false;
      },
      stats: (summary) => {
        if (summary.scope === (conn.hello?.scope ?? scope)) events.applySummary(summary);
      },
      unauthorized: expire,
      state: (s, at) => conn.setState(s, at),
    },
  });
  socket.start();
}

export function stopLive(): void {
  generation++;
  socket?.stop();
  socket = null;
}

/** Sign out: stop the socket and forget the data. */
export function signOut(): void {
  stopLive();
  heldScope = null;
  useEventsStore().reset();
  useConnectionStore().dehydrate();
  useSessionStore().logout();
}
