// Retention: rows older than a configurable age leave the hot tables for Parquet files, one
// folder per table and month under the data dir's `archive/`, still read through DuckDB.
//
// A move of one (table, month) is: copy the rows (bounded by a seq taken first, so rows that
// arrive meanwhile are not touched) to a temporary file, rename it into place, then in ONE
// transaction list the file in `archive_files` and delete the rows from the hot table. Readers
// read only listed files. So a kill at any point leaves either the rows hot and the file unlisted
// (an orphan, deleted and redone by the next run) or the rows listed and gone from the hot
// table: never lost, never doubled.
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database, SqlParams } from './database.js';
import { TERMINAL_SQL } from './sql.js';

/** What moves: positions and statistics by their time, closed cases (with their transitions) by their closing time. */
interface Moved {
  table: string;
  /** the time column the age and the month are taken from */
  at: string;
  /** which old rows may move */
  where: string;
  /** rows of another table that move with them (a case's transitions), keyed by event id */
  with?: { table: string; key: string; parent: string };
}
const MOVED: readonly Moved[] = [
  { table: 'positions', at: 'ts', where: 'true' },
  { table: 'stats', at: 'ts', where: 'true' },
  { table: 'events', at: 'closed_at', where: `status IN ${TERMINAL_SQL} AND closed_at IS NOT NULL`, with: { table: 'event_transitions', key: 'event_id', parent: 'id' } },
];

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const monthOf = (col: string) => `strftime(${col} AT TIME ZONE 'Asia/Shanghai', '%Y-%m')`;

export class Archive {
  constructor(
    private readonly db: Database,
    readonly dir: string,
  ) {}

  /** The listed files of a table, optionally only those of the months overlapping [fromMs, toMs). */
  async files(table: string, fromMs?: number, toMs?: number): Promise<string[]> {
    const rows = await this.db.query<{ file: string; month: string }>('SELECT file, month FROM archive_files WHERE tbl = $1 ORDER BY file', [table]);
    const inRange = (m: string) => {
      if (fromMs === undefined || toMs === undefined) return true;
      const start = Date.parse(`${m}-01T00:00:00+08:00`);
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const end = Date.parse(`${mo === 12 ? y + 1 : y}-${String(mo === 12 ? 1 : mo + 1).padStart(2, '0')}-01T00:00:00+08:00`);
      return start < toMs && end > fromMs;
    };
    // relative: the database's file_search_path is the archive folder (Database.open)
    return rows.filter((r) => inRange(r.month)).map((r) => r.file);
  }

  /**
   * `table` with its archived rows (the same columns), as a FROM item: the hot table alone when
   * nothing is archived.
   */
  async source(table: string, fromMs?: number, toMs?: number): Promise<string> {
    const files = await this.files(table, fromMs, toMs);
    if (!files.length) return table;
    return withArchived(table, files);
  }

  /** Deletes files no transaction listed (a move killed before its commit) and temporary ones. */
  async removeOrphans(): Promise<number> {
    const listed = new Set((await this.db.query<{ file: string }>('SELECT file FROM archive_files')).map((r) => path.join(this.dir, r.file)));
    let removed = 0;
    const walk = (d: string) => {
      if (!fs.existsSync(d)) return;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (!listed.has(p)) {
          fs.rmSync(p, { force: true });
          removed++;
        }
      }
    };
    walk(this.dir);
    return removed;
  }

  /** Moves every row older than `cutoffMs` out of the hot tables, one (table, month) at a time. */
  async moveOlderThan(cutoffMs: number): Promise<{ table: string; month: string; rows: number }[]> {
    await this.removeOrphans();
    const done: { table: string; month: string; rows: number }[] = [];
    for (const m of MOVED) {
      const old = `${m.where} AND ${m.at} < to_timestamp(${cutoffMs / 1000})`;
      const months = await this.db.query<{ month: string }>(`SELECT DISTINCT ${monthOf(m.at)} AS month FROM ${m.table} WHERE ${old} ORDER BY month`);
      for (const { month } of months) done.push({ table: m.table, month, rows: await this.moveMonth(m, old, month) });
    }
    return done;
  }

  private async moveMonth(m: Moved, old: string, month: string): Promise<number> {
    return this.db.control(async (conn) => {
      const [top] = (await conn.runAndReadAll(`SELECT max(seq) FROM ${m.table}`)).getRowsJS();
      const upTo = Number(top?.[0] ?? 0);
      const rows = `SELECT * FROM ${m.table} WHERE ${old} AND ${monthOf(m.at)} = ${q(month)} AND seq <= ${upTo}`;
      const stamp = `${upTo}-${Date.now()}`;
      const files: { tbl: string; rel: string }[] = [{ tbl: m.table, rel: path.join(m.table, `month=${month}`, `part-${stamp}.parquet`) }];
      if (m.with) files.push({ tbl: m.with.table, rel: path.join(m.with.table, `month=${month}`, `part-${stamp}.parquet`) });
      const selects = [rows];
      if (m.with) selects.push(`SELECT * FROM ${m.with.table} WHERE ${m.with.key} IN (SELECT ${m.with.parent} FROM (${rows}))`);
      for (let i = 0; i < files.length; i++) await writeParquet(conn, selects[i]!, path.join(this.dir, files[i]!.rel));
      await conn.run('BEGIN TRANSACTION');
      try {
        const [n] = (await conn.runAndReadAll(`SELECT count(*) FROM (${rows})`)).getRowsJS();
        for (const f of files) {
          await conn.run('INSERT INTO archive_files (file, tbl, month, seq, moved_at) VALUES ($1, $2, $3, $4, now())', [f.rel, f.tbl, month, upTo]);
        }
        if (m.with) await conn.run(`DELETE FROM ${m.with.table} WHERE ${m.with.key} IN (SELECT ${m.with.parent} FROM (${rows}))`);
        await conn.run(`DELETE FROM ${m.table} WHERE ${old} AND ${monthOf(m.at)} = ${q(month)} AND seq <= ${upTo}`);
        await conn.run('COMMIT');
        return Number(n?.[0] ?? 0);
      } catch (err) {
        await conn.run('ROLLBACK');
        throw err;
      }
    });
  }
}

/** `table` and its archived `files` (relative to the archive folder), as a FROM item. */
export function withArchived(table: string, files: readonly string[]): string {
  if (!files.length) return table;
  return `(SELECT * FROM ${table} UNION ALL BY NAME SELECT * FROM read_parquet([${files.map(q).join(', ')}]))`;
}

/** `table` with every archived file of it, read on `conn` (for rebuilds and lookups). */
export async function withAllArchived(read: (sql: string, params?: SqlParams) => Promise<unknown[][]>, table: string): Promise<string> {
  const rows = await read('SELECT file FROM archive_files WHERE tbl = $1 ORDER BY file', [table]);
  return withArchived(table, rows.map((r) => r[0] as string));
}

/** COPY to a temporary file, flushed to disk, then renamed into place (a file is whole or absent). */
async function writeParquet(conn: DuckDBConnection, select: string, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await conn.run(`COPY (${select}) TO ${q(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}
