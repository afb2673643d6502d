import { DuckDBTimestampTZValue, type DuckDBAppender, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { EventRows, prepareEventInsert } from './event-insert.js';
import { applyRollupDelta } from './kpi-queries.js';
import type { EventView, IngestAck, IngestEvent } from '../../protocol/events.js';
import type { AlertView, Camera, CameraView, Position, PositionView, Stat, StatView } from '../../protocol/feeds.js';
import type { Placement } from '../geo/areas.js';
import type { Database } from './database.js';

export interface PlacedEvent {
  event: IngestEvent;
  place: Placement;
  /** the filing + dispatch deadline the case starts with, or null without an SLA table */
  deadlineMs: number | null;
}
export interface PlacedPosition {
  position: Position;
  place: Placement;
}
export interface PlacedCamera {
  camera: Camera;
  place: Placement;
}

export type WriteJob =
  | { kind: 'events'; source: string; items: PlacedEvent[] }
  | { kind: 'positions'; source: string; items: PlacedPosition[] }
  | { kind: 'cameras'; source: string; items: PlacedCamera[] }
  | { kind: 'stats'; source: string; items: Stat[] };

/** What one commit stored, in seq order per kind, handed to the hub after the commit. */
export interface CommittedChanges {
  events: EventView[];
  positions: PositionView[];
  cameras: CameraView[];
  stats: StatView[];
  alerts: AlertView[];
  lastSeq: number;
}

interface Pending {
  job: WriteJob;
  resolve: (ack: IngestAck) => void;
  reject: (err: Error) => void;
}

/** What an apply step may use: its own connection, seqs from the writer's counter, the time. */
export interface ApplyContext {
  conn: DuckDBConnection;
  nextSeq: () => number;
  now: number;
}

/**
 * A change that is not an append (a case transition, an alert): it runs in its turn between
 * the writer's commits, on a connection of its own, and returns the views to push.
 */
export type ApplyStep<T> = (ctx: ApplyContext) => Promise<{ result: T; events?: EventView[]; extra?: Partial<Omit<CommittedChanges, 'events' | 'lastSeq'>> }>;

interface PendingApply {
  apply: ApplyStep<unknown>;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/** Commits being written at once: one written by DuckDB while the gateway builds the next. */
const PIPELINE_DEPTH = 2;

/** Rows per commit: large enough to amortise the commit, small enough to keep latency low. */
const MAX_ROWS_PER_COMMIT = 20_000;

const ts = (ms: number) => new DuckDBTimestampTZValue(BigInt(ms) * 1000n);

/**
 * The single writer. Every stored change goes through it: it gives each a gateway seq,
 * appends it, commits in small batches (one appender flush = one transaction per table)
 * and only then resolves the sources' promises and tells the hub.
 *
 * Idempotency is decided here, in memory, from keys loaded at start: DuckDB's unique
 * indexes halve the append rate (measured ~90k vs ~200k rows/s), so the writer keeps
 *  - events: every (source, id) ever stored;
 *  - positions and stats: the latest ts per series (an equal or older ts is a duplicate);
 *  - cameras: the latest stored content per (source, id) (an unchanged camera is a duplicate).
 */
export class Writer {
  private seq = 0;
  private queue: (Pending | PendingApply)[] = [];
  private scheduled = false;
  private draining = false;
  private applyConn: DuckDBConnection | null = null;
  /** event inserts run on two connections, so one commit can be written while the next is built */
  private insertSlots: { conn: DuckDBConnection; stmt: DuckDBPreparedStatement }[] = [];
  private nextSlot = 0;
  /** commits written or being written, oldest first; finalized (acknowledged, published) in order */
  private inflight: Promise<void>[] = [];
  private finalizeTail: Promise<void> = Promise.resolve();
  /** (source, id) of events in commits still in flight: a repeat meanwhile is a duplicate */
  private readonly pendingEventKeys = new Set<string>();
  private wake: (() => void) | null = null;
  private rollupErrors = 0;
  /** new cases up to this seq are in the KPI rollups; up to `newCasesUpTo` they are stored */
  private rolledUpTo = 0;
  private newCasesUpTo = 0;
  private rollupTimer: NodeJS.Timeout | null = null;
  /** the rollup of new cases under way, on a connection of its own, beside the inserts */
  private rollupRun: Promise<void> | null = null;
  private rollupConn: DuckDBConnection | null = null;
  private closed = false;
  private readonly eventKeys = new Map<string, Set<string>>();
  private readonly positionTs = new Map<string, number>();
  private readonly statTs = new Map<string, number>();
  private readonly cameraContent = new Map<string, string>();
  private appenders = new Map<string, DuckDBAppender>();

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly onCommit: (changes: CommittedChanges) => void,
    private readonly warn: (msg: string, err: unknown) => void,
  ) {}

  static async start(db: Database, onCommit: (changes: CommittedChanges) => void, warn: (msg: string, err: unknown) => void = () => {}): Promise<Writer> {
    const conn = await db.connect();
    const w = new Writer(conn, onCommit, warn);
    w.applyConn = await db.connect();
    for (let i = 0; i < PIPELINE_DEPTH; i++) {
      const c = await db.connect();
      w.insertSlots.push({ conn: c, stmt: await prepareEventInsert(c) });
    }
    w.rollupConn = await db.connect();
    w.rollupTimer = setInterval(() => {
      if (!w.closed) void w.rollUpNewCases();
    }, 1000);
    w.rollupTimer.unref();
    await w.loadState();
    w.rolledUpTo = w.newCasesUpTo = w.seq; // the start rebuilt the rollups from every stored case
    for (const table of ['positions', 'cameras', 'stats']) {
      w.appenders.set(table, await conn.createAppender(table));
    }
    return w;
  }

  /** The highest seq committed so far. */
  get lastSeq(): number {
    return this.seq;
  }

  private async loadState(): Promise<void> {
    const read = async (sql: string) => (await this.conn.runAndReadAll(sql)).getRowsJS();
    const [maxRow] = await read(`SELECT greatest(
        (SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(seq), 0) FROM positions),
        (SELECT coalesce(max(seq), 0) FROM cameras), (SELECT coalesce(max(seq), 0) FROM stats),
        (SELECT coalesce(max(seq), 0) FROM alerts), (SELECT coalesce(max(seq), 0) FROM event_transitions))`);
    this.seq = Number(maxRow?.[0] ?? 0);
    for (const [source, id] of await read('SELECT source, source_id FROM events')) {
      this.eventKeySet(source as string).add(id as string);
    }
    for (const [source, worker, maxTs] of await read(
      'SELECT source, worker_id, epoch_ms(max(ts)) FROM positions GROUP BY ALL',
    )) {
      this.positionTs.set(`${source}\u0000${worker}`, Number(maxTs));
    }
    for (const [source, key, area, maxTs] of await read(
      'SELECT source, key, area_code, epoch_ms(max(ts)) FROM stats GROUP BY ALL',
    )) {
      this.statTs.set(`${source}\u0000${key}\u0000${area}`, Number(maxTs));
    }
    for (const [source, id, name, lon, lat, url, status] of await read(
      'SELECT source, id, name, lon, lat, hls_url, status FROM cameras QUALIFY row_number() OVER (PARTITION BY source, id ORDER BY seq DESC) = 1',
    )) {
      this.cameraContent.set(`${source}\u0000${id}`, JSON.stringify([name, lon, lat, url, status]));
    }
  }

  private eventKeySet(source: string): Set<string> {
    let set = this.eventKeys.get(source);
    if (!set) this.eventKeys.set(source, (set = new Set()));
    return set;
  }

  /** Queue a job; resolves with the acknowledgement once its rows are committed. */
  submit(job: WriteJob): Promise<IngestAck> {
    if (this.closed) return Promise.reject(new Error('the writer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.wake?.();
      this.schedule();
    });
  }

  /** Queue a step that changes stored rows in place; it runs after everything queued before it. */
  apply<T>(step: ApplyStep<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the writer is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply: step as ApplyStep<unknown>, resolve: resolve as (r: unknown) => void, reject });
      this.wake?.();
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    // setImmediate lets every request already read in this loop turn join the same commit.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    this.draining = true;
    try {
      for (;;) {
        if (this.queue.length === 0) {
          const oldest = this.inflight[0];
          if (!oldest) break;
          // Wait for the oldest commit, or for new work to build while it is written.
          const arrived = new Promise<void>((resolve) => (this.wake = resolve));
          await Promise.race([oldest, arrived]);
          this.wake = null;
          if (this.inflight[0] === oldest && this.queue.length === 0) this.inflight.shift();
          else if (this.inflight[0] === oldest) await this.settleBeyond(PIPELINE_DEPTH - 1);
          continue;
        }
        const head = this.queue[0]!;
        if ('apply' in head) {
          this.queue.shift();
          await this.settleBeyond(0);
          await this.rollUpNewCases(); // a transition moves only cases the rollups already count
          await this.runApply(head);
          continue;
        }
        await this.commitAppends();
      }
    } finally {
      this.draining = false;
      this.wake = null;
    }
  }

  /** Waits until at most `n` commits are in flight. */
  private async settleBeyond(n: number): Promise<void> {
    while (this.inflight.length > n) await this.inflight.shift();
  }

  private async runApply(p: PendingApply): Promise<void> {
    const seqBefore = this.seq;
    try {
      const { result, events = [], extra = {} } = await p.apply({ conn: this.applyConn!, nextSeq: () => ++this.seq, now: Date.now() });
      p.resolve(result);
      if (this.seq > seqBefore) {
        this.onCommit({ events, positions: extra.positions ?? [], cameras: extra.cameras ?? [], stats: extra.stats ?? [], alerts: extra.alerts ?? [], lastSeq: this.seq });
      }
    } catch (err) {
      p.reject(err);
    }
  }

  /** Takes the append jobs at the head of the queue (up to the next apply step) and commits them. */
  private async commitAppends(): Promise<void> {
    {
      let rows = 0;
      let n = 0;
      while (n < this.queue.length) {
        const p = this.queue[n]!;
        if ('apply' in p) break;
        if (n > 0 && rows + p.job.items.length > MAX_ROWS_PER_COMMIT) break;
        rows += p.job.items.length;
        n++;
      }
      const taken = this.queue.splice(0, n) as Pending[];
      // One kind per commit: each table's flush is its own transaction, so a failure is the failing kind's alone.
      for (const kind of ['events', 'positions', 'cameras', 'stats'] as const) {
        const ofKind = taken.filter((p) => p.job.kind === kind);
        if (!ofKind.length) continue;
        await this.settleBeyond(PIPELINE_DEPTH - 1);
        this.inflight.push(this.commit(kind, ofKind));
      }
    }
  }

  /**
   * Builds a commit now (seqs, duplicates, views), writes it, and finalizes it — acknowledges
   * the sources and tells the hub — only after every earlier commit was finalized, so changes
   * reach screens in seq order and only once stored.
   */
  private commit(kind: WriteJob['kind'], batch: Pending[]): Promise<void> {
    const now = Date.now();
    const changes: CommittedChanges = { events: [], positions: [], cameras: [], stats: [], alerts: [], lastSeq: this.seq };
    const acks: IngestAck[] = [];
    // Keys to remember once the flush succeeded (a failed flush must not mark them stored).
    const newEventKeys: [string, string][] = [];
    const newPositionTs = new Map<string, number>();
    const newStatTs = new Map<string, number>();
    const newCameraContent = new Map<string, string>();
    const seenInBatch = new Set<string>();
    const eventRows = new EventRows(now);
    const seqBefore = this.seq;

    for (const { job } of batch) {
      let accepted = 0;
      let duplicates = 0;
      if (job.kind === 'events') {
        const known = this.eventKeySet(job.source);
        const nowIso = new Date(now).toISOString();
        for (const { event: e, place, deadlineMs } of job.items) {
          const k = `${job.source}\u0000${e.id}`;
          if (known.has(e.id) || seenInBatch.has(k) || this.pendingEventKeys.has(k)) {
            duplicates++;
            continue;
          }
          seenInBatch.add(k);
          this.pendingEventKeys.add(k);
          const seq = ++this.seq;
          const occurredMs = Date.parse(e.occurredAt);
          const view: EventView = {
            seq,
            id: `ev-${seq}`,
            sourceId: e.id,
            source: job.source,
            category: e.category,
            // Citizen reports are checked on site first (DOMAIN.md); the rest wait for intake.
            status: e.reporter.kind === 'citizen' ? 'VERIFYING' : 'REPORTED',
            urgency: e.urgency,
            lon: e.lon,
            lat: e.lat,
            districtCode: place.districtCode,
            streetCode: place.streetCode,
            gridCode: place.gridCode,
            occurredAt: new Date(occurredMs).toISOString(),
            updatedAt: nowIso,
            deadline: deadlineMs === null ? null : new Date(deadlineMs).toISOString(),
            overdue: deadlineMs !== null && deadlineMs < now,
            title: e.title ?? '',
          };
          eventRows.push(view, e, occurredMs);
          newEventKeys.push([job.source, e.id]);
          changes.events.push(view);
          accepted++;
        }
      } else if (job.kind === 'positions') {
        const app = this.appenders.get('positions')!;
        for (const { position: p, place } of job.items) {
          const k = `${job.source}\u0000${p.workerId}`;
          const t = Date.parse(p.ts);
          if (t <= (newPositionTs.get(k) ?? this.positionTs.get(k) ?? -Infinity)) {
            duplicates++;
            continue;
          }
          const seq = ++this.seq;
          app.appendBigInt(BigInt(seq));
          app.appendVarchar(job.source);
          app.appendVarchar(p.workerId);
          app.appendTimestampTZ(ts(t));
          app.appendDouble(p.lon);
          app.appendDouble(p.lat);
          if (place.gridCode) app.appendVarchar(place.gridCode);
          else app.appendNull();
          app.appendVarchar(place.areaCode);
          app.endRow();
          newPositionTs.set(k, t);
          changes.positions.push({
            seq,
            workerId: p.workerId,
            source: job.source,
            ts: new Date(t).toISOString(),
            lon: p.lon,
            lat: p.lat,
            gridCode: place.gridCode,
          });
          accepted++;
        }
      } else if (job.kind === 'cameras') {
        const app = this.appenders.get('cameras')!;
        for (const { camera: c, place } of job.items) {
          const k = `${job.source}\u0000${c.id}`;
          const content = JSON.stringify([c.name, c.lon, c.lat, c.hlsUrl, c.status]);
          if ((newCameraContent.get(k) ?? this.cameraContent.get(k)) === content) {
            duplicates++;
            continue;
          }
          const seq = ++this.seq;
          app.appendBigInt(BigInt(seq));
          app.appendVarchar(job.source);
          app.appendVarchar(c.id);
          app.appendVarchar(c.name);
          app.appendDouble(c.lon);
          app.appendDouble(c.lat);
          if (place.gridCode) app.appendVarchar(place.gridCode);
          else app.appendNull();
          app.appendVarchar(place.areaCode);
          app.appendVarchar(c.hlsUrl);
          app.appendVarchar(c.status);
          app.appendTimestampTZ(ts(now));
          app.endRow();
          newCameraContent.set(k, content);
          changes.cameras.push({
            seq,
            id: c.id,
            source: job.source,
            name: c.name,
            lon: c.lon,
            lat: c.lat,
            gridCode: place.gridCode,
            hlsUrl: c.hlsUrl,
            status: c.status,
          });
          accepted++;
        }
      } else {
        const app = this.appenders.get('stats')!;
        for (const s of job.items) {
          const k = `${job.source}\u0000${s.key}\u0000${s.areaCode}`;
          const t = Date.parse(s.ts);
          if (t <= (newStatTs.get(k) ?? this.statTs.get(k) ?? -Infinity)) {
            duplicates++;
            continue;
          }
          const seq = ++this.seq;
          app.appendBigInt(BigInt(seq));
          app.appendVarchar(job.source);
          app.appendVarchar(s.key);
          app.appendVarchar(s.areaCode);
          app.appendTimestampTZ(ts(t));
          app.appendDouble(s.value);
          app.endRow();
          newStatTs.set(k, t);
          changes.stats.push({ seq, key: s.key, areaCode: s.areaCode, ts: new Date(t).toISOString(), value: s.value });
          accepted++;
        }
      }
      acks.push({ accepted, duplicates, lastSeq: 0 });
    }

    const seqAfter = this.seq;
    let write: Promise<void>;
    if (seqAfter === seqBefore) write = Promise.resolve();
    else if (kind === 'events') {
      const slot = this.insertSlots[this.nextSlot++ % this.insertSlots.length]!;
      write = eventRows.insert(slot.conn, slot.stmt);
    } else {
      try {
        // One flush is one committed transaction.
        this.appenders.get(kind)!.flushSync();
        write = Promise.resolve();
      } catch (err) {
        write = Promise.reject(err as Error);
      }
    }
    const previous = this.finalizeTail;
    const done = (async () => {
      let failure: Error | null = null;
      try {
        await write;
      } catch (err) {
        failure = err as Error;
      }
      await previous;
      for (const [source, id] of newEventKeys) this.pendingEventKeys.delete(`${source}\u0000${id}`);
      if (failure) {
        // Nothing of this batch is acknowledged; the source retries and idempotency absorbs what did land.
        const error = new Error(`commit failed: ${failure.message}`);
        for (const p of batch) p.reject(error);
        if (kind !== 'events') void this.reopenAppender(kind);
        return;
      }
      // The source hears back only now, after the commit.
      for (const [source, id] of newEventKeys) this.eventKeySet(source).add(id);
      for (const [k, t] of newPositionTs) this.positionTs.set(k, t);
      for (const [k, t] of newStatTs) this.statTs.set(k, t);
      for (const [k, c] of newCameraContent) this.cameraContent.set(k, c);
      changes.lastSeq = seqAfter;
      batch.forEach((p, i) => p.resolve({ ...acks[i]!, lastSeq: seqAfter }));
      if (seqAfter > seqBefore) this.onCommit(changes);
      if (kind === 'events' && seqAfter > seqBefore) this.newCasesUpTo = Math.max(this.newCasesUpTo, seqAfter);
    })();
    this.finalizeTail = done;
    return done;
  }

  /**
   * New cases enter the KPI rollups in batches (about once a second, and always before any
   * apply step, so a transition never moves a case the rollups have not counted yet): one
   * rollup statement per commit cost more than the insert itself. A failure is repaired by the
   * rebuild at the next start.
   */
  private rollUpNewCases(): Promise<void> {
    // Runs beside the event inserts (other tables: no conflict), never beside a transition,
    // which also moves rollup rows: apply steps wait for it.
    this.rollupRun ??= (async () => {
      try {
        while (this.newCasesUpTo > this.rolledUpTo) {
          const upTo = this.newCasesUpTo;
          await applyRollupDelta(this.rollupConn!, { createdAfterSeq: this.rolledUpTo, createdUpToSeq: upTo }, 1).catch((err: unknown) => {
            if (this.rollupErrors++ === 0) this.warn('KPI rollup update failed; rebuilt at the next start', err);
          });
          this.rolledUpTo = upTo;
        }
      } finally {
        this.rollupRun = null;
      }
    })();
    return this.rollupRun;
  }


  /** After a failed flush an appender may still hold the rejected rows: start a clean one. */
  private async reopenAppender(table: WriteJob['kind']): Promise<void> {
    try {
      this.appenders.get(table)?.closeSync();
    } catch {
      // already broken: replaced below
    }
    this.appenders.set(table, await this.conn.createAppender(table));
  }

  /** Commits what is queued (apply steps still run in their turn), then closes the connections. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.rollupTimer) clearInterval(this.rollupTimer);
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
    await this.drain();
    await this.rollUpNewCases();
    for (const app of this.appenders.values()) {
      try {
        app.closeSync();
      } catch {
        // closing after a failed flush may throw; nothing is left to save
      }
    }
    this.appenders.clear();
    this.rollupConn?.closeSync();
    for (const slot of this.insertSlots) {
      slot.stmt.destroySync();
      slot.conn.closeSync();
    }
    this.insertSlots = [];
    this.applyConn?.closeSync();
    this.conn.closeSync();
  }
}
