import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import { launchChromium } from '../support/browser.js';
import { anEvent, login, postJson, startTestGateway, tempDir, type Gateway } from '../support/gateway-harness.js';

describe('the bulletin\'s print page in Chromium', () => {
  let gw: Gateway;
  let browser: Browser;

  beforeAll(async () => {
    gw = await startTestGateway();
    browser = await launchChromium();
    const now = new Date().toISOString();
    const events = [anEvent(114.11, 22.55, { occurredAt: now }), anEvent(114.15, 22.59, { occurredAt: now }), anEvent(114.02, 22.52, { occurredAt: now })];
    expect((await postJson(`${gw.url}/api/ingest/events`, { events }, 'demo-source-4403')).status).toBe(200);
    const duty = await login(gw.url, 'duty-4403');
    const list = (await (await fetch(`${gw.url}/api/events`, { headers: { authorization: `Bearer ${duty}` } })).json()) as { events: EventView[] };
    for (const e of list.events.slice(0, 2)) {
      for (const [action, extra] of [['accept'], ['file'], ['dispatch', { assignee: 'CG' }], ['start'], ['feedback'], ['check'], ['pass']] as [string, object?][]) {
        const who = action === 'start' || action === 'feedback' ? 'demo-source-4403' : duty;
        expect((await postJson(`${gw.url}/api/events/${e.id}/transitions`, { action, ...extra }, who)).status).toBe(200);
      }
    }
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('prints on A4 without the screen\'s toolbar, table heads repeating, and looks like a bulletin on screen', async () => {
    const token = await login(gw.url, 'leader-4403');
    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 }, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const res = await page.goto(`${gw.url}/api/reports/bulletin?month=${month}`);
    expect(res!.status()).toBe(200);
    expect(await page.getByTestId('bulletin-title').innerText()).toMatch(/^深圳市\d{4}年\d{1,2}月城市管理监督考核通报$/);
    expect(await page.locator('[data-testid="bulletin-kpis"] tbody tr').count()).toBe(11);
    expect(await page.locator('[data-testid="bulletin-areas"] tbody tr').count()).toBe(2); // 罗湖区, 福田区
    expect(await page.getByTestId('bulletin-xlsx').isVisible()).toBe(true);
    const dir = tempDir('gc-bulletin-');
    await page.screenshot({ path: path.join(dir, 'screen.png'), fullPage: true });

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('bulletin-xlsx').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="bulletin-kpis"] thead').evaluate((e) => getComputedStyle(e).display)).toBe('table-header-group');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);
    fs.writeFileSync(path.join(dir, 'bulletin.pdf'), pdf);
    await page.screenshot({ path: path.join(dir, 'print.png'), fullPage: true });
    console.log(`bulletin: ${dir} (${pages} A4 pages)`);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
