import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from './database.js';
import { dropRollupWatermark, rollUpNewCases } from './kpi-queries.js';
import type { Writer } from './writer.js';

/**
 * Keeps the KPI rollups in step with new cases. New cases enter the rollups in batches, about
 * once a second and always before any apply step (so a transition never moves a case the
 * rollups have not counted yet): one rollup statement per commit cost more than the insert
 * itself. It runs on a connection of its own beside the event inserts (other tables: no
 * conflict), never beside a transition, which also moves rollup rows. Each batch moves the
 * persistent watermark in its own transaction, so the next start adds only what is newer. A
 * failure drops the watermark (the next start rebuilds) and stops following: transitions would
 * otherwise move cases the rollups never counted.
 */
export class KpiRollupFollower {
  /** new cases up to this seq are in the rollups; up to `storedUpTo` they are stored */
  private rolledUpTo: number;
  private storedUpTo: number;
  private run: Promise<void> | null = null;
  private broken = false;
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  private constructor(
    private readonly conn: DuckDBConnection,
    startSeq: number,
    private readonly warn: (msg: string, err: unknown) => void,
  ) {
    this.rolledUpTo = this.storedUpTo = startSeq;
    this.timer = setInterval(() => {
      if (!this.stopped) void this.catchUp();
    }, 1000);
    this.timer.unref();
  }

  /** New cases up to this seq are counted in the rollups. */
  get upTo(): number {
    return this.rolledUpTo;
  }

  /** Follows `writer` from its current seq: the rollups must already count every stored case (catchUpRollups). */
  static async follow(db: Database, writer: Writer, warn: (msg: string, err: unknown) => void): Promise<KpiRollupFollower> {
    const f = new KpiRollupFollower(await db.connect(), writer.lastSeq, warn);
    writer.onCommit((changes) => {
      if (changes.runs.some((r) => r.stream === 'events' && r.origin === 'append')) f.storedUpTo = Math.max(f.storedUpTo, changes.lastSeq);
    });
    writer.beforeApply(() => f.catchUp());
    return f;
  }

  /** Brings the rollups up to every new case stored so far. */
  catchUp(): Promise<void> {
    if (this.run) return this.run;
    const run = (async () => {
      while (this.storedUpTo > this.rolledUpTo && !this.broken) {
        const upTo = this.storedUpTo;
        try {
          await rollUpNewCases(this.conn, this.rolledUpTo, upTo);
        } catch (err) {
          this.broken = true;
          this.warn('KPI rollup update failed; rebuilt at the next start', err);
          await dropRollupWatermark(this.conn).catch((e: unknown) => this.warn('KPI rollup watermark not dropped', e));
        }
        this.rolledUpTo = upTo;
      }
    })();
    // Cleared once settled, not inside the body: with nothing to do the body finishes before
    // the assignment, and a run cleared that early would stay set (and skip every later batch).
    this.run = run;
    void run.finally(() => {
      if (this.run === run) this.run = null;
    });
    return run;
  }

  /** Rolls up what is left (call after the writer closed), then closes its connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.catchUp();
    this.conn.closeSync();
  }
}
