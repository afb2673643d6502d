import type { Database } from './database.js';

export interface LayoutRow {
  id: string;
  /** 0: the provisioned file; 1 and up: stored versions */
  version: number;
  /** the layout as stored (JSON text, any schemaVersion this gateway can migrate) */
  body: string;
  author: string | null;
  createdAt: Date;
}

type Raw = { id: string; version: number; body: string; author: string | null; created_at: Date };
const row = (r: Raw): LayoutRow => ({ id: r.id, version: Number(r.version), body: r.body, author: r.author, createdAt: r.created_at });

/** Screen layouts in DuckDB: version 0 of an id is its file in layouts/, higher versions (the editor's) override it. */
export class LayoutStore {
  constructor(private readonly db: Database) {}

  /** Replaces every version 0 with the files given, in one transaction: a file taken away stops being offered (its stored versions stay). */
  async provision(files: readonly { id: string; body: string }[]): Promise<void> {
    await this.db.control(async (conn) => {
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run('DELETE FROM layouts WHERE version = 0');
        for (const f of files) await conn.run('INSERT INTO layouts (id, version, body) VALUES ($1, 0, $2)', [f.id, f.body]);
        await conn.run('COMMIT');
      } catch (err) {
        await conn.run('ROLLBACK');
        throw err;
      }
    });
  }

  /** The newest version of every layout. */
  async latest(): Promise<LayoutRow[]> {
    const rows = await this.db.query<Raw>(
      `SELECT id, version, body, author, created_at FROM layouts
       QUALIFY row_number() OVER (PARTITION BY id ORDER BY version DESC) = 1 ORDER BY id`,
    );
    return rows.map(row);
  }

  /** Every version of one layout, newest first (the newest is what screens show). */
  async versions(id: string): Promise<LayoutRow[]> {
    const rows = await this.db.query<Raw>('SELECT id, version, body, author, created_at FROM layouts WHERE id = $1 ORDER BY version DESC', [id]);
    return rows.map(row);
  }

  /** Stores a new version (the editor's publish); answers its number. */
  async store(id: string, body: string, author: string): Promise<number> {
    return this.db.control(async (conn) => {
      const r = (await conn.runAndReadAll('SELECT coalesce(max(version), 0) + 1 AS v FROM layouts WHERE id = $1', [id])).getRowObjectsJS();
      const version = Number(r[0]?.v ?? 1);
      await conn.run('INSERT INTO layouts (id, version, body, author) VALUES ($1, $2, $3, $4)', [id, version, body, author]);
      return version;
    });
  }
}
