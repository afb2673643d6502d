import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import type { EventView, IngestEvent } from '../../protocol/events.js';

/**
 * New events go into DuckDB as one INSERT of a JSON document of columns per commit. Unlike the
 * appender, whose flush commits synchronously on the event loop (≈1.7 ms fixed per commit, then
 * ~10 µs a row, measured), the statement runs on DuckDB's own threads: the gateway keeps
 * parsing, placing and pushing to screens while the commit happens, and requests that arrive
 * meanwhile join the next commit.
 */
const INSERT_EVENTS = `
  INSERT INTO events (seq, created_seq, id, source, source_id, category, status, urgency, lon, lat,
    district_code, street_code, grid_code, occurred_at, received_at, updated_at, deadline, title,
    description, reporter_kind, reporter_id, media)
  SELECT seq, seq, 'ev-' || seq, j.source, source_id, category, status, urgency, lon, lat,
    district_code, street_code, grid_code, make_timestamptz(occurred_ms * 1000), make_timestamptz(j.now_ms * 1000),
    make_timestamptz(j.now_ms * 1000), make_timestamptz(deadline_ms * 1000), title, description, reporter_kind, reporter_id, media
  FROM (
    SELECT j, unnest(j.seq) AS seq, unnest(j.source_id) AS source_id, unnest(j.category) AS category,
      unnest(j.status) AS status, unnest(j.urgency) AS urgency, unnest(j.lon) AS lon, unnest(j.lat) AS lat,
      unnest(j.district_code) AS district_code, unnest(j.street_code) AS street_code, unnest(j.grid_code) AS grid_code,
      unnest(j.occurred_ms) AS occurred_ms, unnest(j.deadline_ms) AS deadline_ms, unnest(j.title) AS title,
      unnest(j.description) AS description, unnest(j.reporter_kind) AS reporter_kind, unnest(j.reporter_id) AS reporter_id,
      unnest(j.media) AS media
    FROM (SELECT json_transform($1::JSON, '{"source":"VARCHAR","now_ms":"BIGINT","seq":"BIGINT[]","source_id":"VARCHAR[]",
      "category":"VARCHAR[]","status":"VARCHAR[]","urgency":"VARCHAR[]","lon":"DOUBLE[]","lat":"DOUBLE[]",
      "district_code":"VARCHAR[]","street_code":"VARCHAR[]","grid_code":"VARCHAR[]","occurred_ms":"BIGINT[]",
      "deadline_ms":"BIGINT[]","title":"VARCHAR[]","description":"VARCHAR[]","reporter_kind":"VARCHAR[]",
      "reporter_id":"VARCHAR[]","media":"VARCHAR[]"}') AS j)
  )`;

/** The rows of one commit, column by column (a commit holds events of one or more sources). */
export class EventRows {
  private readonly bySource = new Map<string, Record<string, unknown[]>>();

  constructor(private readonly nowMs: number) {}

  push(v: EventView, e: IngestEvent, occurredMs: number): void {
    let c = this.bySource.get(v.source);
    if (!c) {
      c = { seq: [], source_id: [], category: [], status: [], urgency: [], lon: [], lat: [], district_code: [], street_code: [], grid_code: [], occurred_ms: [], deadline_ms: [], title: [], description: [], reporter_kind: [], reporter_id: [], media: [] };
      this.bySource.set(v.source, c);
    }
    c.seq!.push(v.seq);
    c.source_id!.push(v.sourceId);
    c.category!.push(v.category);
    c.status!.push(v.status);
    c.urgency!.push(v.urgency);
    c.lon!.push(v.lon);
    c.lat!.push(v.lat);
    c.district_code!.push(v.districtCode);
    c.street_code!.push(v.streetCode);
    c.grid_code!.push(v.gridCode);
    c.occurred_ms!.push(occurredMs);
    c.deadline_ms!.push(v.deadline === null ? null : Date.parse(v.deadline));
    c.title!.push(v.title);
    c.description!.push(e.description ?? null);
    c.reporter_kind!.push(e.reporter.kind);
    c.reporter_id!.push(e.reporter.id);
    c.media!.push(e.media ? JSON.stringify(e.media) : null);
  }

  /** Inserts every row in one transaction. */
  async insert(conn: DuckDBConnection, prepared: DuckDBPreparedStatement): Promise<void> {
    if (this.bySource.size === 1) {
      const [source, cols] = [...this.bySource][0]!;
      prepared.bindVarchar(1, JSON.stringify({ source, now_ms: this.nowMs, ...cols }));
      await prepared.run();
      return;
    }
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const [source, cols] of this.bySource) {
        prepared.bindVarchar(1, JSON.stringify({ source, now_ms: this.nowMs, ...cols }));
        await prepared.run();
      }
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
  }
}

export function prepareEventInsert(conn: DuckDBConnection): Promise<DuckDBPreparedStatement> {
  return conn.prepare(INSERT_EVENTS);
}
