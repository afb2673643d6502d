import type { DuckDBConnection } from '@duckdb/node-api';
import type { IngestAck } from '../../protocol/events.js';
import { BloomFilter } from './bloom-filter.js';
import type { Database, SqlParams } from './database.js';
import { DEFAULT_IDEMPOTENCY_LIMITS, IdempotencyIndex, type IdempotencyLimits, type Version } from './idempotency.js';
import type { StreamRegistry } from './streams/registry.js';
import type { AnyStream, Change, IdempotencyPage, Placed, ReadRows, Sink, SinkRow } from './streams/stream.js';

/** A source's batch of one stream, validated and placed. */
export interface WriteJob {
  stream: AnyStream;
  source: string;
  items: { item: unknown; placed: Placed<unknown> }[];
}

/** Consecutive changes of one stream, in seq order. */
export interface StreamRun {
  stream: string;
  views: readonly Change[];
  /** `append`: new items from sources; `apply`: changes made by the gateway's own steps */
  origin: 'append' | 'apply';
}

/** What one commit (or apply step) stored, as runs in seq order, handed on after the commit. */
export interface CommittedChanges {
  runs: StreamRun[];
  lastSeq: number;
}

/** What an apply step may use: its own connection, seqs from the writer's counter, the time. */
export interface ApplyContext {
  conn: DuckDBConnection;
  nextSeq: () => number;
  now: number;
}

/** The views an apply step changed, by stream name (each view with the seq it took). */
export type StreamChanges = Readonly<Record<string, readonly Change[]>>;

/**
 * A change that is not an append (a case transition, an alert): it runs in its turn between
 * the writer's commits, on a connection of its own, and returns the views to push.
 */
export type ApplyStep<T> = (ctx: ApplyContext) => Promise<{ result: T; changes?: StreamChanges }>;

interface Pending {
  job: WriteJob;
  resolve: (ack: IngestAck) => void;
  reject: (err: Error) => void;
}

interface PendingApply {
  apply: ApplyStep<unknown>;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

interface StreamState {
  def: AnyStream;
  sink: Sink<unknown, Change> | null;
  index: IdempotencyIndex | null;
  /** where a `once` stream's key filter is kept between runs (none for an in-memory database) */
  filterFile: string | null;
}

/** How often a changed key filter is saved (it is also saved at close). */
const FILTER_SAVE_MS = 60_000;

/** Commits being written at once: one written by DuckDB while the gateway builds the next. */
const PIPELINE_DEPTH = 2;

/** Rows per commit: large enough to amortise the commit, small enough to keep latency low. */
const MAX_ROWS_PER_COMMIT = 20_000;

/**
 * The single writer. Every stored change goes through it: it gives each a gateway seq, writes
 * it through its stream's sink, commits in small batches (one commit per stream per batch) and
 * only then resolves the sources' promises and tells its listeners (the hub, the KPI rollups…),
 * strictly in seq order. Which repeats are duplicates is decided here, in memory, per stream
 * (see IdempotencyIndex). The writer knows no stream by name: the registry declares them.
 */
export class Writer {
  private seq = 0;
  private committed = 0;
  private queue: (Pending | PendingApply)[] = [];
  private scheduled = false;
  private draining = false;
  private applyConn: DuckDBConnection | null = null;
  /** commits written or being written, oldest first; finalized (acknowledged, published) in order */
  private inflight: Promise<void>[] = [];
  private finalizeTail: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private closed = false;
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners: ((changes: CommittedChanges) => void)[] = [];
  private readonly applyGuards: (() => Promise<void>)[] = [];

  private readonly saveTimer: NodeJS.Timeout;
  private saving: Promise<void> | null = null;

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly warn: (msg: string, err: unknown) => void,
  ) {
    this.saveTimer = setInterval(() => void this.saveFilters(), FILTER_SAVE_MS);
    this.saveTimer.unref();
  }

  static async start(
    db: Database,
    registry: StreamRegistry,
    warn: (msg: string, err: unknown) => void = () => {},
    limits: IdempotencyLimits = DEFAULT_IDEMPOTENCY_LIMITS,
  ): Promise<Writer> {
    const conn = await db.connect();
    const w = new Writer(conn, warn);
    w.applyConn = await db.connect();
    const read = w.read;
    // archive_files: rows moved to the archive took their seqs with them (db/archive.ts)
    const tables = [...registry.all.flatMap((s) => s.tables), 'archive_files'];
    const [maxRow] = await read(`SELECT greatest(0, ${tables.map((t) => `(SELECT coalesce(max(seq), 0) FROM ${t})`).join(', ')})`);
    w.seq = w.committed = Number(maxRow?.[0] ?? 0);
    for (const def of registry.all) {
      let index: IdempotencyIndex | null = null;
      const filterFile = def.idempotency?.rule === 'once' && db.file !== ':memory:' ? `${db.file}.${def.name}.keys` : null;
      if (def.idempotency) {
        // A saved filter holds every key up to its watermark; only later keys are read. One from
        // beyond this database's seqs (a restored backup) is not trusted: the filter is rebuilt.
        const saved = filterFile ? BloomFilter.load(filterFile, limits.filterMb) : null;
        const trusted = saved && saved.watermark <= w.seq ? saved : null;
        index = new IdempotencyIndex(def.idempotency.rule, limits, trusted?.filter);
        if (def.loadIdempotency) {
          const entries = def.loadIdempotency(read, trusted?.watermark ?? 0);
          await index.load(Symbol.asyncIterator in entries ? (entries as AsyncIterable<IdempotencyPage>) : [await entries]);
        }
        if (filterFile && !trusted) index.unsaved = 1;
      }
      const sink = def.openSink ? ((await def.openSink(db)) as Sink<unknown, Change>) : null;
      w.streams.set(def.name, { def, sink, index, filterFile });
    }
    await w.saveFilters();
    return w;
  }

  private readonly read: ReadRows = async (sql: string, params?: SqlParams) => (await this.conn.runAndReadAll(sql, params)).getRowsJS() as unknown[][];

  /** Saves the key filters that changed, with the seq up to which every key is in them. */
  private saveFilters(): Promise<void> {
    if (this.saving) return this.saving;
    const run = (async () => {
      for (const s of this.streams.values()) {
        if (!s.filterFile || !s.index?.filter || s.index.unsaved === 0) continue;
        s.index.unsaved = 0;
        await s.index.filter.save(s.filterFile, this.committed).catch((err: unknown) => this.warn(`${s.def.name} key filter not saved`, err));
      }
    })();
    this.saving = run;
    void run.finally(() => (this.saving = null));
    return run;
  }

  /** The highest seq handed out so far (some may still be being written). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Every change up to this seq is committed: a read that starts now sees all of them. */
  get committedSeq(): number {
    return this.committed;
  }

  /** Calls `listener` after each commit and apply step, in seq order. */
  onCommit(listener: (changes: CommittedChanges) => void): void {
    this.listeners.push(listener);
  }

  /** Runs `guard` (and waits for it) before every apply step, after everything before it committed. */
  beforeApply(guard: () => Promise<void>): void {
    this.applyGuards.push(guard);
  }

  /** Queue a job; resolves with the acknowledgement once its rows are committed. */
  submit(job: WriteJob): Promise<IngestAck> {
    if (this.closed) return Promise.reject(new Error('the writer is closed'));
    if (!this.streams.get(job.stream.name)?.sink) return Promise.reject(new Error(`stream ${job.stream.name} takes no appends`));
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
          for (const guard of this.applyGuards) await guard();
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
      const { result, changes = {} } = await p.apply({ conn: this.applyConn!, nextSeq: () => ++this.seq, now: Date.now() });
      this.committed = this.seq;
      p.resolve(result);
      if (this.seq > seqBefore) this.publish({ runs: runsInSeqOrder(changes), lastSeq: this.seq });
    } catch (err) {
      this.committed = this.seq;
      p.reject(err);
    }
  }

  /** Takes the append jobs at the head of the queue (up to the next apply step) and commits them. */
  private async commitAppends(): Promise<void> {
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
    // One stream per commit: each is its own transaction, so a failure is the failing stream's alone.
    const byStream = new Map<string, Pending[]>();
    for (const p of taken) {
      const list = byStream.get(p.job.stream.name);
      if (list) list.push(p);
      else byStream.set(p.job.stream.name, [p]);
    }
    for (const [name, batch] of byStream) {
      await this.settleBeyond(PIPELINE_DEPTH - 1);
      const state = this.streams.get(name)!;
      let absent: ReadonlySet<string>;
      try {
        absent = await this.askStored(state, batch);
      } catch (err) {
        this.warn(`${name} duplicate lookup failed`, err);
        const error = new Error(`duplicate lookup failed: ${(err as Error).message}`);
        for (const p of batch) p.reject(error);
        continue;
      }
      this.inflight.push(this.commit(state, batch, absent));
    }
  }

  /**
   * Asks the database about the keys of a batch that memory cannot decide (older than the window,
   * and maybe seen by the filter); returns those that are not stored.
   */
  private async askStored(state: StreamState, batch: Pending[]): Promise<ReadonlySet<string>> {
    const { def, index } = state;
    const idem = def.idempotency as { key: (i: unknown) => string } | undefined;
    if (!index?.filter || !idem || !def.lookupIdempotency) return new Set();
    const unknown = new Set<string>();
    for (const { job } of batch) {
      for (const { item } of job.items) {
        const key = `${job.source}\u0000${idem.key(item)}`;
        if (index.state(key, true) === 'unknown') unknown.add(key);
      }
    }
    if (!unknown.size) return unknown;
    for (const key of await def.lookupIdempotency(this.read, [...unknown])) {
      if (unknown.delete(key)) index.found(key);
    }
    return unknown;
  }

  /**
   * Builds a commit now (seqs, duplicates, views), writes it, and finalizes it — acknowledges
   * the sources and tells the listeners — only after every earlier commit was finalized, so
   * changes reach screens in seq order and only once stored.
   */
  private commit(state: StreamState, batch: Pending[], absent: ReadonlySet<string>): Promise<void> {
    const { def, index } = state;
    const sink = state.sink!;
    const now = Date.now();
    const acks: IngestAck[] = [];
    const rows: SinkRow<unknown, Change>[] = [];
    const staged: [string, Version][] = [];
    const idem = def.idempotency as { key: (i: unknown) => string; version?: (i: unknown) => Version } | undefined;
    const seqBefore = this.seq;

    for (const { job } of batch) {
      let accepted = 0;
      let duplicates = 0;
      for (const { item, placed } of job.items) {
        if (idem && index) {
          const key = `${job.source}\u0000${idem.key(item)}`;
          const version = idem.version ? idem.version(item) : true;
          // unknown and not proven absent: found stored since (and gone from the window) — a duplicate
          const known = index.state(key, version);
          if (known === 'duplicate' || (known === 'unknown' && !absent.has(key))) {
            duplicates++;
            continue;
          }
          index.stage(key, version);
          staged.push([key, version]);
        }
        const seq = ++this.seq;
        const view = (def.view as (i: unknown, p: unknown, c: { seq: number; source: string; now: number }) => Change)(item, placed.place, { seq, source: job.source, now });
        rows.push({ item, view, source: job.source });
        accepted++;
      }
      acks.push({ accepted, duplicates, lastSeq: 0 });
    }

    const seqAfter = this.seq;
    let write: Promise<void>;
    try {
      write = rows.length ? sink.write(rows, now) : Promise.resolve();
    } catch (err) {
      write = Promise.reject(err as Error);
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
      if (failure) {
        // Nothing of this batch is acknowledged; the source retries and idempotency absorbs what did land.
        index?.abort(staged);
        this.warn(`${def.name} commit failed`, failure);
        const error = new Error(`commit failed: ${failure.message}`);
        for (const p of batch) p.reject(error);
        return;
      }
      index?.confirm(staged);
      this.committed = Math.max(this.committed, seqAfter);
      // The source hears back only now, after the commit.
      batch.forEach((p, i) => p.resolve({ ...acks[i]!, lastSeq: seqAfter }));
      if (seqAfter > seqBefore) this.publish({ runs: [{ stream: def.name, views: rows.map((r) => r.view), origin: 'append' }], lastSeq: seqAfter });
    })();
    this.finalizeTail = done;
    return done;
  }

  private publish(changes: CommittedChanges): void {
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        this.warn('a commit listener failed', err);
      }
    }
  }

  /** Commits what is queued (apply steps still run in their turn), then closes the connections. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.saveTimer);
    while (this.draining) await new Promise((r) => setTimeout(r, 5));
    await this.drain();
    await this.saving;
    await this.saveFilters();
    for (const s of this.streams.values()) s.sink?.close();
    this.streams.clear();
    this.applyConn?.closeSync();
    this.conn.closeSync();
  }
}

/** An apply step's views as runs of one stream each, in seq order. */
function runsInSeqOrder(changes: StreamChanges): StreamRun[] {
  const all: { stream: string; view: Change }[] = [];
  for (const [stream, views] of Object.entries(changes)) for (const view of views) all.push({ stream, view });
  all.sort((a, b) => a.view.seq - b.view.seq);
  const runs: StreamRun[] = [];
  for (const { stream, view } of all) {
    const last = runs.at(-1);
    if (last?.stream === stream) (last.views as Change[]).push(view);
    else runs.push({ stream, views: [view], origin: 'apply' });
  }
  return runs;
}
