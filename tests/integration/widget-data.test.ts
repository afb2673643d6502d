// The data the screen's widgets read beyond the plain lists: overdue cases, longest overdue
// first, and open/overdue counts per grid for the scope map — both narrowed by scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import type { MapResponse, RankingResponse } from '../../gateway/protocol/rest.js';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';

const IN_GUIYUAN = [114.11, 22.55] as const; // 罗湖 440303001
const LUOHU_KEY = 'demo-source-440303';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

describe('widget data over REST', () => {
  let gw: Gateway;
  let luohu: string;
  let futian: string;
  const get = async <T>(token: string, url: string) => {
    const res = await fetch(`${gw.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    gw = await startTestGateway();
    luohu = await login(gw.url, 'leader-440303');
    futian = await login(gw.url, 'leader-440304');
    // two overdue (a week and three days old), one fresh
    const events = [anEvent(...IN_GUIYUAN, { occurredAt: hoursAgo(72) }), anEvent(...IN_GUIYUAN, { occurredAt: hoursAgo(168) }), anEvent(...IN_GUIYUAN, { occurredAt: new Date().toISOString() })];
    expect((await postJson(`${gw.url}/api/ingest/events`, { events }, LUOHU_KEY)).status).toBe(200);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists only open overdue cases, the longest overdue first, within the scope', async () => {
    const all = await get<{ events: EventView[] }>(luohu, '/api/events?limit=50');
    expect(all.body.events).toHaveLength(3);
    const overdue = await get<{ events: EventView[] }>(luohu, '/api/events?overdue=true&limit=50');
    expect(overdue.status).toBe(200);
    expect(overdue.body.events).toHaveLength(2);
    expect(overdue.body.events.every((e) => e.overdue)).toBe(true);
    const deadlines = overdue.body.events.map((e) => Date.parse(e.deadline!));
    expect(deadlines[0]).toBeLessThan(deadlines[1]!);

    // another district sees none of them; a bad flag is named
    expect((await get<{ events: EventView[] }>(futian, '/api/events?overdue=true')).body.events).toEqual([]);
    const bad = await get<unknown>(luohu, '/api/events?overdue=yes');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('overdue');
  });

  it('counts open and overdue cases per grid for the map when asked, and open only by default', async () => {
    // the plain count reads the rollup, which follows the cases a moment later
    await expect.poll(async () => (await get<MapResponse>(luohu, '/api/stats/map')).body.grids.reduce((s, g) => s + g.open, 0), { timeout: 10_000 }).toBe(3);
    const plain = await get<MapResponse>(luohu, '/api/stats/map');
    expect(plain.body.grids.every((g) => g.overdue === undefined)).toBe(true);

    const withOverdue = await get<MapResponse>(luohu, '/api/stats/map?measure=overdue');
    expect(withOverdue.status).toBe(200);
    expect(withOverdue.body.grids.reduce((s, g) => s + g.open, 0)).toBe(3);
    expect(withOverdue.body.grids.reduce((s, g) => s + (g.overdue ?? 0), 0)).toBe(2);
    expect(withOverdue.body.grids.every((g) => g.gridCode.startsWith('440303001'))).toBe(true);

    expect((await get<MapResponse>(futian, '/api/stats/map?measure=overdue')).body.grids).toEqual([]);
    expect((await get<unknown>(futian, '/api/stats/map?area=440303&measure=overdue')).status).toBe(403);
    expect((await get<unknown>(luohu, '/api/stats/map?measure=late')).status).toBe(400);
  });

  it('narrows the map and the ranking to a category: a major class (大类) with its minor classes, or one minor class', async () => {
    // beside the three 0102 cases above: one 0301 case in the same street
    const other = anEvent(...IN_GUIYUAN, { category: '0301', occurredAt: new Date().toISOString() });
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [other] }, LUOHU_KEY)).status).toBe(200);
    const open = (b: MapResponse) => b.grids.reduce((s, g) => s + g.open, 0);
    await expect.poll(async () => open((await get<MapResponse>(luohu, '/api/stats/map?category=03')).body), { timeout: 30_000 }).toBe(1);
    // the plain count reads the rollup, which follows a moment later
    await expect.poll(async () => open((await get<MapResponse>(luohu, '/api/stats/map')).body), { timeout: 30_000 }).toBe(4);
    expect(open((await get<MapResponse>(luohu, '/api/stats/map?category=01')).body)).toBe(3);
    expect(open((await get<MapResponse>(luohu, '/api/stats/map?category=0102')).body)).toBe(3);
    expect(open((await get<MapResponse>(luohu, '/api/stats/map?category=0101')).body)).toBe(0);
    const overdue = await get<MapResponse>(luohu, '/api/stats/map?measure=overdue&category=03');
    expect(overdue.body.grids.reduce((s, g) => s + (g.overdue ?? 0), 0)).toBe(0);
    expect((await get<MapResponse>(luohu, '/api/stats/map?measure=overdue&category=01')).body.grids.reduce((s, g) => s + (g.overdue ?? 0), 0)).toBe(2);

    // the ranking counts only the class's cases: a street without any of them has no row
    const from = hoursAgo(24 * 30);
    const ranked = async (category?: string) =>
      (await get<RankingResponse>(luohu, `/api/stats/ranking?by=street&kpi=onTimeFilingRate&from=${from}${category ? `&category=${category}` : ''}`)).body.rows.find((r) => r.key === '440303001');
    const all = await ranked();
    const major = await ranked('03');
    expect(all).toBeDefined();
    expect(major).toBeDefined();
    expect(await ranked('05')).toBeUndefined();
    expect(await ranked('0101')).toBeUndefined();

    const bad = await get<unknown>(luohu, '/api/stats/ranking?category=1');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('category');
    expect((await get<unknown>(luohu, '/api/stats/map?category=01x')).status).toBe(400);
  }, 180_000);
});
