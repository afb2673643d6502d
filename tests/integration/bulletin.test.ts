import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import { LOCAL_OFFSET_MS } from '../../gateway/protocol/time.js';
import { KPIS } from '../../gateway/src/domain/kpi.js';
import { anEvent, login, postJson, startTestGateway, type Gateway } from '../support/gateway-harness.js';

type Kpi = { numerator: number; denominator: number; value: number | null };
type KpiBody = { rows: { key: string; kpis: Record<string, Kpi> }[] };
type RankingBody = { rows: { rank: number; key: string; value: number | null; numerator: number; denominator: number }[] };
const IDS = KPIS.map((k) => k.id);
const KEY = 'demo-source-440303'; // the district's inspector and department systems
const FUTIAN_KEY = 'demo-source-440304';

/** This month in the city's time, and the period a bulletin of it covers: its first day to the end of today. */
function thisMonth(): { month: string; from: string; to: string } {
  const now = new Date(Date.now() + LOCAL_OFFSET_MS);
  const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const month = now.toISOString().slice(0, 7);
  return { month, from: `${month}-01`, to: tomorrow.toISOString().slice(0, 10) };
}

describe('the monthly assessment bulletin (月度考核通报)', () => {
  let gw: Gateway;
  let leader: string;
  let duty: string;
  const period = thisMonth();

  const getJson = async <T>(path: string, token: string) => (await (await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
  const bulletin = (query: string, token: string) => fetch(`${gw.url}/api/reports/bulletin?${query}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    gw = await startTestGateway();
    leader = await login(gw.url, 'leader-4403');
    duty = await login(gw.url, 'duty-440303');
    const dutyFutian = await login(gw.url, 'duty-440304');
    // cases with different fates in both districts, so that every ratio means something
    const now = new Date().toISOString();
    const luohu = [anEvent(114.11, 22.55, { occurredAt: now }), anEvent(114.12, 22.56, { occurredAt: now, category: '0104' }), anEvent(114.15, 22.59, { occurredAt: now }), anEvent(114.11, 22.57, { occurredAt: now }), anEvent(114.14, 22.54, { occurredAt: now })];
    const futian = [anEvent(114.02, 22.52, { occurredAt: now }), anEvent(114.08, 22.56, { occurredAt: now, category: '0104' })];
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: luohu }, KEY)).status).toBe(200);
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: futian }, FUTIAN_KEY)).status).toBe(200);
    const all = (await getJson<{ events: EventView[] }>('/api/events?limit=100', leader)).events;
    const id = (e: { id: string }) => all.find((v) => v.sourceId === e.id)!.id;
    const run = async (eventId: string, steps: [string, string, Record<string, string>?][]) => {
      for (const [action, who, extra] of steps) {
        const r = await postJson(`${gw.url}/api/events/${eventId}/transitions`, { action, ...(extra ?? {}) }, who);
        expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
      }
    };
    const loop = (who: string, key: string, assignee: string): [string, string, Record<string, string>?][] => [['accept', who], ['file', who], ['dispatch', who, { assignee }], ['start', key], ['feedback', key], ['check', who], ['pass', who]];
    await run(id(luohu[0]!), loop(duty, KEY, 'CG'));
    await run(id(luohu[1]!), [['accept', duty], ['file', duty], ['dispatch', duty, { assignee: 'HW' }], ['return', KEY], ['dispatch', duty, { assignee: 'HW' }], ['start', KEY], ['feedback', KEY], ['check', duty], ['fail', duty], ['start', KEY], ['feedback', KEY], ['check', duty], ['pass', duty]]);
    await run(id(luohu[2]!), [['invalidate', duty]]);
    await run(id(luohu[3]!), [['accept', duty], ['file', duty], ['dispatch', duty, { assignee: 'CG' }]]);
    await run(id(futian[0]!), loop(dutyFutian, FUTIAN_KEY, 'CG'));
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('opens as a workbook with the four sheets, every figure equal to /api/stats/kpi and /api/stats/ranking of the month', async () => {
    const res = await bulletin(`month=${period.month}&format=xlsx`, leader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toContain(`filename="bulletin-4403-${period.month}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['通报', '区域排名', '部门排名', '指标说明']);

    const range = `from=${period.from}&to=${period.to}`;
    const api = (await getJson<KpiBody>(`/api/stats/kpi?${range}&by=none`, leader)).rows[0]!.kpis;
    // the month is not empty: a bulletin of zeros would prove nothing
    expect(api.closureRate!.numerator).toBe(3);
    expect(api.validReportRate).toEqual({ numerator: 4, denominator: 5, value: 0.8 });
    expect(api.accurateDispatchRate!.value).toBeLessThan(1);
    expect(api.reworkRate!.numerator).toBe(1);

    const summary = wb.getWorksheet('通报')!;
    expect(summary.getCell('A1').value).toBe(`深圳市${Number(period.month.slice(0, 4))}年${Number(period.month.slice(5))}月城市管理监督考核通报`);
    IDS.forEach((kpiId, i) => {
      const row = summary.getRow(6 + i);
      expect(row.getCell(2).value, kpiId).toBe(KPIS[i]!.zh);
      expect(row.getCell(3).value ?? null, kpiId).toBe(api[kpiId]!.value);
      expect(row.getCell(4).value, kpiId).toBe(api[kpiId]!.numerator);
      expect(row.getCell(5).value, kpiId).toBe(api[kpiId]!.denominator);
      expect(row.getCell(3).numFmt).toBe('0.00%');
    });

    const checkRanking = async (sheet: string, by: string, kpi: string) => {
      const ranking = (await getJson<RankingBody>(`/api/stats/ranking?${range}&by=${by}&kpi=${kpi}`, leader)).rows.filter((r) => r.key !== '');
      const kpis = new Map((await getJson<KpiBody>(`/api/stats/kpi?${range}&by=${by}`, leader)).rows.map((r) => [r.key, r.kpis]));
      const ws = wb.getWorksheet(sheet)!;
      const rows = ranking.map((_, i) => ws.getRow(5 + i));
      expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value])).toEqual(ranking.map((r) => [r.rank, r.key]));
      for (const r of rows) {
        const want = kpis.get(String(r.getCell(2).value))!;
        IDS.forEach((kpiId, k) => {
          expect(r.getCell(4 + k).value ?? null, `${sheet} ${r.getCell(2).value} ${kpiId}`).toBe(want[kpiId]!.value);
          expect(r.getCell(4 + IDS.length + 2 * k).value).toBe(want[kpiId]!.numerator);
          expect(r.getCell(5 + IDS.length + 2 * k).value).toBe(want[kpiId]!.denominator);
        });
      }
      return ws;
    };
    const areas = await checkRanking('区域排名', 'district', 'onTimeClosureRate');
    expect(areas.getRow(5).getCell(3).value).toMatch(/^(罗湖区|福田区)$/);
    const departments = await checkRanking('部门排名', 'department', 'onTimeHandlingRate');
    expect([departments.getRow(5).getCell(3).value, departments.getRow(6).getCell(3).value].sort()).toEqual(['城管', '环卫']);
    expect(summary.pageSetup.paperSize).toBe(9);
    expect(summary.pageSetup.printTitlesRow).toBe('5:5');
  });

  it('narrows to the caller\'s district and ranks its streets; the print page shows the same figures', async () => {
    const districtLeader = await login(gw.url, 'leader-440303');
    const range = `from=${period.from}&to=${period.to}`;
    const api = (await getJson<KpiBody>(`/api/stats/kpi?${range}&by=none`, districtLeader)).rows[0]!.kpis;
    const res = await bulletin(`month=${period.month}`, districtLeader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain(`<h1 data-testid="bulletin-title">罗湖区${Number(period.month.slice(0, 4))}年${Number(period.month.slice(5))}月城市管理监督考核通报</h1>`);
    expect(html).toContain('罗湖区城市运行管理中心');
    for (const kpiId of IDS) {
      const row = new RegExp(`<tr data-kpi="${kpiId}">(.*?)</tr>`).exec(html)![1]!;
      const v = api[kpiId]!;
      expect(row, kpiId).toContain(`<td class="r">${v.value === null ? '—' : `${(v.value * 100).toFixed(2)}%`}</td><td class="r">${v.numerator} / ${v.denominator}</td>`);
    }
    const streets = (await getJson<RankingBody>(`/api/stats/ranking?${range}&by=street&kpi=onTimeClosureRate`, districtLeader)).rows;
    const printed = [...html.matchAll(/<tr data-code="(\d+)"><td class="c">(\d+)<\/td>/g)].map((m) => [Number(m[2]), m[1]]);
    expect(printed.slice(0, streets.length)).toEqual(streets.map((r) => [r.rank, r.key]));
    // the page's link to the workbook is the same bulletin
    const link = /href="([^"]+)" data-testid="bulletin-xlsx"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const xlsx = await fetch(`${gw.url}${link}`, { headers: { authorization: `Bearer ${districtLeader}` } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.getWorksheet('通报')!.getCell('B3').value).toBe('罗湖区（440303）');
  });

  it('is for leaders and duty officers, within their scope; bad parameters are named', async () => {
    expect((await bulletin('', duty)).status).toBe(200);
    for (const user of ['operator-4403', 'participant-4403']) {
      const r = await bulletin('', await login(gw.url, user));
      expect(r.status, user).toBe(403);
    }
    expect((await fetch(`${gw.url}/api/reports/bulletin`)).status).toBe(401);
    const outside = await bulletin('area=440304', duty);
    expect(outside.status).toBe(403);
    const bad = await bulletin('month=2026-13&format=pdf', leader);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { details: { path: string }[] };
    expect(body.details.map((d) => d.path).sort()).toEqual(['format', 'month']);
    const future = await bulletin('month=2999-01', leader);
    expect(future.status).toBe(400);
    expect(JSON.stringify(await future.json())).toContain('2999-01 has not begun');
    expect((await bulletin('area=440399', leader)).status).toBe(404);
  });
});
