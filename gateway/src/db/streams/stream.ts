// A stream is one kind of stored change a gateway takes from sources or makes itself (events,
// positions, cameras, stats, alerts, …). Each is declared once, here in db/streams/: how sources
// send it, when a repeat is a duplicate, how it is stored, what screens see of it, which screens
// see it, and how a screen that was away catches up. The writer, the hub and ingest run these
// declarations; none of them branches on a stream's name.
import type { DuckDBAppender, DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import type { z } from 'zod';
import type { AreaIndex } from '../../geo/areas.js';
import type { Database, SqlParams } from '../database.js';

/** Every change a screen sees carries the gateway seq it was stored with. */
export interface Change {
  seq: number;
}

export interface Issue {
  path: string;
  message: string;
}

/** Where an accepted item belongs: the narrowest area (checked against the source's scope) and what its view needs. */
export interface Placed<P> {
  areaCode: string;
  place: P;
}

/**
 * When a repeated item is a duplicate. Keys are per source.
 * - `once`: the same key again is a duplicate, always (an event's id).
 * - `newer`: only a strictly newer version counts (a position's time per worker).
 * - `changed`: only a different content counts (a camera's index entry).
 */
export type Idempotency<Item> =
  | { rule: 'once'; key: (item: Item) => string }
  | { rule: 'newer'; key: (item: Item) => string; version: (item: Item) => number }
  | { rule: 'changed'; key: (item: Item) => string; version: (item: Item) => string };

export type IdempotencyRule = Idempotency<unknown>['rule'];

/** A source key and the version stored under it (`true` for `once` streams). */
export type IdempotencyEntry = [string, number | string | true];

/**
 * A page of stored idempotency state: entries, or (`once` streams) keys joined by
 * KEY_SEPARATOR (db/bloom-filter.ts), which go into the key filter only.
 */
export type IdempotencyPage = Iterable<IdempotencyEntry> | { joined: string };

/** Reads rows (as arrays) on the writer's connection. */
export type ReadRows = (sql: string, params?: SqlParams) => Promise<unknown[][]>;

/** How sources send a stream: `POST /api/ingest/<name>` and `/ingest` `<name>` with `{ <name>: Item[] }`. */
export interface IngestSpec<Item, P> {
  readonly item: z.ZodType<Item>;
  /** Places and checks one valid item: its area, or what is wrong (paths inside the item, '' for the item). */
  place(item: Item, areas: AreaIndex): Placed<P> | { issues: Issue[] };
}

/** What the view of a newly stored item is made from. */
export interface ViewContext {
  seq: number;
  source: string;
  /** the commit's time */
  now: number;
}

/** One accepted item of a commit: what the source sent, and its view. */
export interface SinkRow<Item, View> {
  item: Item;
  view: View;
  source: string;
}

/** Stores the rows of one commit; `write` resolves once they are committed (as one transaction). */
export interface Sink<Item, View> {
  write(rows: readonly SinkRow<Item, View>[], now: number): Promise<void>;
  close(): void;
}

/** Reads of stored changes for screens that were away. */
export interface ReplaySpec<View> {
  /**
   * The latest view of everything that changed in (after, upTo] inside `scope`, oldest first,
   * at most `limit`: a screen catches up on the state it missed, not on every step between.
   */
  changes(db: Database, scope: string, after: number, upTo: number, limit: number): Promise<View[]>;
  /** How many views `changes` would give for the whole range (to decide between replay and reload). */
  count(db: Database, scope: string, after: number, upTo: number): Promise<number>;
}

export interface StreamDef<Item = unknown, P = unknown, View extends Change = Change> {
  /** the name sources send it under (and, unless `message` says otherwise, the `/screen` message of its views) */
  readonly name: string;
  /** the `/screen` message its views travel in, when not its name */
  readonly message?: string;
  /** tables whose `seq` column holds this stream's seqs (the writer's counter starts above them) */
  readonly tables: readonly string[];
  /** absent for streams that only the gateway's own steps change (alerts) */
  readonly ingest?: IngestSpec<Item, P>;
  readonly idempotency?: Idempotency<Item>;
  /** the view of a newly stored item (streams with `ingest`) */
  view?(item: Item, place: P, ctx: ViewContext): View;
  /** opens the sink new items are written through (streams with `ingest`) */
  openSink?(db: Database): Promise<Sink<Item, View>>;
  /**
   * The stored idempotency state, per source key (`${source}\u0000${key}`), read at start. `once`
   * streams give, in pages, the keys of items stored after `sinceSeq` (the rest are in the saved
   * filter); the others give their one entry per entity.
   */
  loadIdempotency?(read: ReadRows, sinceSeq: number): Promise<Iterable<IdempotencyEntry>> | AsyncIterable<IdempotencyPage>;
  /** `once` streams: which of these source keys are stored (asked only for keys the filter may have seen) */
  lookupIdempotency?(read: ReadRows, keys: readonly string[]): Promise<Iterable<string>>;
  /** the narrowest area of a view: the screens of that area and of every area above it see it */
  areaOf(view: View): string;
  readonly replay: ReplaySpec<View>;
}

/** A stream of any item type, as the registry holds it. */
export type AnyStream = StreamDef<never, never, Change>;

/** Declares a stream with its own types checked, and erases them for the registry. */
export function defineStream<Item, P, View extends Change>(def: StreamDef<Item, P, View>): AnyStream {
  return def as unknown as AnyStream;
}

/**
 * A sink over one table's appender: the rows of a commit are appended and flushed, and one flush
 * is one committed transaction. A failed flush may leave the rows in the appender, so it is
 * replaced by a clean one before the next commit.
 */
export async function appenderSink<Item, View>(
  db: Database,
  table: string,
  append: (app: DuckDBAppender, row: SinkRow<Item, View>, now: number) => void,
): Promise<Sink<Item, View>> {
  const conn: DuckDBConnection = await db.connect();
  let app = await conn.createAppender(table);
  let reopening: Promise<void> | null = null;
  return {
    async write(rows, now) {
      if (reopening) await reopening;
      try {
        for (const row of rows) {
          append(app, row, now);
          app.endRow();
        }
        app.flushSync();
      } catch (err) {
        reopening = (async () => {
          try {
            app.closeSync();
          } catch {
            // already broken: replaced below
          }
          app = await conn.createAppender(table);
          reopening = null;
        })();
        throw err;
      }
    },
    close() {
      try {
        app.closeSync();
      } catch {
        // closing after a failed flush may throw; nothing is left to save
      }
      conn.closeSync();
    },
  };
}

/** A column a JSON insert fills; TIMESTAMPTZ columns are given as epoch milliseconds. */
export type InsertColumnType = 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'TIMESTAMPTZ';

/** Commits in flight at once on a JSON-insert sink: one written by DuckDB while the next is built. */
const INSERT_SLOTS = 2;

/**
 * A sink that writes a commit as one INSERT of a JSON document of columns, run on DuckDB's own
 * threads (as events are, see event-insert.ts). Where an appender's flush commits synchronously
 * on the event loop, this keeps the gateway reading sockets while DuckDB commits — what a stream
 * of many small commits (one device message at a time) needs.
 */
export async function jsonInsertSink<Item, View>(
  db: Database,
  table: string,
  columns: Readonly<Record<string, InsertColumnType>>,
  row: (r: SinkRow<Item, View>, now: number) => readonly unknown[],
): Promise<Sink<Item, View>> {
  const names = Object.keys(columns);
  const shape = Object.fromEntries(names.map((n) => [n, `${columns[n] === 'TIMESTAMPTZ' ? 'BIGINT' : columns[n]}[]`]));
  const select = names.map((n) => (columns[n] === 'TIMESTAMPTZ' ? `make_timestamptz(${n} * 1000)` : n)).join(', ');
  const sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM (
    SELECT ${names.map((n) => `unnest(j.${n}) AS ${n}`).join(', ')} FROM (SELECT json_transform($1::JSON, '${JSON.stringify(shape)}') AS j))`;
  const slots: { conn: DuckDBConnection; stmt: DuckDBPreparedStatement }[] = [];
  for (let i = 0; i < INSERT_SLOTS; i++) {
    const conn = await db.connect();
    slots.push({ conn, stmt: await conn.prepare(sql) });
  }
  let next = 0;
  return {
    async write(rows, now) {
      const cols = names.map(() => [] as unknown[]);
      for (const r of rows) {
        const values = row(r, now);
        for (let c = 0; c < cols.length; c++) cols[c]!.push(values[c]);
      }
      const doc: Record<string, unknown[]> = {};
      names.forEach((n, c) => (doc[n] = cols[c]!));
      const slot = slots[next++ % slots.length]!;
      slot.stmt.bindVarchar(1, JSON.stringify(doc));
      await slot.stmt.run();
    },
    close() {
      for (const s of slots) {
        s.stmt.destroySync();
        s.conn.closeSync();
      }
    },
  };
}
