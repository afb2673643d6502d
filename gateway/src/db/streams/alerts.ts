import type { AlertView } from '../../../protocol/feeds.js';
import { ALERT_COLUMNS, toAlertView, type AlertRow } from '../alert-queries.js';
import { defineStream } from './stream.js';

/**
 * Alerts: raised by the gateway's own steps (early-warning rules, the overdue clock) and
 * acknowledged by duty officers, never sent by sources. An alert's screens are those of its
 * `scope` and above.
 */
export const alertStream = defineStream<never, never, AlertView>({
  name: 'alerts',
  tables: ['alerts'],
  areaOf: (a) => a.scope,
  replay: {
    async changes(db, scope, after, upTo, limit) {
      const rows = await db.query<AlertRow>(
        `SELECT ${ALERT_COLUMNS} FROM alerts WHERE seq > $1 AND seq <= $2 AND starts_with(scope, $3) ORDER BY seq LIMIT ${Math.floor(limit)}`,
        [after, upTo, scope],
      );
      return rows.map(toAlertView);
    },
    async count(db, scope, after, upTo) {
      const rows = await db.query<{ n: bigint }>('SELECT count(*) AS n FROM alerts WHERE seq > $1 AND seq <= $2 AND starts_with(scope, $3)', [after, upTo, scope]);
      return Number(rows[0]?.n ?? 0);
    },
  },
});
