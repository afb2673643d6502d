import type { Namespace, Socket } from 'socket.io';
import { levelOf, narrowScope } from '../../protocol/scope.js';
import type { ScreenAuth, ScreenClientToServer, ScreenServerToClient } from '../../protocol/socket.js';
import type { Sessions } from '../auth/tokens.js';
import { can } from '../auth/policy.js';
import type { User } from '../auth/identities.js';
import type { Database } from '../db/database.js';
import type { SummaryCounts } from '../db/event-queries.js';
import type { StreamRegistry } from '../db/streams/registry.js';
import type { Change } from '../db/streams/stream.js';
import type { CommittedChanges, StreamRun } from '../db/writer.js';
import { Errors, socketError } from '../errors.js';
import type { Logger } from '../log.js';
import { groupRunsByRoom } from './rooms.js';
import { summarize, summedFromStreets } from './summaries.js';
import { parseWallAuth, WallRelay } from './wall-relay.js';
import type { WallAuth } from '../../protocol/wall.js';

export interface ScreenData {
  user: User;
  scope: string;
  since: number | undefined;
  /** set when the screen is a window of a spliced wall */
  wall: WallAuth | undefined;
}
export type ScreenSocket = Socket<ScreenClientToServer, ScreenServerToClient, Record<string, never>, ScreenData>;
export type ScreenNamespace = Namespace<ScreenClientToServer, ScreenServerToClient, Record<string, never>, ScreenData>;

export interface HubOptions {
  tickMs: number;
  summaryMs: number;
  /** a `since` further back than this many changes gets `resync` instead of a replay */
  replayMax: number;
  /** the seq already committed when the hub starts (nothing pending) */
  startSeq: number;
  /** the counts the scoped summaries are made of, with the seq they are exact at */
  summaryCounts: SummaryCounts;
}

/** Views a replay reads of each stream at a time. */
const REPLAY_PAGE = 2000;

/** A socket that emits any stream's message (the typed map names the known ones). */
type LooseEmitter = { emit(message: string, views: readonly Change[]): boolean };

/**
 * Pushes committed changes to screens: one emit per room per stream run per tick, never one
 * per change per screen. A screen joins the room of its scope after replaying what it missed,
 * so it sees every change of every stream exactly once, in seq order: a prefix of what it
 * received is always everything up to its highest seq, which is where it resumes.
 */
export class ScreenHub {
  private pending: StreamRun[] = [];
  private pendingSeq: number;
  /** every change up to here has been emitted to the rooms */
  private flushedSeq: number;
  private timer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private summaryTimer: NodeJS.Timeout;
  private summaryRunning = false;
  private readonly walls: WallRelay;

  constructor(
    private readonly nsp: ScreenNamespace,
    private readonly db: Database,
    private readonly streams: StreamRegistry,
    private readonly sessions: Sessions,
    private readonly opts: HubOptions,
    private readonly log: Logger,
  ) {
    this.flushedSeq = this.pendingSeq = opts.startSeq;
    this.walls = new WallRelay(log);
    nsp.use((socket, next) => {
      void this.authenticate(socket).then(
        () => next(),
        (err: unknown) => next(socketError(err)),
      );
    });
    nsp.on('connection', (socket) => {
      this.walls.attach(socket);
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
    if (!user) throw Errors.unauthorized();
    if (!can(user.role, 'screen.watch')) throw Errors.forbidden(`role ${user.role} may not watch screens`);
    const requested = typeof auth.scope === 'string' && auth.scope !== '' ? auth.scope : undefined;
    const scope = narrowScope(user.scope, requested);
    if (!scope) throw Errors.outOfScope(`scope ${requested}`, user.scope);
    if (!levelOf(scope)) throw Errors.validation('auth', [{ path: 'scope', message: `${requested} is not an area code` }]);
    const since = auth.since;
    if (since !== undefined && since !== null && !(Number.isSafeInteger(since) && since >= 0)) {
      throw Errors.validation('auth', [{ path: 'since', message: 'a non-negative integer seq' }]);
    }
    socket.data = { user, scope, since: since ?? undefined, wall: parseWallAuth(auth.wall) };
  }

  private async attach(socket: ScreenSocket): Promise<void> {
    const { user, scope, since } = socket.data;
    const upTo = this.flushedSeq;
    let resync = since !== undefined && since > upTo; // a seq from a database this gateway no longer has
    if (since !== undefined && !resync && since < upTo) resync = (await this.countBetween(scope, since, upTo)) > this.opts.replayMax;
    socket.emit('hello', { user, scope, seq: upTo, resync, summaryMs: this.opts.summaryMs });
    if (since === undefined || resync) {
      void socket.join(scope);
      return;
    }
    let after = since;
    let count = 0;
    for (;;) {
      const target = this.flushedSeq;
      while (after < target) {
        const { runs, upTo: reached } = await this.replayPage(scope, after, target);
        if (!socket.connected) return;
        for (const run of runs) (socket as unknown as LooseEmitter).emit(this.messageOf(run.stream), run.views);
        count += runs.reduce((n, r) => n + r.views.length, 0);
        after = reached;
      }
      // Nothing was flushed while the last page was read: join now, in this same turn, so no tick falls between.
      if (this.flushedSeq === after) break;
    }
    void socket.join(scope);
    socket.emit('replayed', { seq: after, count });
  }

  private messageOf(stream: string): string {
    const def = this.streams.get(stream);
    return def?.message ?? stream;
  }

  private async countBetween(scope: string, after: number, upTo: number): Promise<number> {
    const counts = await Promise.all(this.streams.all.map((s) => s.replay.count(this.db, scope, after, upTo)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * The next changes after `after` of every stream, merged in seq order, up to the seq where
   * every stream's page is complete (a stream that filled its page may have more beyond it).
   */
  private async replayPage(scope: string, after: number, target: number): Promise<{ runs: StreamRun[]; upTo: number }> {
    const pages = await Promise.all(this.streams.all.map(async (s) => ({ stream: s.name, views: await s.replay.changes(this.db, scope, after, target, REPLAY_PAGE) })));
    let upTo = target;
    for (const p of pages) if (p.views.length >= REPLAY_PAGE) upTo = Math.min(upTo, p.views.at(-1)!.seq);
    const merged: { stream: string; view: Change }[] = [];
    for (const p of pages) for (const view of p.views) if (view.seq <= upTo) merged.push({ stream: p.stream, view });
    merged.sort((a, b) => a.view.seq - b.view.seq);
    const runs: StreamRun[] = [];
    for (const { stream, view } of merged) {
      const last = runs.at(-1);
      if (last?.stream === stream) (last.views as Change[]).push(view);
      else runs.push({ stream, views: [view], origin: 'append' });
    }
    return { runs, upTo };
  }

  /** Called by the writer after each commit. */
  publish(changes: CommittedChanges): void {
    this.pending.push(...changes.runs);
    this.pendingSeq = Math.max(this.pendingSeq, changes.lastSeq);
    // On a steady cadence: a change waits at most one tick, half a tick on average.
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + this.opts.tickMs - Date.now()));
  }

  private flush(): void {
    this.timer = null;
    this.lastFlushAt = Date.now();
    const rooms = this.nsp.adapter.rooms;
    const areaOf = (stream: string, view: Change) => this.streams.get(stream)?.areaOf(view as never) ?? '';
    for (const [room, runs] of groupRunsByRoom(this.pending, areaOf, (r) => rooms.has(r))) {
      const to = this.nsp.to(room) as unknown as LooseEmitter;
      for (const run of runs) to.emit(this.messageOf(run.stream), run.views);
    }
    this.pending = [];
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
      const wide = scopes.filter(summedFromStreets);
      if (wide.length) {
        const { counts, seq } = await this.opts.summaryCounts(now.getTime());
        for (const scope of wide) this.nsp.to(scope).emit('stats', summarize(scope, counts, seq, now));
      }
      for (const scope of scopes.filter((s) => !summedFromStreets(s))) {
        const { counts, seq } = await this.opts.summaryCounts(now.getTime(), scope);
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
