import { listValue, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { IngestEvent, type EventView } from '../../../protocol/events.js';
import { initialStatus } from '../../domain/workflow.js';
import type { Placement } from '../../geo/areas.js';
import { withAllArchived } from '../archive.js';
import { EventRows, prepareEventInsert } from '../event-insert.js';
import { scopeClause, toView, VIEW_COLUMNS, type ViewRow } from '../event-queries.js';
import type { SqlParams } from '../database.js';
import { defineStream, type Issue, type Sink } from './stream.js';

export interface EventStreamOptions {
  /** the event classes of the city's table; an empty set accepts any 4-digit code */
  classes: ReadonlySet<string>;
  /** the filing + dispatch deadline a new case starts with (SLA), or null */
  dispatchDeadline: (category: string, urgency: 'normal' | 'urgent', occurredMs: number) => number | null;
}

/** Event inserts in flight at once: one written by DuckDB while the gateway builds the next. */
const INSERT_SLOTS = 2;

/** Seqs per page when reading stored keys at start. */
const KEY_PAGE = 1_000_000;

/**
 * Events: every case's latest state, one row per event (a transition updates it in place with a
 * new seq, so a replay gives each changed case once, in its latest state).
 */
export function eventStream(o: EventStreamOptions) {
  return defineStream<IngestEvent, Placement, EventView>({
    name: 'events',
    tables: ['events', 'event_transitions'],
    ingest: {
      item: IngestEvent,
      place(e, areas) {
        const issues: Issue[] = [];
        if (o.classes.size && !o.classes.has(e.category)) issues.push({ path: 'category', message: `unknown event class ${e.category}` });
        let place: Placement | null;
        if (e.gridCode !== undefined) {
          place = areas.placementOf(e.gridCode);
          if (!place) issues.push({ path: 'gridCode', message: `unknown grid ${e.gridCode}` });
        } else {
          place = areas.place(e.lon, e.lat);
          if (!place) issues.push({ path: '', message: `location ${e.lon},${e.lat} is outside the city's areas` });
        }
        return place && !issues.length ? { areaCode: place.areaCode, place } : { issues };
      },
    },
    idempotency: { rule: 'once', key: (e) => e.id },
    view(e, place, { seq, source, now }) {
      const deadlineMs = o.dispatchDeadline(e.category, e.urgency, Date.parse(e.occurredAt));
      return {
        seq,
        id: `ev-${seq}`,
        sourceId: e.id,
        source,
        category: e.category,
        status: initialStatus(e.reporter.kind),
        urgency: e.urgency,
        lon: e.lon,
        lat: e.lat,
        districtCode: place.districtCode,
        streetCode: place.streetCode,
        gridCode: place.gridCode,
        occurredAt: new Date(Date.parse(e.occurredAt)).toISOString(),
        updatedAt: new Date(now).toISOString(),
        deadline: deadlineMs === null ? null : new Date(deadlineMs).toISOString(),
        overdue: deadlineMs !== null && deadlineMs < now,
        title: e.title ?? '',
      };
    },
    async openSink(db): Promise<Sink<IngestEvent, EventView>> {
      const slots: { conn: DuckDBConnection; stmt: DuckDBPreparedStatement }[] = [];
      for (let i = 0; i < INSERT_SLOTS; i++) {
        const conn = await db.connect();
        slots.push({ conn, stmt: await prepareEventInsert(conn) });
      }
      let next = 0;
      return {
        write(rows, now) {
          const batch = new EventRows(now);
          for (const { item, view } of rows) batch.push(view, item, Date.parse(view.occurredAt));
          const slot = slots[next++ % slots.length]!;
          return batch.insert(slot.conn, slot.stmt);
        },
        close() {
          for (const s of slots) {
            s.stmt.destroySync();
            s.conn.closeSync();
          }
        },
      };
    },
    async *loadIdempotency(read, sinceSeq) {
      // In pages of created_seq (zone maps skip the rest), each page's keys joined into one string
      // by DuckDB: a first start over 50M events reads 50 strings, not 100M JS values. Archived
      // cases too: their ids stay taken. A key containing the separator comes on its own.
      const from = await withAllArchived(read, 'events');
      const [top] = await read(`SELECT coalesce(max(created_seq), 0) FROM ${from} WHERE created_seq > $1`, [sinceSeq]);
      const last = Number(top?.[0] ?? 0);
      const key = "source || chr(0) || source_id";
      for (let lo = sinceSeq; lo < last; lo += KEY_PAGE) {
        const [page] = await read(
          `SELECT string_agg(${key}, chr(1)) FILTER (WHERE NOT contains(${key}, chr(1))), list(${key}) FILTER (WHERE contains(${key}, chr(1)))
           FROM ${from} WHERE created_seq > $1 AND created_seq <= $2`,
          [lo, lo + KEY_PAGE],
        );
        yield { joined: (page?.[0] as string | null) ?? '' };
        const odd = (page?.[1] as string[] | null) ?? [];
        if (odd.length) yield odd.map((k) => [k, true] as [string, true]);
      }
    },
    async lookupIdempotency(read, keys) {
      const ids = [...new Set(keys.map((k) => k.slice(k.indexOf('\u0000') + 1)))];
      // archived closed cases too: their ids stay taken
      const from = await withAllArchived(read, 'events');
      const rows = await read(`SELECT DISTINCT source, source_id FROM ${from} WHERE source_id IN (SELECT unnest($1::VARCHAR[]))`, [listValue(ids)]);
      return rows.map(([source, id]) => `${source as string}\u0000${id as string}`);
    },
    areaOf: (v) => v.gridCode ?? (v.streetCode || v.districtCode),
    replay: {
      async changes(db, scope, after, upTo, limit) {
        const params: SqlParams = [after, upTo];
        const rows = await db.query<ViewRow>(
          `SELECT ${VIEW_COLUMNS} FROM events WHERE seq > $1 AND seq <= $2 AND ${scopeClause(scope, params)}
           ORDER BY seq LIMIT ${Math.floor(limit)}`,
          params,
        );
        const now = Date.now();
        return rows.map((r) => toView(r, now));
      },
      async count(db, scope, after, upTo) {
        const params: SqlParams = [after, upTo];
        const rows = await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE seq > $1 AND seq <= $2 AND ${scopeClause(scope, params)}`, params);
        return Number(rows[0]?.n ?? 0);
      },
    },
  });
}
