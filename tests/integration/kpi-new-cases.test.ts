import { afterAll, describe, expect, it } from 'vitest';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';

describe('new cases in the daily KPI rollups', () => {
  let gw: Gateway;
  afterAll(async () => {
    await gw?.close();
  });

  it('counts cases reported after the rollup timer has already run with nothing to do', async () => {
    gw = await startTestGateway();
    // Let the once-a-second rollup of new cases tick at least once with nothing new.
    await new Promise((r) => setTimeout(r, 1500));
    const now = new Date().toISOString();
    const events = [anEvent(114.11, 22.55, { occurredAt: now }), anEvent(114.05, 22.55, { occurredAt: now }), anEvent(114.15, 22.59, { occurredAt: now })];
    expect((await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403')).status).toBe(200);
    const token = await login(gw.url, 'leader-4403');
    // The daily trend reads the rollup: today's bucket counts the three once they are rolled up.
    const today = async () => {
      const res = await fetch(`${gw.url}/api/stats/trend?bucket=day`, { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { points: { reported: number }[] }).points.at(-1)!.reported;
    };
    await expect.poll(today, { timeout: 10_000 }).toBe(3);
  });
});
