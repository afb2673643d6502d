// The duty officer dispatches from the map: a real mouse click on the Cesium canvas picks the
// case (at 1920×1080 and on a 4K panel, where the 1080p design canvas is scaled ×2), the panel
// takes it through accept → file → dispatch to the nearest on-duty worker; a leader's screen of
// the same district shows the new state within a second; a screen of another street never
// sees the case.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { anEvent, login, postJson, tempDir } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE = 'demo-source-4403';
// On-duty grid workers of 罗湖区 (datasets/shenzhen/workers.json), outside 桂园街道 (440303001)
const NEAR = { id: 'wkr-44030300200101', lon: 114.1350, lat: 22.5578 };
const FAR = { id: 'wkr-44030300200102', lon: 114.1437, lat: 22.5633 };
const CASE_AT = { lon: 114.1348, lat: 22.5576 };
const DECOY_AT = { lon: 114.1200, lat: 22.5480 };
// a point of 桂园街道, for the control case the other street's screen must see
const OTHER_STREET_AT = { lon: 114.1019, lat: 22.5521 };

interface Watch {
  dispatchedAt: number | null;
  seen: boolean;
}

async function signIn(browser: Browser, url: string, user: string, to: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  // SwiftShader draws a frame in seconds on a loaded machine: every wait is generous
  page.setDefaultTimeout(120_000);
  await page.goto(`${url}/login?redirect=${encodeURIComponent(to)}`);
  await page.getByTestId('login-username').fill(user);
  await page.getByTestId('login-password').fill('gridcommand-demo');
  await page.getByTestId('login-submit').click();
  await page.waitForSelector('[data-testid="conn-status"][data-state="live"]', { timeout: 420_000 });
  return page;
}

/** Records, inside the page, when an event's feed badge first reads `status` and whether the event ever appeared. */
function watchFeed(page: Page, id: string, status: string): Promise<void> {
  return page.evaluate(
    ([id, status]) => {
      const w = { dispatchedAt: null as number | null, seen: false };
      (window as unknown as { watch: Record<string, typeof w> }).watch ??= {};
      (window as unknown as { watch: Record<string, typeof w> }).watch[id!] = w;
      const check = () => {
        const item = document.querySelector(`[data-id="${id}"]`);
        if (item) w.seen = true;
        if (w.dispatchedAt === null && item?.querySelector('.badge')?.textContent?.trim() === status) w.dispatchedAt = Date.now();
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
      check();
    },
    [id, status],
  );
}

const watched = (page: Page, id: string) => page.evaluate((id) => (window as unknown as { watch: Record<string, Watch> }).watch[id]!, id);

describe('dispatch from the sandbox', () => {
  let browser: Browser;
  let gw: ChildGateway;
  let leader: Page;
  let otherStreet: Page;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npx vite build');
    gw = await startChildGateway({ PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_SUMMARY_MS: '1000' });
    const now = new Date().toISOString();
    const r = await postJson(`${gw.url}/api/ingest/positions`, { positions: [{ workerId: NEAR.id, ts: now, lon: NEAR.lon, lat: NEAR.lat }, { workerId: FAR.id, ts: now, lon: FAR.lon, lat: FAR.lat }] }, SOURCE);
    expect(r.status).toBe(200);
    browser = await launchChromium();
    leader = await signIn(browser, gw.url, 'leader-440303', '/screen');
    otherStreet = await signIn(browser, gw.url, 'leader-440303001', '/screen');
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    gw?.proc.kill('SIGKILL');
  });

  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 3840, height: 2160 },
  ]) {
    it(`duty-440303 picks a case with a mouse click at ${viewport.width}×${viewport.height} and dispatches it to the nearest worker`, async () => {
      const duty = await signIn(browser, gw.url, 'duty-440303', '/sandbox', viewport);
      try {
        const errors: string[] = [];
        duty.on('pageerror', (e) => errors.push(e.message));
        await duty.waitForSelector('.sandbox[data-phase="ready"], .sandbox[data-phase="failed"]', { timeout: 420_000 });
        expect(await duty.locator('.sandbox .veil').allInnerTexts()).toEqual([]);
        expect(Number(await duty.locator('.sandbox').getAttribute('data-buildings'))).toBeGreaterThan(1000);

        const title = `井盖缺失 ${viewport.width}`;
        const ev = anEvent(CASE_AT.lon, CASE_AT.lat, { title, urgency: 'urgent' });
        const decoy = anEvent(DECOY_AT.lon, DECOY_AT.lat, { title: `decoy ${viewport.width}` });
        const control = anEvent(OTHER_STREET_AT.lon, OTHER_STREET_AT.lat, { title: `control ${viewport.width}` });
        const ingest = await postJson(`${gw.url}/api/ingest/events`, { events: [ev, decoy, control] }, SOURCE);
        expect(ingest.status).toBe(200);
        const token = await login(gw.url, 'leader-4403');
        const list = (await (await fetch(`${gw.url}/api/events?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { events: { id: string; sourceId: string; streetCode: string }[] };
        const bySource = new Map(list.events.map((e) => [e.sourceId, e]));
        const caseId = bySource.get(ev.id)!.id;
        const controlId = bySource.get(control.id)!.id;
        // the case lies in 罗湖区 outside 桂园街道; the control inside it
        expect(bySource.get(ev.id)!.streetCode).toMatch(/^440303(?!001)/);
        expect(bySource.get(control.id)!.streetCode).toBe('440303001');
        await watchFeed(leader, caseId, '已派遣');
        await watchFeed(otherStreet, caseId, '已派遣');
        await watchFeed(otherStreet, controlId, '');

        // the case's point is drawn; click where Cesium draws it
        await expect.poll(() => duty.evaluate((id) => (window as unknown as { gcSandbox: { eventLook(id: string): string | null } }).gcSandbox.eventLook(id), caseId), { timeout: 30_000 }).toMatch(/^REPORTED\|urgent/);
        const at = await duty.evaluate(([lon, lat]) => (window as unknown as { gcSandbox: { project(lon: number, lat: number): { x: number; y: number } | null } }).gcSandbox.project(lon!, lat!), [CASE_AT.lon, CASE_AT.lat]);
        expect(at).not.toBeNull();
        await duty.mouse.click(at!.x, at!.y);
        const panel = duty.locator('[data-test="dispatch-panel"]');
        await expect.poll(() => panel.locator('h3').innerText(), { timeout: 30_000 }).toBe(title);

        // the loop: accept, file, then dispatch to the nearest on-duty worker
        await panel.locator('[data-action="accept"]').click();
        await expect.poll(() => panel.getAttribute('data-status'), { timeout: 30_000 }).toBe('ACCEPTED');
        await panel.locator('[data-action="file"]').click();
        await expect.poll(() => panel.getAttribute('data-status'), { timeout: 30_000 }).toBe('FILED');
        const first = panel.locator('[data-worker]').first();
        await expect.poll(() => first.getAttribute('data-worker'), { timeout: 30_000 }).toBe(NEAR.id);
        expect(await first.locator('input').isChecked()).toBe(true);
        await panel.locator('textarea').fill('请尽快到场处置');
        await panel.locator('[data-action="dispatch"]').click();
        await expect.poll(() => panel.getAttribute('data-status'), { timeout: 30_000 }).toBe('DISPATCHED');
        expect(await panel.locator('.timeline').innerText()).toContain(NEAR.id);

        // the leader's screen of 罗湖区 shows it within a second of the dispatch's answer
        const answeredAt = await duty.evaluate(() => {
          const r = performance.getEntriesByType('resource').filter((e) => e.name.includes('/transitions')).at(-1) as PerformanceResourceTiming;
          return performance.timeOrigin + r.responseEnd;
        });
        await expect.poll(async () => (await watched(leader, caseId)).dispatchedAt, { timeout: 10_000 }).not.toBeNull();
        const lag = (await watched(leader, caseId)).dispatchedAt! - answeredAt;
        console.log(`${viewport.width}×${viewport.height}: dispatch answered → leader screen shows 已派遣 in ${Math.round(lag)} ms`);
        expect(lag).toBeLessThan(1000);
        // and the duty officer's own map restyles the point
        await expect.poll(() => duty.evaluate((id) => (window as unknown as { gcSandbox: { eventLook(id: string): string | null } }).gcSandbox.eventLook(id), caseId), { timeout: 10_000 }).toMatch(/^DISPATCHED/);

        // the screen of 桂园街道 got its own control case but nothing of the dispatched one
        await expect.poll(async () => (await watched(otherStreet, controlId)).seen, { timeout: 10_000 }).toBe(true);
        expect((await watched(otherStreet, caseId)).seen).toBe(false);
        expect(errors).toEqual([]);
      } finally {
        await duty.context().close();
      }
    }, 1_200_000);
  }
});
