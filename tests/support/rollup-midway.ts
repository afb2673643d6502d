// Run in a child process by tests: opens a gateway's database, starts rolling up every case
// created after the watermark — inside the transaction, before its commit — says "midway" and
// waits to be killed. A SIGKILL here is a crash in the middle of a rollup update.
import { DuckDBInstance } from '@duckdb/node-api';
import { applyRollupDelta } from '../../gateway/src/db/kpi-queries.js';

const file = process.argv[2]!;
const inst = await DuckDBInstance.create(file);
const conn = await inst.connect();
const [row] = (await conn.runAndReadAll('SELECT rolled_up_to FROM kpi_watermark WHERE id = 1')).getRowsJS();
await conn.run('BEGIN TRANSACTION');
await applyRollupDelta(conn, { createdAfterSeq: Number(row?.[0] ?? 0), createdUpToSeq: Number.MAX_SAFE_INTEGER }, 1);
await conn.run('UPDATE kpi_watermark SET rolled_up_to = 9e15 WHERE id = 1');
// Written to the WAL as far as DuckDB goes before a commit; the commit never comes.
await conn.run('CHECKPOINT').catch(() => undefined);
console.log('midway');
setInterval(() => {}, 1000);
