// Wires the gateway to the stores: the first REST load, the one screen socket, resync,
// and what an expired token does. The only module that feeds the event, alert and connection stores.
import { api, ApiError, configureApi } from './api.js';
import { ScreenSocket } from './screen-socket.js';
import { ancestorAt, narrowScope, levelOf } from './protocol.js';
import type { AlertView, EventView } from './protocol.js';
import { useEventsStore } from '../stores/events.js';
import { useAlertsStore } from '../stores/alerts.js';
import { useConnectionStore } from '../stores/connection.js';
import { useSessionStore } from '../stores/session.js';
import { useCatalogStore } from '../stores/catalog.js';

const SNAPSHOT_LIMIT = 200;

let socket: ScreenSocket | null = null;
/** the scope the events store holds data for, so a different login starts clean */
let heldScope: string | null = null;
/** live views that arrived while a REST reload was in flight */
let buffer: EventView[] | null = null;
/** live alerts that arrived while a REST reload was in flight */
let alertBuffer: AlertView[] | null = null;
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

/** A REST call whose failure (other than an expired session) leaves the screen as it is. */
function optional<T>(p: Promise<T>): Promise<T | null> {
  return p.catch((err: unknown) => {
    if (err instanceof ApiError && err.unauthorized) throw err;
    return null;
  });
}

/** Loads events, the summary and open alerts over REST, replacing what is held; live views keep flowing. */
async function reload(scope: string): Promise<void> {
  const events = useEventsStore();
  const alerts = useAlertsStore();
  const gen = generation;
  const pending: EventView[] = [];
  const pendingAlerts: AlertView[] = [];
  buffer = pending;
  alertBuffer = pendingAlerts;
  try {
    const [list, summary, openAlerts] = await Promise.all([
      api.events({ limit: SNAPSHOT_LIMIT, area: scope }),
      optional(api.summary(scope)),
      optional(api.alerts({ status: 'open', area: scope })),
    ]);
    if (gen !== generation) return; // superseded by a newer start or a stop
    events.reset();
    events.loadSnapshot(list.events, summary);
    // Without the alert list (an older gateway, a hiccup) the alerts held for this scope stay.
    if (openAlerts) alerts.hydrate(openAlerts.alerts ?? []);
    else if (heldScope !== scope) alerts.dehydrate();
    heldScope = scope;
  } finally {
    if (buffer === pending) buffer = null;
    if (alertBuffer === pendingAlerts) alertBuffer = null;
    // Live views that arrived meanwhile are applied on top (or kept, if the load failed).
    if (gen === generation && pending.length > 0) events.applyEvents(pending, { live: true });
    if (gen === generation && pendingAlerts.length > 0) alerts.applyAlerts(pendingAlerts, { live: true });
  }
}

/**
 * Reloads the open alerts alone: the socket's replay after a reconnect covers events, not
 * alerts, so what was raised or acknowledged meanwhile comes over REST.
 */
async function reloadAlerts(scope: string): Promise<void> {
  const alerts = useAlertsStore();
  const gen = generation;
  const pending: AlertView[] = [];
  alertBuffer = pending;
  try {
    const open = await optional(api.alerts({ status: 'open', area: scope }));
    if (gen === generation && open) alerts.hydrate(open.alerts ?? []);
  } finally {
    if (alertBuffer === pending) alertBuffer = null;
    if (gen === generation && pending.length > 0) alerts.applyAlerts(pending, { live: true });
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
    tasks.push(api.areas('street', ancestorAt(scope, 'district') ?? scope).then((a) => catalog.addAreas(a)));
  }
  // Names are a nicety: the screen shows codes when any of these is missing.
  await Promise.allSettled(tasks);
}

/** Starts (or resumes) the live screen for the signed-in user, optionally narrowed. */
export async function startLive(requestedScope?: string): Promise<void> {
  const session = useSessionStore();
  const events = useEventsStore();
  const alerts = useAlertsStore();
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
        } else if (!alertBuffer) {
          void reloadAlerts(hello.scope).catch(() => {});
        }
      },
      events: (views) => {
        if (buffer) buffer.push(...views);
        else events.applyEvents(views, { live: !conn.replaying });
      },
      alerts: (views) => {
        if (alertBuffer) alertBuffer.push(...views);
        else alerts.applyAlerts(views, { live: !conn.replaying });
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
  useAlertsStore().dehydrate();
  useConnectionStore().dehydrate();
  useSessionStore().logout();
}

/**
 * A duty officer acknowledges an alert: the answer (the updated view) is applied at once; the
 * socket brings the same change to every other screen. Throws the ApiError (403, 409, …).
 */
export async function acknowledgeAlert(id: string): Promise<AlertView> {
  const view = await api.ackAlert(id);
  useAlertsStore().applyAlerts([view]);
  return view;
}
