import type { Namespace, Socket } from 'socket.io';
import type { EventView } from '../../protocol/events.js';
import type { AlertView, CameraView, PositionView, StatView } from '../../protocol/feeds.js';
import { levelOf, narrowScope } from '../../protocol/scope.js';
import type { ScreenAuth, ScreenClientToServer, ScreenServerToClient } from '../../protocol/socket.js';
import type { Sessions } from '../auth/tokens.js';
import { can } from '../auth/policy.js';
import type { User } from '../auth/identities.js';
import type { EventQueries } from '../db/event-queries.js';
import type { CommittedChanges } from '../db/writer.js';
import type { Logger } from '../log.js';
import { groupByRoom, roomsOf, roomsOfArea } from './rooms.js';
import { summarize } from './summaries.js';

interface ScreenData {
  user: User;
  scope: string;
  since: number | undefined;
}
type ScreenSocket = Socket<ScreenClientToServer, ScreenServerToClient, Record<string, never>, ScreenData>;
export type ScreenNamespace = Namespace<ScreenClientToServer, ScreenServerToClient, Record<string, never>, ScreenData>;

export interface HubOptions {
  cityCode: string;
  tickMs: number;
  summaryMs: number;
  /** a `since` further back than this many changes gets `resync` instead of a replay */
  replayMax: number;
  /** the seq already committed when the hub starts (nothing pending) */
  startSeq: number;
}

const REPLAY_PAGE = 2000;

/**
 * Pushes committed changes to screens: one emit per room per tick, never one per event per
 * screen. A screen joins the room of its scope after replaying what it missed, so it sees
 * every change exactly once, in seq order.
 */
export class ScreenHub {
  private pendingEvents: EventView[] = [];
  private pendingPositions: PositionView[] = [];
  private pendingCameras: CameraView[] = [];
  private pendingStats: StatView[] = [];
  private pendingAlerts: AlertView[] = [];
  private pendingSeq: number;
  /** every change up to here has been emitted to the rooms */
  private flushedSeq: number;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private summaryTimer: NodeJS.Timeout;
  private summaryRunning = false;

  constructor(
    private readonly nsp: ScreenNamespace,
    private readonly queries: EventQueries,
    private readonly sessions: Sessions,
    private readonly opts: HubOptions,
    private readonly log: Logger,
  ) {
    this.flushedSeq = this.pendingSeq = opts.startSeq;
    nsp.use((socket, next) => {
      void this.authenticate(socket).then(
        () => next(),
        (err: Error) => next(err),
      );
    });
    nsp.on('connection', (socket) => {
      this.attach(socket).catch((err: Error) => {
        this.log.error({ err }, 'screen replay failed');
        socket.disconnect(true);
      });
    });
    this.summaryTimer = setInterval(() => void this.pushSummaries(), opts.summaryMs);
  }

  get seq(): number {
    return this.flushedSeq;
  }

  private async authenticate(socket: ScreenSocket): Promise<void> {
    const auth = (socket.handshake.auth ?? {}) as Partial<ScreenAuth>;
    const user = await this.sessions.verify(typeof auth.token === 'string' ? auth.token : undefined);
    if (!user) throw new Error('unauthorized');
    if (!can(user.role, 'screen.watch')) throw new Error(`forbidden: role ${user.role} may not watch screens`);
    const requested = typeof auth.scope === 'string' && auth.scope !== '' ? auth.scope : undefined;
    const scope = narrowScope(user.scope, requested);
    if (!scope || !levelOf(scope)) throw new Error(`forbidden: scope ${requested} is not inside ${user.scope}`);
    const since = auth.since;
    if (since !== undefined && since !== null && !(Number.isSafeInteger(since) && since >= 0)) {
      throw new Error('bad since: a non-negative integer seq');
    }
    socket.data = { user, scope, since: since ?? undefined };
  }

  private async attach(socket: ScreenSocket): Promise<void> {
    const { user, scope, since } = socket.data;
    const upTo = this.flushedSeq;
    let resync = since !== undefined && since > upTo; // a seq from a database this gateway no longer has
    if (since !== undefined && !resync && since < upTo) {
      resync = (await this.queries.countBetween(scope, since, upTo)) > this.opts.replayMax;
    }
    socket.emit('hello', { user, scope, seq: upTo, resync });
    if (since === undefined || resync) {
      void socket.join(scope);
      return;
    }
    let after = since;
    let count = 0;
    for (;;) {
      const target = this.flushedSeq;
      while (after < target) {
        const page = await this.queries.changesBetween(scope, after, target, REPLAY_PAGE);
        if (!socket.connected) return;
        if (page.length) socket.emit('events', page);
        count += page.length;
        after = page.length < REPLAY_PAGE ? target : page.at(-1)!.seq;
      }
      // Nothing was flushed while the last page was read: join now, in this same turn, so no tick falls between.
      if (this.flushedSeq === after) break;
    }
    void socket.join(scope);
    socket.emit('replayed', { seq: after, count });
  }

  /** Called by the writer after each commit. */
  publish(changes: CommittedChanges): void {
    this.pendingEvents.push(...changes.events);
    this.pendingPositions.push(...changes.positions);
    this.pendingCameras.push(...changes.cameras);
    this.pendingStats.push(...changes.stats);
    this.pendingAlerts.push(...changes.alerts);
    this.pendingSeq = Math.max(this.pendingSeq, changes.lastSeq);
    // On a steady cadence: a change waits at most one tick, half a tick on average.
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + this.opts.tickMs - Date.now()));
  }

  private flush(): void {
    this.timer = null;
    this.lastFlushAt = Date.now();
    const rooms = this.nsp.adapter.rooms;
    const live = (room: string) => rooms.has(room);
    const city = this.opts.cityCode;
    for (const [room, list] of groupByRoom(this.pendingEvents, (e) => roomsOf(city, e.districtCode, e.streetCode, e.gridCode), live)) {
      this.nsp.to(room).emit('events', list);
    }
    for (const [room, list] of groupByRoom(this.pendingPositions, (p) => roomsOf(city, p.gridCode?.slice(0, 6) ?? '', p.gridCode?.slice(0, 9) ?? '', p.gridCode), live)) {
      this.nsp.to(room).emit('positions', list);
    }
    for (const [room, list] of groupByRoom(this.pendingCameras, (c) => roomsOf(city, c.gridCode?.slice(0, 6) ?? '', c.gridCode?.slice(0, 9) ?? '', c.gridCode), live)) {
      this.nsp.to(room).emit('cameras', list);
    }
    for (const [room, list] of groupByRoom(this.pendingStats, (s) => roomsOfArea(city, s.areaCode), live)) {
      this.nsp.to(room).emit('feedStats', list);
    }
    this.pendingEvents = [];
    this.pendingPositions = [];
    this.pendingCameras = [];
    for (const [room, list] of groupByRoom(this.pendingAlerts, (a) => roomsOfArea(city, a.scope), live)) {
      this.nsp.to(room).emit('alerts', list);
    }
    this.pendingStats = [];
    this.pendingAlerts = [];
    this.flushedSeq = this.pendingSeq;
  }

  /** One count query per tick for every scope at once; each room gets its own sum. */
  private async pushSummaries(): Promise<void> {
    if (this.summaryRunning) return;
    const scopes = [...this.nsp.adapter.rooms.keys()].filter((r) => levelOf(r) !== null);
    if (!scopes.length) return;
    this.summaryRunning = true;
    try {
      const now = new Date();
      const wide = scopes.filter((s) => s.length <= 9);
      if (wide.length) {
        const { counts, seq } = await this.queries.countsByStreet(now.getTime());
        for (const scope of wide) this.nsp.to(scope).emit('stats', summarize(scope, counts, seq, now));
      }
      for (const scope of scopes.filter((s) => s.length > 9)) {
        const { counts, seq } = await this.queries.countsByStreet(now.getTime(), scope);
        this.nsp.to(scope).emit('stats', summarize(scope, counts, seq, now));
      }
    } catch (err) {
      this.log.warn({ err }, 'summary push failed');
    } finally {
      this.summaryRunning = false;
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.summaryTimer);
    this.flush();
  }
}
