// The editor's side of the layouts table: publishing a version with its author, time and
// message, audited in the same transaction, and reading the history back.
import type { Database } from './database.js';

export interface VersionRow {
  version: number;
  body: string;
  author: string | null;
  createdAt: Date;
  message: string | null;
  restoredFrom: number | null;
}

export interface PublishRecord {
  id: string;
  body: string;
  author: string;
  role: string;
  scope: string;
  message: string;
  restoredFrom?: number;
  ip?: string;
}

type Raw = { version: number; body: string; author: string | null; created_at: Date; message: string | null; restored_from: number | null };
const row = (r: Raw): VersionRow => ({
  version: Number(r.version),
  body: r.body,
  author: r.author,
  createdAt: r.created_at,
  message: r.message,
  restoredFrom: r.restored_from === null ? null : Number(r.restored_from),
});

export class LayoutVersions {
  constructor(private readonly db: Database) {}

  /**
   * Stores the next version of a layout and its audit row in one transaction: both or neither.
   * Control statements are serialised, so two publishes of one id get consecutive numbers.
   */
  async publish(p: PublishRecord): Promise<{ version: number; createdAt: Date }> {
    return this.db.control(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        const next = (await conn.runAndReadAll('SELECT coalesce(max(version), 0) + 1 AS v FROM layouts WHERE id = $1', [p.id])).getRowObjectsJS();
        const version = Number(next[0]?.v ?? 1);
        const inserted = (
          await conn.runAndReadAll('INSERT INTO layouts (id, version, body, author, message, restored_from) VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at', [
            p.id,
            version,
            p.body,
            p.author,
            p.message,
            p.restoredFrom ?? null,
          ])
        ).getRowObjectsJS();
        const detail = JSON.stringify({ version, message: p.message, ...(p.restoredFrom !== undefined ? { restoredFrom: p.restoredFrom } : {}) });
        await conn.run('INSERT INTO audit_log (actor, role, scope, action, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          p.author,
          p.role,
          p.scope,
          p.restoredFrom !== undefined ? 'layout_restore' : 'layout_publish',
          `layout:${p.id}`,
          detail,
          p.ip ?? null,
        ]);
        await conn.run('COMMIT');
        return { version, createdAt: inserted[0]!.created_at as Date };
      } catch (err) {
        await conn.run('ROLLBACK');
        throw err;
      }
    });
  }

  /** Every version of a layout, newest first (version 0: the file). */
  async list(id: string): Promise<VersionRow[]> {
    const rows = await this.db.query<Raw>('SELECT version, body, author, created_at, message, restored_from FROM layouts WHERE id = $1 ORDER BY version DESC', [id]);
    return rows.map(row);
  }

  async get(id: string, version: number): Promise<VersionRow | null> {
    const rows = await this.db.query<Raw>('SELECT version, body, author, created_at, message, restored_from FROM layouts WHERE id = $1 AND version = $2', [id, version]);
    return rows[0] ? row(rows[0]) : null;
  }
}
