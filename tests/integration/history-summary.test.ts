import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import type { ScopeSummary } from '../../gateway/protocol/summary.js';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';

const IN_GUIYUAN = [114.11, 22.55] as const; // 罗湖 桂园 440303001
const IN_HUANGBEI = [114.15, 22.59] as const; // 罗湖 黄贝 440303002
const IN_NANYUAN = [114.02, 22.52] as const; // 福田 南园 440304001

/** The summary as a GROUP BY over every event gives it (the definition the rollups replace). */
async function fromRawEvents(gw: Gateway, scope: string, where: string): Promise<Omit<ScopeSummary, 'seq' | 'at' | 'scope'>> {
  const rows = await gw.db.query<{ status: string; category: string; n: bigint; recent: bigint }>(
    `SELECT status, category, count(*) AS n, count(*) FILTER (WHERE occurred_at >= now() - INTERVAL 24 HOUR) AS recent FROM events WHERE ${where} GROUP BY ALL`,
    [scope],
  );
  const byStatus: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  let total = 0;
  let last24h = 0;
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + Number(r.n);
    byCategory[r.category] = (byCategory[r.category] ?? 0) + Number(r.n);
    total += Number(r.n);
    last24h += Number(r.recent);
  }
  return { total, last24h, byStatus, byCategory };
}

describe('scoped summaries from the rollups', () => {
  let gw: Gateway;
  let duty: string;
  let leader: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    duty = await login(gw.url, 'duty-440303');
    leader = await login(gw.url, 'leader-4403');
  });
  afterAll(async () => {
    await gw?.close();
  });

  const summary = async (area?: string) =>
    (await (await fetch(`${gw.url}/api/stats/summary${area ? `?area=${area}` : ''}`, { headers: { authorization: `Bearer ${leader}` } })).json()) as ScopeSummary;

  it('equal the counts over every event for the city, a district, a street and a grid, after new cases and transitions, at the seq they carry', async () => {
    const now = Date.now();
    const events = [
      ...Array.from({ length: 30 }, (_, i) => anEvent(...IN_GUIYUAN, { occurredAt: new Date(now - i * 3600_000).toISOString(), category: i % 2 ? '0102' : '0101' })),
      ...Array.from({ length: 20 }, () => anEvent(...IN_HUANGBEI, { occurredAt: new Date(now - 3 * 86400_000).toISOString() })),
      ...Array.from({ length: 10 }, () => anEvent(...IN_NANYUAN, { occurredAt: new Date(now).toISOString() })),
    ];
    expect((await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403')).status).toBe(200);
    // Move some of 罗湖's cases on: their status counts move in the rollups.
    const listed = (await (await fetch(`${gw.url}/api/events?limit=200`, { headers: { authorization: `Bearer ${duty}` } })).json()) as { events: EventView[] };
    const moved = listed.events.filter((e) => e.status === 'REPORTED').slice(0, 12);
    for (const e of moved) expect((await postJson(`${gw.url}/api/events/${e.id}/transitions`, { action: 'accept' }, duty)).status).toBe(200);
    for (const e of moved.slice(0, 5)) expect((await postJson(`${gw.url}/api/events/${e.id}/transitions`, { action: 'file' }, duty)).status).toBe(200);

    const cases: [string | undefined, string, string][] = [
      [undefined, '4403', 'starts_with(district_code, $1)'],
      ['440303', '440303', 'district_code = $1'],
      ['440303001', '440303001', 'street_code = $1'],
      ['44030300100101', '44030300100101', 'starts_with(grid_code, $1)'],
    ];
    for (const [area, scope, where] of cases) {
      const s = await summary(area);
      expect(s.scope).toBe(scope);
      expect(s.seq).toBe(gw.writer.committedSeq);
      const raw = await fromRawEvents(gw, scope, where);
      expect({ total: s.total, last24h: s.last24h, byStatus: s.byStatus, byCategory: s.byCategory }, scope).toEqual(raw);
      expect(s.total, scope).toBeGreaterThan(0);
    }
    expect((await summary()).byStatus.ACCEPTED).toBe(7);
  });
});
