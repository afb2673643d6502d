import { spawn } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { rebuildRollups, ROLLUP_COUNTERS } from '../../gateway/src/db/kpi-queries.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { writeFixtureCity } from '../support/fixture-city.js';
import { anEvent, postJson, tempDir } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NONZERO = ROLLUP_COUNTERS.map((c) => `${c} != 0`).join(' OR ');
const ROLLUPS = {
  // cells an update brought back to zero are absent from a rebuild
  kpi_daily: `SELECT * FROM kpi_daily WHERE ${NONZERO} ORDER BY ALL`,
  kpi_monthly: `SELECT * FROM kpi_monthly WHERE ${NONZERO} ORDER BY ALL`,
  kpi_open: 'SELECT * FROM kpi_open WHERE open != 0 ORDER BY ALL',
  kpi_status: 'SELECT * FROM kpi_status WHERE n != 0 ORDER BY ALL',
};

async function withFile<T>(file: string, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const inst = await DuckDBInstance.create(file);
  const conn = await inst.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

const rowsOf = async (conn: DuckDBConnection, sql: string) => (await conn.runAndReadAll(sql)).getRowsJS();

/** The rollups as kept, then as a full rebuild gives them (rolled back: the file is left as it was). */
async function keptAndRebuilt(file: string) {
  return withFile(file, async (conn) => {
    const kept: Record<string, unknown[][]> = {};
    for (const [t, sql] of Object.entries(ROLLUPS)) kept[t] = await rowsOf(conn, sql);
    await rebuildRollups(conn);
    const rebuilt: Record<string, unknown[][]> = {};
    for (const [t, sql] of Object.entries(ROLLUPS)) rebuilt[t] = await rowsOf(conn, sql);
    const [[events, transitions]] = (await rowsOf(conn, 'SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_transitions)')) as [[bigint, bigint]];
    return { kept, rebuilt, events: Number(events), transitions: Number(transitions) };
  });
}

describe('persistent KPI rollups: a crash mid-rollup', () => {
  const dataDir = tempDir();
  const file = path.join(dataDir, 'gridcommand.duckdb');
  // The simulator's case driver moves cases through the workflow (transitions move rollup rows) while sources send new ones.
  const env = { GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: writeFixtureCity(), GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: '100' };
  const children: ChildGateway[] = [];
  afterAll(() => children.forEach((c) => c.proc.kill('SIGKILL')));

  async function runAndKill(ms: number): Promise<void> {
    const gw = await startChildGateway(env);
    children.push(gw);
    const t0 = Date.now();
    let sent = 0;
    while (Date.now() - t0 < ms) {
      const events = Array.from({ length: 200 }, (_, i) => anEvent(114.0 + (i % 100) * 0.0015, 22.535 + (i % 5) * 0.008));
      const r = await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403');
      if (r.status === 200) sent += 200;
    }
    expect(sent).toBeGreaterThan(0);
    gw.proc.kill('SIGKILL');
    expect(await gw.exited).toBe('SIGKILL');
  }

  it('restarted after kills at random points (mid-rollup among them), the rollups equal a full rebuild', async () => {
    let behind = 0;
    for (let round = 0; round < 3; round++) {
      await runAndKill(800 + Math.floor(Math.random() * 2500));
      const [[mark, top]] = (await withFile(file, (c) => rowsOf(c, 'SELECT (SELECT rolled_up_to FROM kpi_watermark), (SELECT max(created_seq) FROM events)'))) as [[bigint, bigint]];
      if (Number(mark) < Number(top)) behind++;
    }
    // A crash in the middle of the rollup transaction itself, at a known point.
    const mid = spawn(process.execPath, ['--import', 'tsx', 'tests/support/rollup-midway.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      mid.stdout.on('data', (d: Buffer) => d.toString().includes('midway') && resolve());
      mid.once('exit', (code) => reject(new Error(`rollup-midway exited ${code}`)));
    });
    mid.kill('SIGKILL');
    await new Promise((r) => mid.once('exit', r));
    const [[mark]] = (await withFile(file, (c) => rowsOf(c, 'SELECT rolled_up_to FROM kpi_watermark'))) as [[bigint]];
    expect(Number(mark)).toBeLessThan(9e15); // the killed transaction left nothing
    expect(behind).toBeGreaterThan(0); // at least one start had new cases to add from the watermark

    // The next start brings the rollups up to date from the watermark (no rebuild), then stops cleanly.
    const gw = await startChildGateway({ ...env, GRIDCOMMAND_SIM: '0', LOG_LEVEL: 'info' });
    children.push(gw);
    expect(gw.output()).toContain('KPI rollups brought up to date');
    gw.proc.kill('SIGTERM');
    await gw.exited;
    const { kept, rebuilt, events, transitions } = await keptAndRebuilt(file);
    expect(events).toBeGreaterThan(500);
    expect(transitions).toBeGreaterThan(0);
    for (const t of Object.keys(ROLLUPS)) expect(kept[t]!.length, t).toBeGreaterThan(0);
    for (const t of Object.keys(ROLLUPS)) expect(kept[t], t).toEqual(rebuilt[t]);
  }, 180_000);
});
