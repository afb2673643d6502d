import { BloomFilter } from './bloom-filter.js';
import type { IdempotencyPage, IdempotencyRule } from './streams/stream.js';

export type Version = number | string | true;

/** How much of a `once` stream's keys the heap holds (see docs/history.md). */
export interface IdempotencyLimits {
  /** the most recent keys held exactly in memory */
  window: number;
  /** the size of the filter over every key ever stored, in MB (fixed: memory does not grow with history) */
  filterMb: number;
}

export const DEFAULT_IDEMPOTENCY_LIMITS: IdempotencyLimits = { window: 500_000, filterMb: 128 };

/** What the index knows of a key without asking the database. */
export type KeyState = 'duplicate' | 'new' | 'unknown';

/**
 * Which items of one stream are already stored. DuckDB's unique indexes halve the append rate
 * (measured ~90k vs ~200k rows/s), so the writer decides in memory where it can:
 *
 * - `newer` and `changed` streams keep one entry per entity (worker, camera, stat key): bounded
 *   by the city, not by history.
 * - `once` streams (events) keep the most recent `window` keys exactly, and every key ever stored
 *   in a fixed-size Bloom filter. A key the filter has never seen is new; one it may have seen
 *   (a repeat, or a false positive) is `unknown` and the writer asks the database (`lookup`).
 *   So a repeated (source, id) is a duplicate always, and the heap does not grow with history.
 *
 * An item is staged when a commit takes it (a repeat in the same or the next commit, while the
 * first is still being written, is a duplicate too), confirmed once its commit succeeded, and
 * dropped when it failed (so the source's retry is not refused).
 */
export class IdempotencyIndex {
  private readonly stored = new Map<string, Version>();
  private readonly staged = new Map<string, Version>();
  readonly filter: BloomFilter | null;
  /** confirmed keys since the filter was last saved */
  unsaved = 0;

  constructor(
    readonly rule: IdempotencyRule,
    private readonly limits: IdempotencyLimits = DEFAULT_IDEMPOTENCY_LIMITS,
    filter?: BloomFilter,
  ) {
    this.filter = rule === 'once' ? (filter ?? BloomFilter.create(limits.filterMb)) : null;
  }

  /**
   * Loads stored state, in pages (at start: everything, or for `once` streams the keys the saved
   * filter lacks). Joined pages go into the filter only: the window fills from what arrives.
   */
  async load(pages: Iterable<IdempotencyPage> | AsyncIterable<IdempotencyPage>): Promise<void> {
    for await (const page of pages) {
      if ('joined' in page) {
        if (!this.filter) throw new Error('joined keys are for once streams');
        this.filter.addJoined(page.joined);
        continue;
      }
      for (const [k, v] of page) {
        this.filter?.add(k);
        this.hold(k, v);
      }
    }
  }

  /** What is known of this key (and version) in memory. */
  state(key: string, version: Version): KeyState {
    const held = this.staged.get(key) ?? this.stored.get(key);
    if (held === undefined) return this.filter?.mayHave(key) ? 'unknown' : 'new';
    switch (this.rule) {
      case 'once':
        return 'duplicate';
      case 'newer':
        return (version as number) <= (held as number) ? 'duplicate' : 'new';
      case 'changed':
        return version === held ? 'duplicate' : 'new';
    }
  }

  /** The database said this key is stored. */
  found(key: string): void {
    this.hold(key, true);
  }

  stage(key: string, version: Version): void {
    this.staged.set(key, version);
  }

  /** The commit that staged these stored them. */
  confirm(entries: readonly (readonly [string, Version])[]): void {
    for (const [k, v] of entries) {
      this.filter?.add(k);
      this.hold(k, v);
      if (this.staged.get(k) === v) this.staged.delete(k);
    }
    this.unsaved += entries.length;
  }

  /** The commit that staged these failed: forget them (unless a later commit staged the key again). */
  abort(entries: readonly (readonly [string, Version])[]): void {
    for (const [k, v] of entries) if (this.staged.get(k) === v) this.staged.delete(k);
  }

  /** Keys held exactly in memory. */
  get size(): number {
    return this.stored.size;
  }

  private hold(key: string, version: Version): void {
    if (this.rule !== 'once') {
      this.stored.set(key, version);
      return;
    }
    // Re-inserted so the Map's order is recency; the oldest beyond the window leave.
    this.stored.delete(key);
    this.stored.set(key, version);
    if (this.stored.size > this.limits.window) {
      const oldest = this.stored.keys().next().value as string;
      this.stored.delete(oldest);
    }
  }
}
