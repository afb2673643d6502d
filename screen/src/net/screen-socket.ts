// The one Socket.IO client of the screen (namespace /screen). It resumes from the last seq
// seen on every (re)connect and derives a connection state the header can show.
import { io, type Socket } from 'socket.io-client';
import { socketErrorBody, type ConferenceMessage, type DeviceCounts, type FollowAnswer, type SharedState, type ErrorBody, type LayoutPublished, type ScopeSummary, type ScreenAuth, type ScreenClientToServer, type ScreenHello, type ScreenServerToClient, type WallState } from './protocol.js';
import { STREAM_MESSAGES, type StreamMessage, type StreamViews } from './stream-messages.js';

export type ConnectionState = 'connecting' | 'live' | 'stale';

export interface ScreenSocketHandlers {
  hello: (hello: ScreenHello) => void;
  /** a message of one of the streams (events, positions, cameras, feedStats, alerts), views in seq order */
  stream: <M extends StreamMessage>(message: M, views: StreamViews[M][]) => void;
  replayed: (info: { seq: number; count: number }) => void;
  stats: (summary: ScopeSummary) => void;
  /** a layout was published or restored (the screen switches if it shows it) */
  layout?: (published: LayoutPublished) => void;
  /** the token was refused: the socket has stopped, the session must log in again */
  unauthorized: () => void;
  state: (state: ConnectionState, lastMessageAt: number | null) => void;
  /** another window of this wall changed what the wall shares */
  wall?: (state: WallState) => void;
  /** a conference session this screen follows changed, or its presenter shared a state */
  conference?: (msg: ConferenceMessage) => void;
  /** the device counts of the screen's scope changed */
  deviceCounts?: (counts: DeviceCounts) => void;
}

export interface ScreenSocketOptions {
  /** called on every connection attempt, so a reconnect resumes from the latest seq */
  auth: () => ScreenAuth;
  handlers: ScreenSocketHandlers;
  url?: string;
  /** away this long (disconnected, or connected but silent) and the data is stale */
  staleAfterMs?: number;
  silenceMs?: number;
  now?: () => number;
}

type ScreenIo = Socket<ScreenServerToClient, ScreenClientToServer>;

export class ScreenSocket {
  private socket: ScreenIo | null = null;
  private state: ConnectionState = 'connecting';
  private lastMessageAt: number | null = null;
  private awaySince: number | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 1000;
  private readonly staleAfterMs: number;
  private readonly silenceMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: ScreenSocketOptions) {
    this.staleAfterMs = opts.staleAfterMs ?? 5000;
    this.silenceMs = opts.silenceMs ?? 20000;
    this.now = opts.now ?? Date.now;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get lastMessageTime(): number | null {
    return this.lastMessageAt;
  }

  get running(): boolean {
    return this.socket !== null;
  }

  start(): void {
    if (this.socket) return;
    this.awaySince = this.now();
    this.setState('connecting');
    const socket: ScreenIo = io(`${this.opts.url ?? ''}/screen`, {
      path: '/socket.io',
      auth: (cb) => cb({ ...this.opts.auth() }),
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    const h = this.opts.handlers;

    socket.on('connect', () => {
      this.retryDelay = 1000;
    });
    socket.on('hello', (hello) => {
      this.touch();
      h.hello(hello);
    });
    for (const message of STREAM_MESSAGES) {
      // One listener shape for every stream message (the typed map names each one's views).
      (socket as unknown as { on(ev: StreamMessage, fn: (views: never[]) => void): void }).on(message, (views) => {
        this.touch();
        h.stream(message, views);
      });
    }
    socket.on('replayed', (info) => {
      this.touch();
      h.replayed(info);
    });
    socket.on('stats', (summary) => {
      this.touch();
      h.stats(summary);
    });
    socket.on('layout', (published) => {
      this.touch();
      h.layout?.(published);
    });
    socket.on('wall', (state) => h.wall?.(state));
    socket.on('conference', (msg) => h.conference?.(msg));
    socket.on('deviceCounts', (counts) => {
      this.touch();
      h.deviceCounts?.(counts);
    });
    socket.on('disconnect', (reason) => {
      this.away();
      // The server closed us on purpose (e.g. restart): socket.io will not retry by itself.
      if (reason === 'io server disconnect') this.scheduleRetry();
    });
    socket.on('connect_error', (err) => {
      if (socketErrorBody(err)?.code === 'UNAUTHORIZED') {
        this.stop();
        h.unauthorized();
        return;
      }
      this.away();
      // A refusal from a server middleware is not retried by socket.io; transport errors are.
      if (!socket.active) this.scheduleRetry();
    });

    this.watchdog = setInterval(() => this.checkStale(), 1000);
  }

  /** Tells the wall's other windows what this one shares now (dropped while disconnected: the next change carries the whole state). */
  sendWall(state: WallState): void {
    if (this.socket?.connected) this.socket.emit('wall', state);
  }

  /** Follows a joined conference session (again after every reconnect: rooms do not survive one). */
  followConference(id: string): Promise<FollowAnswer> {
    return new Promise((resolve) => {
      if (!this.socket) resolve({ ok: false, statusCode: 0, code: 'NETWORK', message: 'not connected' });
      else this.socket.emit('conference:follow', id, resolve);
    });
  }

  unfollowConference(id: string): void {
    this.socket?.emit('conference:unfollow', id);
  }

  /** The presenter shares its state; dropped while disconnected (the next change carries the whole camera again). */
  shareConference(id: string, state: SharedState): Promise<{ ok: true; seq: number } | ({ ok: false } & ErrorBody) | null> {
    return new Promise((resolve) => {
      if (!this.socket?.connected) resolve(null);
      else this.socket.emit('conference:state', { id, state }, resolve);
    });
  }

  stop(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.retry) clearTimeout(this.retry);
    this.watchdog = null;
    this.retry = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
    }
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.socket?.connect();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 10000);
  }

  private touch(): void {
    this.lastMessageAt = this.now();
    this.awaySince = null;
    this.setState('live', true);
  }

  private away(): void {
    if (this.awaySince === null) this.awaySince = this.now();
    if (this.state === 'live') this.setState('connecting');
  }

  /** exposed for tests: re-evaluates staleness against the clock */
  checkStale(): void {
    const now = this.now();
    if (this.state === 'connecting' && this.awaySince !== null && now - this.awaySince > this.staleAfterMs) {
      this.setState('stale');
    } else if (this.state === 'live' && this.lastMessageAt !== null && now - this.lastMessageAt > this.silenceMs) {
      this.setState('stale');
    }
  }

  private setState(state: ConnectionState, force = false): void {
    if (state === this.state && !force) return;
    const changed = state !== this.state;
    this.state = state;
    if (changed || force) this.opts.handlers.state(state, this.lastMessageAt);
  }
}
