// Conference sessions and their events in DuckDB: the session row (who hosts, whom it invited,
// who presents, open or ended) and an append-only log of what happened in it.
import { listValue } from '@duckdb/node-api';
import type { ConferenceEvent } from '../../protocol/conferences.js';
import type { Database } from './database.js';

export interface ConferenceRow {
  id: string;
  title: string;
  hostScope: string;
  createdBy: string;
  invited: string[];
  status: 'open' | 'ended';
  presenter: string | null;
  createdAt: number;
  endedAt: number | null;
}

interface Row {
  id: string;
  title: string;
  host_scope: string;
  created_by: string;
  invited: string[];
  status: 'open' | 'ended';
  presenter: string | null;
  created_ms: bigint;
  ended_ms: bigint | null;
}

const COLUMNS = 'id, title, host_scope, created_by, invited, status, presenter, epoch_ms(created_at) AS created_ms, epoch_ms(ended_at) AS ended_ms';
const toRow = (r: Row): ConferenceRow => ({
  id: r.id,
  title: r.title,
  hostScope: r.host_scope,
  createdBy: r.created_by,
  invited: [...r.invited],
  status: r.status,
  presenter: r.presenter,
  createdAt: Number(r.created_ms),
  endedAt: r.ended_ms === null ? null : Number(r.ended_ms),
});

export class ConferenceStore {
  constructor(private readonly db: Database) {}

  async create(c: ConferenceRow): Promise<void> {
    await this.db.exec('INSERT INTO conferences VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), NULL)', [
      c.id, c.title, c.hostScope, c.createdBy, listValue(c.invited), c.status, c.presenter, c.createdAt / 1000,
    ]);
  }

  async setPresenter(id: string, presenter: string | null): Promise<void> {
    await this.db.exec('UPDATE conferences SET presenter = $2 WHERE id = $1', [id, presenter]);
  }

  async end(id: string, at: number): Promise<void> {
    await this.db.exec("UPDATE conferences SET status = 'ended', presenter = NULL, ended_at = to_timestamp($2) WHERE id = $1", [id, at / 1000]);
  }

  async get(id: string): Promise<ConferenceRow | null> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM conferences WHERE id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Sessions of a status a user of `scope` may take part in (hosted at or invited to exactly that scope), newest first. */
  async list(o: { status: 'open' | 'ended'; scope: string; limit: number }): Promise<ConferenceRow[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM conferences WHERE status = $1 AND (host_scope = $2 OR list_contains(invited, $2))
       ORDER BY created_at DESC LIMIT ${Math.floor(o.limit)}`,
      [o.status, o.scope],
    );
    return rows.map(toRow);
  }

  async openOnes(): Promise<ConferenceRow[]> {
    return (await this.db.query<Row>(`SELECT ${COLUMNS} FROM conferences WHERE status = 'open'`)).map(toRow);
  }

  async log(id: string, e: { at: number; kind: ConferenceEvent['kind']; username: string; scope: string; data?: Record<string, unknown> }): Promise<void> {
    await this.db.exec('INSERT INTO conference_events VALUES ($1, to_timestamp($2), $3, $4, $5, $6)', [
      id, e.at / 1000, e.kind, e.username, e.scope, e.data ? JSON.stringify(e.data) : null,
    ]);
  }

  async events(id: string): Promise<ConferenceEvent[]> {
    const rows = await this.db.query<{ at_ms: bigint; kind: ConferenceEvent['kind']; username: string; scope: string; data: string | null }>(
      'SELECT epoch_ms(ts) AS at_ms, kind, username, scope, data::VARCHAR AS data FROM conference_events WHERE conference_id = $1 ORDER BY ts, rowid',
      [id],
    );
    return rows.map((r) => ({ at: new Date(Number(r.at_ms)).toISOString(), kind: r.kind, username: r.username, scope: r.scope, data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null }));
  }
}
