// Wires the gateway to the stores: the first REST load of every stream, the one screen socket,
// resync, and what an expired token does. The only module that feeds the stream stores and the
// connection store.
import { api, ApiError, configureApi } from './api.js';
import { ScreenSocket } from './screen-socket.js';
import { ancestorAt, narrowScope } from './protocol.js';
import type { StreamMessage, StreamViews } from './stream-messages.js';
import type { ConferenceMessage, FollowAnswer, SharedState, WallAuth, WallState } from './protocol.js';
import { forgetHeard, markHeard, setSummaryCadence } from './heard.js';
import { optionalLoad, streamFollowers, type StreamFollower } from './stream-followers.js';
import { useAlertsStore } from '../stores/alerts.js';
import { useEventsStore } from '../stores/events.js';
import { useConnectionStore } from '../stores/connection.js';
import { useSessionStore } from '../stores/session.js';
import { useCatalogStore } from '../stores/catalog.js';
import { useLayoutStore } from '../stores/layout.js';
import { useDeviceCountsStore } from '../stores/device-counts.js';

type Pushed = { message: StreamMessage; views: readonly { seq: number }[]; live: boolean };

let socket: ScreenSocket | null = null;
let followers: StreamFollower[] | null = null;
/** the scope the stores hold data for, so a different login starts clean */
let heldScope: string | null = null;
/** every change up to this seq is in the stores: where the socket resumes */
let resumeSeq = 0;
/** pushed views that arrived while a REST reload was in flight */
let buffer: Pushed[] | null = null;
let onExpired: () => void = () => {};
/** bumped by every start/stop, so a start still awaiting its REST load knows it was superseded */
let generation = 0;
/** set when this window is a tile of a spliced wall */
let wall: WallAuth | null = null;
let onWall: (state: WallState) => void = () => {};
/** the conference session this screen follows, and where its messages and (re)follow answers go */
let conference: { id: string; onMessage: (msg: ConferenceMessage) => void; onFollowed: (answer: FollowAnswer) => void } | null = null;

function allFollowers(): StreamFollower[] {
  followers ??= streamFollowers();
  return followers;
}

/** Call once at start: the REST client takes its token from the session. */
export function initNet(opts: { onExpired: () => void }): void {
  onExpired = opts.onExpired;
  const session = useSessionStore();
  configureApi({ token: () => session.token, onUnauthorized: expire });
}

/** The city's name and code for titles, before anyone signs in; retried until the gateway answers. */
export async function loadCity(): Promise<void> {
  const catalog = useCatalogStore();
  for (let wait = 1000; !catalog.city; wait = Math.min(wait * 2, 30_000)) {
    try {
      catalog.setCity(await api.city());
    } catch {
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function expire(): void {
  stopLive();
  const session = useSessionStore();
  if (!session.authenticated) return;
  session.expire();
  onExpired();
}

function deliver({ message, views, live }: Pushed): void {
  const f = allFollowers().find((x) => x.message === message);
  f?.push(views as never, live);
  markHeard(message);
  for (const v of views) if (v.seq > resumeSeq) resumeSeq = v.seq;
}

/**
 * Loads every stream's store over REST, replacing what is held; pushed views keep flowing and
 * are applied on top. The socket resumes from the oldest of the snapshots' seqs: replayed
 * changes a store already holds are ignored by its seq check.
 */
async function reload(scope: string): Promise<void> {
  const gen = generation;
  const pending: Pushed[] = [];
  buffer = pending;
  try {
    const list = allFollowers();
    const snaps = await Promise.all(list.map((f) => (f.essential ? f.load(scope) : optionalLoad(f.load(scope)))));
    if (gen !== generation) return; // superseded by a newer start or a stop
    let seq = Infinity;
    snaps.forEach((snap, i) => {
      if (snap) {
        snap.apply();
        markHeard(list[i]!.message);
        seq = Math.min(seq, snap.seq);
      } else if (heldScope !== scope) {
        // Without its load (an older gateway, a hiccup) a store keeps what it held for this scope.
        list[i]!.clear();
      }
    });
    resumeSeq = Number.isFinite(seq) ? seq : 0;
    heldScope = scope;
  } finally {
    if (buffer === pending) buffer = null;
    if (gen === generation) for (const p of pending) deliver(p);
  }
}

/**
 * Names of the areas a screen shows: every district the user may see, the streets of the
 * scope's district and the communities of its street. Each request names a parent inside the
 * user's own scope (a street user asking for its district's streets was refused with a 403
 * and its header fell back to the code).
 */
async function loadCatalog(scope: string): Promise<void> {
  const catalog = useCatalogStore();
  const userScope = useSessionStore().user?.scope ?? scope;
  const tasks: Promise<unknown>[] = [
    api.categories().then((r) => catalog.setCategories(r.categories ?? [])),
    api.areas({ level: 'district' }).then((a) => catalog.addAreas(a.features.map((f) => f.properties))),
  ];
  for (const [level, above] of [
    ['street', 'district'],
    ['community', 'street'],
  ] as const) {
    const parent = ancestorAt(scope, above);
    if (!parent) continue;
    tasks.push(api.areas({ level, parent: deeperOf(userScope, parent) }).then((a) => catalog.addAreas(a.features.map((f) => f.properties))));
  }
  // Names are a nicety: the screen shows codes when any of these is missing.
  await Promise.allSettled(tasks);
}

/** Of two nested scopes, the narrower: a parent never wider than what the user may ask for. */
function deeperOf(userScope: string, code: string): string {
  return code.startsWith(userScope) ? code : userScope;
}

/** Makes this window a tile of a wall (or not) from its next connection on; `handler` gets the other windows' states. */
export function joinWall(auth: WallAuth | null, handler: (state: WallState) => void): void {
  const changed = JSON.stringify(auth) !== JSON.stringify(wall);
  wall = auth;
  onWall = handler;
  if (changed && socket) {
    // the wall is part of the connection's auth: reconnect with it
    const scope = useConnectionStore().scope ?? undefined;
    stopLive();
    void startLive(scope);
  }
}

/** Tells the wall's other windows what this one shares now. */
export function sendWall(state: WallState): void {
  socket?.sendWall(state);
}

async function refollow(): Promise<void> {
  const c = conference;
  if (!c || !socket) return;
  const answer = await socket.followConference(c.id);
  if (conference === c) c.onFollowed(answer);
}

/** Follows a joined conference session on this screen's socket, now and after every reconnect; null stops. */
export function followConference(link: typeof conference): void {
  if (conference && socket && conference.id !== link?.id) socket.unfollowConference(conference.id);
  conference = link;
  if (link && socket) void refollow();
}

/** The presenter's screen shares its state with the followers (null: not sent, the socket is away). */
export function shareConference(id: string, state: SharedState): ReturnType<ScreenSocket['shareConference']> {
  return socket ? socket.shareConference(id, state) : Promise.resolve(null);
}

/** Starts (or resumes) the live screen for the signed-in user, optionally narrowed. */
export async function startLive(requestedScope?: string): Promise<void> {
  const session = useSessionStore();
  const conn = useConnectionStore();
  if (!session.token || !session.user) return;
  const scope = narrowScope(session.user.scope, requestedScope) ?? session.user.scope;
  if (socket && conn.scope === scope) return;
  stopLive();
  const gen = generation;
  conn.scope = scope;
  void loadCatalog(scope);

  if (heldScope !== scope) {
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
      sentSince = heldScope === scope && resumeSeq > 0;
      const base = { token: session.token ?? '', scope, ...(wall ? { wall } : {}) };
      return sentSince ? { ...base, since: resumeSeq } : base;
    },
    handlers: {
      hello: (hello) => {
        conn.hello = hello;
        setSummaryCadence(hello.summaryMs);
        // Replayed changes are catch-up, not news: they are not highlighted.
        conn.replaying = sentSince && !hello.resync;
        if (hello.resync || heldScope !== hello.scope) void reload(hello.scope).catch(() => {});
        // a layout published while the socket was away came as no message
        if (sentSince) void useLayoutStore().refresh();
        // a new connection is in no conference room: follow again, and catch up with the presenter
        if (conference) void refollow();
      },
      stream: (message, views) => {
        const pushed = { message, views, live: !conn.replaying };
        if (buffer) buffer.push(pushed);
        else deliver(pushed);
      },
      replayed: () => {
        conn.replaying = false;
      },
      stats: (summary) => {
        if (summary.scope !== (conn.hello?.scope ?? scope)) return;
        useEventsStore().applySummary(summary);
        markHeard('events'); // the summaries are the events topic's heartbeat
      },
      // A published layout replaces the one shown in place: same socket, same stores, no reload.
      layout: (published) => useLayoutStore().published(published.layout, published.version),
      unauthorized: expire,
      wall: (state) => onWall(state),
      conference: (msg) => conference?.onMessage(msg),
      deviceCounts: (counts) => useDeviceCountsStore().applyCounts(counts),
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
  resumeSeq = 0;
  for (const f of allFollowers()) f.clear();
  forgetHeard();
  useDeviceCountsStore().clear();
  useConnectionStore().dehydrate();
  useSessionStore().logout();
}

/**
 * A duty officer acknowledges an alert: the answer (the updated view) is applied at once; the
 * socket brings the same change to every other screen. Throws the ApiError (403, 409, …).
 */
export async function acknowledgeAlert(id: string): Promise<StreamViews['alerts']> {
  const view = await api.ackAlert(id);
  useAlertsStore().applyAlerts([view]);
  return view;
}
