import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive, withAllArchived } from '../../gateway/src/db/archive.js';
import { CaseStore } from '../../gateway/src/db/case-store.js';
import { Database, type SqlParams } from '../../gateway/src/db/database.js';
import { EventQueries } from '../../gateway/src/db/event-queries.js';
import { IdempotencyIndex } from '../../gateway/src/db/idempotency.js';
import { rebuildRollups } from '../../gateway/src/db/kpi-queries.js';
import { PositionQueries } from '../../gateway/src/db/position-queries.js';
import { eventStream } from '../../gateway/src/db/streams/index.js';
import type { IdempotencyPage } from '../../gateway/src/db/streams/stream.js';
import { tempDir } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CUTOFF = Date.parse('2025-01-01T00:00:00+08:00');
const OLD = Date.parse('2024-01-05T00:00:00+08:00') / 1000;
const DAY = 86_400;

/** Old and recent rows of every table that retention moves (closed cases with their transitions, open ones that stay). */
async function fill(db: Database): Promise<void> {
  await db.exec(`INSERT INTO positions SELECT i, 'src', 'w-' || (i % 5), to_timestamp(${OLD} + i * 3600), 114.1 + i * 1e-5, 22.55, NULL, '440303001'
    FROM range(1, 3001) t(i)`); // ~4 months of hourly points
  await db.exec(`INSERT INTO positions SELECT 10000 + i, 'src', 'w-1', now() - INTERVAL (i) MINUTE, 114.1, 22.55, NULL, '440303001' FROM range(1, 101) t(i)`);
  await db.exec(`INSERT INTO stats SELECT 20000 + i, 'src', 'pop', '440303', to_timestamp(${OLD} + i * 7200), i FROM range(1, 1001) t(i)`);
  await db.exec(`INSERT INTO events (seq, created_seq, id, source, source_id, category, status, urgency, lon, lat, district_code, street_code, grid_code,
      occurred_at, received_at, updated_at, title, reporter_kind, reporter_id, valid, closed_at, closed_on_time)
    SELECT 30000 + i, 30000 + i, 'ev-' || (30000 + i), 'src', 's-' || i, '0102', CASE WHEN i % 7 = 0 THEN 'DISPATCHED' ELSE 'CLOSED' END, 'normal', 114.1, 22.55,
      '440303', '440303001', '44030300100101', to_timestamp(${OLD} + i * ${DAY / 4}), to_timestamp(${OLD} + i * ${DAY / 4}), to_timestamp(${OLD} + i * ${DAY / 4} + ${DAY}),
      't', 'worker', 'w-1', true, CASE WHEN i % 7 = 0 THEN NULL ELSE to_timestamp(${OLD} + i * ${DAY / 4} + ${DAY}) END, true
    FROM range(1, 601) t(i)`);
  await db.exec(`INSERT INTO events (seq, created_seq, id, source, source_id, category, status, urgency, lon, lat, district_code, street_code, grid_code,
      occurred_at, received_at, updated_at, title, reporter_kind, reporter_id, valid, closed_at, closed_on_time)
    SELECT 40000 + i, 40000 + i, 'ev-' || (40000 + i), 'src', 'r-' || i, '0102', 'CLOSED', 'normal', 114.1, 22.55, '440303', '440303001', NULL,
      now() - INTERVAL 3 DAY, now(), now(), 't', 'worker', 'w-1', true, now() - INTERVAL 1 DAY, true FROM range(1, 51) t(i)`);
  await db.exec(`INSERT INTO event_transitions SELECT 50000 + 2 * e.n + k, e.id, e.occurred_at + INTERVAL (k) HOUR, 'duty-1', 'duty', NULL,
      CASE WHEN k = 0 THEN 'accept' ELSE 'file' END, 'REPORTED', 'ACCEPTED', NULL, NULL, NULL
    FROM (SELECT id, occurred_at, row_number() OVER (ORDER BY seq) AS n FROM events) e, range(0, 2) t(k)`);
}

/** Every row of the moved tables, hot or in a listed archive file, as sorted keys. */
async function everything(db: Database, archive: Archive): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [t, key] of [['positions', 'seq'], ['stats', 'seq'], ['events', 'id'], ['event_transitions', 'seq']] as const) {
    const rows = await db.query<{ k: string }>(`SELECT ${key}::VARCHAR AS k FROM ${await archive.source(t)} ORDER BY k`);
    out[t] = rows.map((r) => r.k);
  }
  return out;
}

async function open(file: string) {
  const db = await Database.open(file);
  return { db, archive: new Archive(db, path.join(path.dirname(file), 'archive')) };
}

/** Runs the move in a child process; killAfterMs after it opened the file, it is SIGKILLed. Resolves its output and how long it ran after opening. */
function runMove(file: string, killAfterMs: number | null): Promise<{ out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/archive-move.ts', file, String(CUTOFF)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let openedAt = 0;
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!openedAt && d.toString().includes('opened')) {
        openedAt = performance.now();
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.once('exit', (code, signal) =>
      code === 0 || signal === 'SIGKILL' ? resolve({ out, ms: openedAt ? performance.now() - openedAt : 0 }) : reject(new Error(`archive-move exited ${code}: ${out}`)),
    );
  });
}

describe('retention: the move to Parquet', () => {
  it('killed at random points loses and doubles nothing; finished, old rows are only in the archive and read back', async () => {
    const file = path.join(tempDir(), 'gridcommand.duckdb');
    let { db, archive } = await open(file);
    await fill(db);
    await db.control(rebuildRollups);
    const monthly = await db.query('SELECT * FROM kpi_monthly ORDER BY ALL');
    const original = await everything(db, archive);
    db.close();

    // how long a whole move takes on this machine, on a copy: the kills fall inside it
    const probe = path.join(tempDir(), 'probe.duckdb');
    fs.copyFileSync(file, probe);
    const { ms: whole } = await runMove(probe, null);

    let killedMidway = 0;
    for (let round = 0; round < 5; round++) {
      const { out } = await runMove(file, Math.floor(Math.random() * whole * 0.8));
      if (!out.includes('done')) killedMidway++;
      ({ db, archive } = await open(file));
      expect(await everything(db, archive), `after kill ${round}`).toEqual(original);
      db.close();
    }
    expect(killedMidway).toBeGreaterThan(0);

    expect((await runMove(file, null)).out).toContain('done');
    ({ db, archive } = await open(file));
    try {
      expect(await everything(db, archive)).toEqual(original);
      const hot = await db.query<{ t: string; n: bigint }>(
        `SELECT 'positions' AS t, count(*) AS n FROM positions WHERE ts < to_timestamp(${CUTOFF / 1000}) UNION ALL
         SELECT 'stats', count(*) FROM stats WHERE ts < to_timestamp(${CUTOFF / 1000}) UNION ALL
         SELECT 'closed', count(*) FROM events WHERE status = 'CLOSED' AND closed_at < to_timestamp(${CUTOFF / 1000}) UNION ALL
         SELECT 'open old', count(*) FROM events WHERE status <> 'CLOSED' UNION ALL
         SELECT 'recent', count(*) FROM positions`,
      );
      expect(Object.fromEntries(hot.map((r) => [r.t, Number(r.n)]))).toEqual({ positions: 0, stats: 0, closed: 0, 'open old': 85, recent: 100 });
      // monthly files under the data dir, every one listed
      const files = await archive.files('positions');
      expect(files.length).toBeGreaterThanOrEqual(4);
      expect(files.every((f) => /^positions\/month=2024-\d\d\/part-.+\.parquet$/.test(f))).toBe(true);
      expect(await archive.removeOrphans()).toBe(0);
      expect(fs.existsSync(path.join(path.dirname(file), 'archive', files[0]!))).toBe(true);

      // a trajectory of an archived month, through the gateway's query
      const traj = await new PositionQueries(db, archive).trajectory({ scope: '4403', worker: 'w-1', fromMs: (OLD + 10 * DAY) * 1000, toMs: (OLD + 11 * DAY) * 1000, limit: 100 });
      expect(traj.positions.length).toBe(5); // hourly points, one worker in five
      expect(traj.positions.every((p, i, a) => i === 0 || p.ts > a[i - 1]!.ts)).toBe(true);
      // a closed case's timeline and view, from the archive
      const view = await new EventQueries(db, archive).byId('4403', 'ev-30001');
      expect(view).toMatchObject({ id: 'ev-30001', status: 'CLOSED' });
      const timeline = await new CaseStore(db, archive).timeline('ev-30001');
      expect(timeline.map((r) => r.action)).toEqual(['accept', 'file']);
      // an archived case's (source, id) is still taken: the writer's lookup reads the archive
      const events = eventStream({ classes: new Set(), dispatchDeadline: () => null });
      const read = async (sql: string, params?: SqlParams) => (await db.query<Record<string, unknown>>(sql, params)).map((r) => Object.values(r));
      expect([...(await events.lookupIdempotency!(read, ['src\u0000s-1', 'src\u0000r-1', 'src\u0000never']))].sort()).toEqual(['src\u0000r-1', 'src\u0000s-1']);
      // and a key filter rebuilt from the table (a lost filter) holds the archived keys as well
      const rebuilt = new IdempotencyIndex('once', { window: 1, filterMb: 1 });
      await rebuilt.load(events.loadIdempotency!(read, 0) as AsyncIterable<IdempotencyPage>);
      expect(rebuilt.filter!.count).toBe(Number((await db.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${await withAllArchived(read, 'events')}`))[0]!.n));
      expect(rebuilt.state('src\u0000s-1', true)).toBe('unknown'); // archived: the writer asks the lookup above
      expect(rebuilt.state('src\u0000r-1', true)).toBe('unknown');
      expect(rebuilt.state('src\u0000never', true)).toBe('new');
      // a rebuild of the rollups still counts the archived cases
      await db.control(rebuildRollups);
      expect(await db.query('SELECT * FROM kpi_monthly ORDER BY ALL')).toEqual(monthly);
    } finally {
      db.close();
    }
  }, 300_000);
});
