import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Database, SqlParams } from './database.js';
import { scopeClause } from './event-queries.js';

/** Who asks for a medium: a user's scope, and a grid worker's id (cases dispatched to them). */
export interface MediaReader {
  username: string;
  scope: string;
  workerId?: string;
}

/** The uploads (by content hash) and which cases use them: the record that decides who may see one. */
export class MediaStore {
  constructor(private readonly db: Database) {}

  async record(m: { name: string; contentType: string; bytes: number; uploadedBy: string }): Promise<void> {
    await this.db.exec('INSERT INTO media (name, content_type, bytes, uploaded_by) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING', [
      m.name,
      m.contentType,
      m.bytes,
      m.uploadedBy,
    ]);
  }

  /** The names of `names` that were never uploaded here. */
  async missing(names: readonly string[]): Promise<string[]> {
    if (!names.length) return [];
    const rows = await this.db.query<{ name: string }>('SELECT name FROM media WHERE list_contains($1::VARCHAR[], name)', [listValue([...names])]);
    const have = new Set(rows.map((r) => r.name));
    return names.filter((n) => !have.has(n));
  }

  /** Ties media to a case (inside a writer step, or after a report is committed). */
  static async link(conn: DuckDBConnection, names: readonly string[], eventId: string): Promise<void> {
    for (const name of names) await conn.run('INSERT INTO media_refs (name, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [name, eventId]);
  }

  async link(names: readonly string[], eventId: string): Promise<void> {
    if (names.length) await this.db.control((c) => MediaStore.link(c, names, eventId));
  }

  /** The content type of a medium the reader may see: their own upload, or one of a case in their scope (or dispatched to them). */
  async readable(name: string, r: MediaReader): Promise<string | null> {
    const params: SqlParams = [name, r.username];
    const inScope = scopeClause(r.scope, params);
    let mine = 'false';
    if (r.workerId) {
      params.push(r.workerId);
      mine = `assignee = $${params.length}`;
    }
    const rows = await this.db.query<{ content_type: string }>(
      `SELECT content_type FROM media WHERE name = $1 AND (uploaded_by = $2 OR EXISTS (
         SELECT 1 FROM media_refs WHERE media_refs.name = $1 AND event_id IN (SELECT id FROM events WHERE ${inScope} OR ${mine})))`,
      params,
    );
    return rows[0]?.content_type ?? null;
  }
}

/** The stored uploads a list of media references names (`/api/media/<name>`); URLs elsewhere are left alone. */
export function uploadNames(refs: readonly string[] | undefined): string[] {
  return (refs ?? []).filter((r) => r.startsWith('/api/media/')).map((r) => r.slice('/api/media/'.length));
}
