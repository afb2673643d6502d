import { TERMINAL_STATUSES } from '../../protocol/statuses.js';

/**
 * A SQL list literal of constants from the code (never of input): `('A', 'B')`. Parameters
 * cannot stand where DuckDB's planner wants a constant list it can push into a scan.
 */
export function constantList(values: readonly string[]): string {
  for (const v of values) if (!/^[A-Za-z0-9_-]+$/.test(v)) throw new Error(`not a SQL constant: ${v}`);
  return `(${values.map((v) => `'${v}'`).join(', ')})`;
}

/** The statuses a case never leaves, as a SQL list: `status NOT IN ${TERMINAL_SQL}` is an open case. */
export const TERMINAL_SQL = constantList(TERMINAL_STATUSES);
