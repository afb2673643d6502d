import { AlertQueries } from '../../gateway/src/db/alert-queries.js';
import type { Database } from '../../gateway/src/db/database.js';
import type { Gateway } from './gateway-harness.js';

/** The gateway's database and alert queries, for tests that look behind the routes. */
export async function serveExtras(gw: Gateway): Promise<{ url: string; db: Database; alerts: AlertQueries; close(): Promise<void> }> {
  return { url: gw.url, db: gw.db, alerts: new AlertQueries(gw.db), close: async () => undefined };
}
