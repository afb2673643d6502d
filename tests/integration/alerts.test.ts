import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../gateway/protocol/events.js';
import type { AlertView } from '../../gateway/protocol/feeds.js';
import { raiseAlert } from '../../gateway/src/db/alert-queries.js';
import { WEEK_MS, type AlertRule } from '../../gateway/src/domain/alert-rules.js';
import { startAlertTicker, type AlertTicker } from '../../gateway/src/realtime/alert-ticker.js';
import { anEvent, login, postJson, screenClient, startTestGateway, waitFor, type Gateway } from '../support/gateway-harness.js';
import { serveExtras } from '../support/extras.js';

// Points inside the fixture city (tests/support/fixture-city.ts).
const IN_GUIYUAN = [114.11, 22.55] as const; // 罗湖 桂园 440303001
const IN_NANYUAN = [114.02, 22.52] as const; // 福田 南园 440304001

const RULES: AlertRule[] = [
  { id: 'test-surge-street', kind: 'surge', level: 'street', windowMinutes: 60, weeks: 4, minCount: 5, k: 3, factor: 3 },
  { id: 'test-garbage-street', kind: 'threshold', category: '0102', level: 'street', windowMinutes: 60, minCount: 10 },
];

/** Alerts of this test's rules (the workflow may raise overdue alerts of its own meanwhile). */
const ours = (list: AlertView[]) => list.filter((a) => a.rule?.startsWith('test-'));

/** A screen socket that records the alerts of this test's rules it receives. */
function alertScreen(url: string, token: string) {
  const s = screenClient(url, { token });
  const alerts: AlertView[] = [];
  s.socket.on('alerts', (list) => alerts.push(...ours(list)));
  return Object.assign(s, { alerts });
}

describe('early warning: surge and threshold alerts, pushed by scope, acknowledged by duty officers', () => {
  let gw: Gateway;
  let extras: Awaited<ReturnType<typeof serveExtras>>;
  let ticker: AlertTicker;
  let luohu: ReturnType<typeof alertScreen>;
  let guiyuan: ReturnType<typeof alertScreen>;
  let futian: ReturnType<typeof alertScreen>;
  let surge: AlertView;
  const now = Date.now();

  beforeAll(async () => {
    gw = await startTestGateway();
    extras = await serveExtras(gw);
    ticker = startAlertTicker({ writer: gw.writer, queries: extras.alerts, rules: RULES, everyMs: 0, log: gw.log });
    luohu = alertScreen(gw.url, await login(gw.url, 'leader-440303'));
    guiyuan = alertScreen(gw.url, await login(gw.url, 'participant-440303001'));
    futian = alertScreen(gw.url, await login(gw.url, 'duty-440304'));
    await Promise.all([luohu.ready, guiyuan.ready, futian.ready]);
  });

  afterAll(async () => {
    await ticker?.stop();
    [luohu, guiyuan, futian].forEach((s) => s?.close());
    await extras?.close();
    await gw?.close();
  });

  const at = (ms: number) => new Date(ms).toISOString();
  const ingest = async (events: IngestEvent[]) => {
    const r = await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403');
    expect(r.status).toBe(200);
    expect(r.body.accepted).toBe(events.length);
  };

  it('raises a surge for the street whose last hour is far above the same hour of the past 4 weeks', async () => {
    // Baseline through the ingest path: the same hour 1–4 weeks ago had 2, 1, 2, 1 events in 桂园; 福田 南园 had 3 each week.
    const past: IngestEvent[] = [];
    [2, 1, 2, 1].forEach((n, i) => {
      for (let j = 0; j < n; j++) past.push(anEvent(...IN_GUIYUAN, { occurredAt: at(now - (i + 1) * WEEK_MS - (10 + j) * 60_000) }));
      for (let j = 0; j < 3; j++) past.push(anEvent(...IN_NANYUAN, { occurredAt: at(now - (i + 1) * WEEK_MS - (10 + j) * 60_000) }));
    });
    // Outside every window: 3 h ago (not the last hour), and 1 week + 2 h ago (not the same hour).
    past.push(anEvent(...IN_GUIYUAN, { occurredAt: at(now - 3 * 3600_000) }), anEvent(...IN_GUIYUAN, { occurredAt: at(now - WEEK_MS - 2 * 3600_000) }));
    await ingest(past);
    // The last hour: 12 garbage reports in 桂园 (mean 1.5, σ 0.5 → limit 3), 3 in 南园 (its usual 3).
    await ingest([
      ...Array.from({ length: 12 }, (_, j) => anEvent(...IN_GUIYUAN, { occurredAt: at(now - (5 + j) * 60_000) })),
      ...Array.from({ length: 3 }, (_, j) => anEvent(...IN_NANYUAN, { occurredAt: at(now - (5 + j) * 60_000) })),
    ]);

    const raised = await ticker.evaluate();
    expect(raised.map((a) => [a.rule, a.areaCode, a.value, a.baseline])).toEqual([
      ['test-surge-street', '440303001', 12, 1.5],
      ['test-garbage-street', '440303001', 12, 10],
    ]);
    surge = raised[0]!;
    expect(surge).toMatchObject({ kind: 'surge', scope: '440303001', category: null, eventId: null, ackedBy: null, ackedAt: null, id: `al-${surge.seq}` });
    expect(raised[1]!.seq).toBe(surge.seq + 1);
    expect(surge.message).toContain('440303001');
  });

  it('pushes the alerts to the screens of that street and above, and not to another district', async () => {
    await waitFor(() => luohu.alerts.length >= 2 && guiyuan.alerts.length >= 2, 5000, 'alerts on the screens');
    await new Promise((r) => setTimeout(r, 200)); // let any stray push arrive
    expect(luohu.alerts.map((a) => a.id)).toEqual([surge.id, `al-${surge.seq + 1}`]);
    expect(guiyuan.alerts[0]).toEqual(surge);
    expect(futian.alerts).toEqual([]);
  });

  it('keeps one open alert per rule and area: evaluating again raises nothing', async () => {
    await ingest([anEvent(...IN_GUIYUAN, { occurredAt: at(Date.now() - 60_000) })]);
    expect(await ticker.evaluate()).toEqual([]);
  });

  it('lists alerts by scope and status', async () => {
    const leader = await login(gw.url, 'leader-440303');
    const list = async (token: string, query = '') => {
      const res = await fetch(`${extras.url}/api/alerts${query}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { alerts: AlertView[] };
      return { status: res.status, body: { ...body, alerts: body.alerts && ours(body.alerts) } };
    };
    const open = await list(leader);
    expect(open.status).toBe(200);
    expect(open.body.alerts.map((a) => a.rule)).toEqual(['test-garbage-street', 'test-surge-street']);
    expect((await list(leader, '?area=440303002')).body.alerts).toEqual([]);
    expect((await list(await login(gw.url, 'operator-440304'))).body.alerts).toEqual([]);
    expect((await list(leader, '?area=440304')).status).toBe(403);
    expect((await list(leader, '?status=pending')).status).toBe(400);
    expect((await fetch(`${extras.url}/api/alerts`)).status).toBe(401);
  });

  it('is acknowledged by a duty officer of its scope (who and when recorded, pushed to the screens); a leader gets 403', async () => {
    const ack = async (username: string) => {
      const res = await fetch(`${extras.url}/api/alerts/${surge.id}/ack`, { method: 'POST', headers: { authorization: `Bearer ${await login(gw.url, username)}` } });
      return { status: res.status, body: (await res.json()) as AlertView & { code?: string } };
    };
    expect((await ack('leader-440303')).status).toBe(403);
    expect((await ack('operator-440303')).status).toBe(403);
    expect((await ack('duty-440304')).status).toBe(404); // another district's duty officer does not see it

    const before = Date.now();
    const ok = await ack('duty-440303');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: surge.id, ackedBy: 'duty-440303', rule: 'test-surge-street' });
    expect(Date.parse(ok.body.ackedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(ok.body.seq).toBeGreaterThan(surge.seq);

    await waitFor(() => luohu.alerts.some((a) => a.id === surge.id && a.ackedBy !== null), 5000, 'the acknowledged alert on the screen');
    expect(luohu.alerts.at(-1)).toEqual(ok.body);
    expect(futian.alerts).toEqual([]);

    const again = await ack('duty-440303');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_ACKED');

    const leader = await login(gw.url, 'leader-440303');
    const acked = (await (await fetch(`${extras.url}/api/alerts?status=acked`, { headers: { authorization: `Bearer ${leader}` } })).json()) as { alerts: AlertView[] };
    expect(ours(acked.alerts)).toEqual([ok.body]);
    const open = (await (await fetch(`${extras.url}/api/alerts?status=open`, { headers: { authorization: `Bearer ${leader}` } })).json()) as { alerts: AlertView[] };
    expect(ours(open.alerts).map((a) => a.rule)).toEqual(['test-garbage-street']);
    // acknowledged within its window: the same surge is not raised again
    expect(await ticker.evaluate()).toEqual([]);
  });

  it('keeps alert ids and seqs unique across a restart', async () => {
    const before = (await extras.alerts.list({ scope: '4403', status: 'all', limit: 100 })).map((a) => a.seq);
    const dataDir = path.dirname(gw.dbFile);
    await ticker.stop();
    [luohu, guiyuan, futian].forEach((s) => s.close());
    await extras.close();
    await gw.close();
    gw = await startTestGateway({ dataDir });
    extras = await serveExtras(gw);
    const view = await gw.writer.apply(async (ctx) => {
      const v = await raiseAlert(ctx, { kind: 'threshold', rule: 'test-restart', areaCode: '440304001', value: 1, baseline: 1, message: 'after a restart' });
      return { result: v, extra: { alerts: v ? [v] : [] } };
    });
    expect(view).not.toBeNull();
    expect(view!.seq).toBeGreaterThan(Math.max(...before));
    expect(view!.id).toBe(`al-${view!.seq}`);
    // and the writer goes on above it
    const r = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(...IN_NANYUAN)] }, 'demo-source-4403');
    expect(r.body.lastSeq).toBeGreaterThan(view!.seq);
  });
});
