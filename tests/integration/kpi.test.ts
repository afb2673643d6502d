import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import { anEvent, login, postJson, startTestGateway, tempDir, type Gateway } from '../support/gateway-harness.js';
import { writeFixtureCity } from '../support/fixture-city.js';

const KEY = 'demo-source-440303';
type KpiBody = { by: string; rows: { key: string; kpis: Record<string, { numerator: number; denominator: number; value: number | null }> }[] };

describe('KPIs over REST, kept in step with the cases', () => {
  const dataDir = tempDir();
  const over = { dataDir, dbFile: path.join(dataDir, 'gridcommand.duckdb'), datasetDir: writeFixtureCity() };
  let gw: Gateway;
  afterAll(async () => {
    await gw?.close();
  });

  const kpis = async (token: string, query: string) => {
    const res = await fetch(`${gw.url}/api/stats/kpi?${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as KpiBody };
  };

  it('counts a closed case, an invalid report and an open one as the definitions say, and the same after a restart (rollups kept, brought up to date from their watermark)', async () => {
    gw = await startTestGateway(over);
    const duty = await login(gw.url, 'duty-440303');
    const now = new Date().toISOString();
    const events = [anEvent(114.11, 22.55, { occurredAt: now }), anEvent(114.11, 22.56, { occurredAt: now }), anEvent(114.15, 22.59, { occurredAt: now })];
    expect((await postJson(`${gw.url}/api/ingest/events`, { events }, KEY)).status).toBe(200);
    const list = (await (await fetch(`${gw.url}/api/events`, { headers: { authorization: `Bearer ${duty}` } })).json()) as { events: EventView[] };
    const id = (i: number) => list.events.find((e) => e.sourceId === events[i]!.id)!.id;
    const act = (i: number, who: string, action: string, extra = {}) => postJson(`${gw.url}/api/events/${id(i)}/transitions`, { action, ...extra }, who);
    // case 0: the whole loop, on time; case 1: invalid; case 2: still reported
    for (const [a, who, extra] of [['accept', duty, {}], ['file', duty, {}], ['dispatch', duty, { assignee: 'CG' }], ['start', KEY, {}], ['feedback', KEY, {}], ['check', duty, {}], ['pass', duty, {}]] as const) {
      expect((await act(0, who, a, extra)).status, a).toBe(200);
    }
    expect((await act(1, duty, 'invalidate')).status).toBe(200);

    // Expected by hand: 3 reports, 2 decided (1 valid); 1 filed on time, 1 dispatched on time and
    // not returned; 1 due to close (closed in the period), closed on time, no rework.
    const expected = {
      validReportRate: { numerator: 1, denominator: 2, value: 0.5 },
      onTimeFilingRate: { numerator: 1, denominator: 1, value: 1 },
      onTimeDispatchRate: { numerator: 1, denominator: 1, value: 1 },
      accurateDispatchRate: { numerator: 1, denominator: 1, value: 1 },
      closureRate: { numerator: 1, denominator: 1, value: 1 },
      onTimeClosureRate: { numerator: 1, denominator: 1, value: 1 },
      overdueClosureRate: { numerator: 0, denominator: 1, value: 0 },
      reworkRate: { numerator: 0, denominator: 1, value: 0 },
    };
    const leader = await login(gw.url, 'leader-440303');
    const first = await kpis(leader, 'by=none');
    expect(first.status).toBe(200);
    expect(first.body.rows).toHaveLength(1);
    expect(first.body.rows[0]!.kpis).toMatchObject(expected);
    const byStreet = await kpis(leader, 'by=street');
    // case 2 is in 黄贝 440303002: reported, not yet decided
    expect(byStreet.body.rows.map((r) => [r.key, r.kpis.validReportRate!.denominator])).toEqual([['440303001', 2], ['440303002', 0]]);

    // a restart keeps the rollups and adds what came after their watermark: the same figures
    await gw.close();
    gw = await startTestGateway(over);
    const again = await kpis(await login(gw.url, 'leader-440303'), 'by=none');
    expect(again.body.rows[0]!.kpis).toEqual(first.body.rows[0]!.kpis);
  });

  it('narrows by area inside the scope, refuses one outside it, and names a bad parameter', async () => {
    const leader = await login(gw.url, 'leader-440303');
    expect((await kpis(leader, 'area=440304')).status).toBe(403);
    const bad = await kpis(leader, 'by=planet');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('by');
    expect((await kpis(leader, 'from=2026-13-40')).status).toBe(400);
    const futian = await kpis(await login(gw.url, 'leader-440304'), 'by=none');
    expect(futian.body.rows.every((r) => Object.values(r.kpis).every((k) => k.denominator === 0))).toBe(true);
  });
});
