import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { MIGRATIONS, type Migration } from './migrations.js';

export type SqlParams = DuckDBValue[];

/**
 * The DuckDB file and its connections. The writer has a connection of its own; reads go
 * through a small pool so that a slow query never waits behind another.
 */
export class Database {
  private readers: DuckDBConnection[] = [];
  private nextReader = 0;
  private controlConn: DuckDBConnection | null = null;
  private controlQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly instance: DuckDBInstance,
    readonly file: string,
  ) {}

  static async open(file: string, migrations: Migration[] = MIGRATIONS): Promise<Database> {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot open the database ${file}: ${why}`);
    }
    const db = new Database(instance, file);
    await db.migrate(migrations);
    if (file !== ':memory:') {
      // Archived Parquet files are named relative to the data dir's archive folder (db/archive.ts).
      const c = await instance.connect();
      await c.run(`SET GLOBAL file_search_path = '${path.join(path.dirname(file), 'archive').replace(/'/g, "''")}'`);
      c.closeSync();
    }
    for (let i = 0; i < 3; i++) db.readers.push(await instance.connect());
    db.controlConn = await instance.connect();
    return db;
  }

  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  private async migrate(migrations: Migration[]): Promise<void> {
    const conn = await this.instance.connect();
    try {
      await conn.run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())',
      );
      const rows = (await conn.runAndReadAll('SELECT max(version) AS v FROM schema_migrations')).getRowObjectsJS();
      const current = Number(rows[0]?.v ?? 0);
      const latest = migrations.at(-1)?.version ?? 0;
      if (current > latest) {
        throw new Error(`database schema version ${current} is newer than this gateway's ${latest}`);
      }
      const pending = migrations.filter((m) => m.version > current);
      for (const m of pending) {
        await conn.run('BEGIN TRANSACTION');
        try {
          await conn.run(m.sql);
          await conn.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await conn.run('COMMIT');
        } catch (err) {
          await conn.run('ROLLBACK');
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
        }
      }
      // Write the new schema into the file now: DuckDB 1.5 cannot replay from the WAL an ALTER
      // of a table whose defaults call functions (now()), which a crash right after start would need.
      if (pending.length) await conn.run('CHECKPOINT');
    } finally {
      conn.closeSync();
    }
  }

  /** Rows as plain JS objects (BIGINT → bigint, TIMESTAMPTZ → Date). */
  async query<T = Record<string, unknown>>(sql: string, params: SqlParams = []): Promise<T[]> {
    const conn = this.readers[this.nextReader++ % this.readers.length]!;
    const reader = await conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /**
   * Low-rate writes outside the stream writer (users, keys, audit rows), one at a time on a
   * connection of their own; `fn` gets that connection and may run a transaction on it.
   */
  control<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = this.controlConn;
    if (!conn) return Promise.reject(new Error('the database is closed'));
    const run = this.controlQueue.then(() => fn(conn));
    this.controlQueue = run.catch(() => undefined);
    return run;
  }

  async exec(sql: string, params: SqlParams = []): Promise<void> {
    await this.control((c) => c.run(sql, params));
  }

  close(): void {
    for (const r of this.readers) r.closeSync();
    this.readers = [];
    this.controlConn?.closeSync();
    this.controlConn = null;
    this.instance.closeSync();
  }
}
