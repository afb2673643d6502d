// The grid workers' phone app in Chromium with a phone profile (390×844, touch, a granted
// geolocation fixed on a street of 桂园街道), against a gateway run as `npm start` runs it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import type { CaseDetail } from '../../gateway/protocol/rest.js';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { login, postJson, tempDir } from '../support/gateway-harness.js';
import { pngImage } from '../support/images.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKER = 'worker-44030300100101'; // wkr-44030300100101, grid 44030300100101 of 桂园街道
const ON_THE_STREET = { longitude: 114.1015, latitude: 22.551 }; // inside that grid
const KEY = 'demo-source-440303';
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  geolocation: ON_THE_STREET,
  permissions: ['geolocation'],
  locale: 'zh-CN',
};

describe('the grid worker phone app', () => {
  let browser: Browser;
  let gateway: ChildGateway;
  let duty: string;
  let phone: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const get = async <T>(url: string, token = duty): Promise<T> => (await (await fetch(`${gateway.url}${url}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;

  /** A case a source reports at a point, accepted, filed and dispatched by duty-440303 to `assignee`. */
  async function dispatchedCase(lon: number, lat: number, assignee: string, title: string): Promise<EventView> {
    const id = `src-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const ev = { id, occurredAt: new Date().toISOString(), lon, lat, category: '0102', urgency: 'normal', title, reporter: { kind: 'hotline', id: '12345' } };
    expect((await postJson(`${gateway.url}/api/ingest/events`, { events: [ev] }, KEY)).status).toBe(200);
    const { events } = await get<{ events: EventView[] }>('/api/events?limit=50');
    const v = events.find((e) => e.sourceId === id)!;
    for (const [action, extra] of [['accept', {}], ['file', {}], ['dispatch', { assignee }]] as const) {
      const r = await postJson(`${gateway.url}/api/events/${v.id}/transitions`, { action, ...extra }, duty);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    return v;
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/m/index.html'))) throw new Error('build the screen first: npm run build');
    gateway = await startChildGateway({ PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_SIM: '0' });
    duty = await login(gateway.url, 'duty-440303');
    browser = await launchChromium();
    phone = await browser.newContext(PHONE);
    page = await phone.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('signs a worker in on the phone: my dispatched case, started, fed back with a photo resized on the phone; the duty screen shows both', async () => {
    const mine = await dispatchedCase(114.101901, 22.552146, 'wkr-44030300100101', '人行道暴露垃圾');
    await page.goto(`${gateway.url}/m/`);
    await page.locator('input[name=username]').fill(WORKER);
    await page.locator('input[name=password]').fill('gridcommand-demo');
    await page.locator('button[type=submit]').tap();

    const task = page.locator(`[data-testid=task][data-id="${mine.id}"]`);
    await expect.poll(() => task.count(), { timeout: 20_000 }).toBe(1);
    expect(await task.innerText()).toContain('人行道暴露垃圾');
    expect(await task.getByTestId('sla').innerText()).toMatch(/剩余|超期/);
    // nearest first: the distance from the fixed position is shown
    await expect.poll(() => task.getByTestId('distance').count(), { timeout: 10_000 }).toBe(1);
    await task.tap();
    await expect.poll(() => page.getByTestId('case-status').innerText(), { timeout: 10_000 }).toBe('已派遣');
    expect(await page.getByTestId('light-map').isVisible()).toBe(true);

    await page.getByTestId('action-start').tap();
    await expect.poll(() => page.getByTestId('case-status').innerText(), { timeout: 15_000 }).toBe('处置中');
    await page.getByTestId('action-feedback').tap();
    await page.getByTestId('case-note').fill('已清理完毕');
    // a camera-sized picture: the phone sends it at most 1600 px on its long side, as JPEG
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: pngImage(2400, 1800) });
    await expect.poll(() => page.getByTestId('photo-thumb').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('case-submit').tap();
    await expect.poll(() => page.getByTestId('case-status').innerText(), { timeout: 20_000 }).toBe('已处置');

    const d = await get<CaseDetail>(`/api/events/${mine.id}`);
    expect(d.status).toBe('HANDLED');
    const last = d.timeline.at(-1)!;
    expect(last).toMatchObject({ action: 'feedback', actor: { kind: 'worker', id: 'wkr-44030300100101' }, note: '已清理完毕' });
    expect(last.attachments).toHaveLength(1);
    expect(last.attachments[0]).toMatch(/^\/api\/media\/[0-9a-f]{64}\.jpg$/);

    // the duty officer's screen: the case panel shows the new state and the photo
    const dutyPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    dutyPage.on('pageerror', (e) => errors.push(e.message));
    await dutyPage.goto(gateway.url);
    await dutyPage.getByTestId('login-username').fill('duty-440303');
    await dutyPage.getByTestId('login-password').fill('gridcommand-demo');
    await dutyPage.getByTestId('login-submit').click();
    const item = dutyPage.locator(`[data-testid=event-item][data-id="${mine.id}"]`);
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
    await item.click();
    await expect.poll(() => dutyPage.getByTestId('case-panel-status').innerText(), { timeout: 15_000 }).toBe('已处置');
    const photo = dutyPage.getByTestId('case-panel-photo');
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 }).toBe(1600);
    await dutyPage.close();
  }, 180_000);

  it('queues a report made offline, shows it waiting, and stores it exactly once when the network returns', async () => {
    await page.getByTestId('tab-report').tap();
    await expect.poll(() => page.getByTestId('report-location').count(), { timeout: 15_000 }).toBe(1);
    await phone.setOffline(true);
    await page.locator('[data-testid=major-classes] button[data-code="01"]').tap();
    await page.locator('[data-testid=minor-classes] button[data-code="0102"]').tap();
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: pngImage(1200, 900, { seed: 3 }) });
    await expect.poll(() => page.getByTestId('photo-thumb').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('report-description').fill('桂园路口垃圾堆放');
    await page.getByTestId('urgent').tap();
    await page.getByTestId('report-submit').tap();
    await expect.poll(() => page.getByTestId('report-notice').innerText()).toContain('联网后');

    await page.getByTestId('tab-me').tap();
    expect(await page.getByTestId('offline').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(1);
    expect(await page.getByTestId('waiting-count').innerText()).toContain('1');
    // trying while offline changes nothing but the count of attempts
    await page.getByTestId('send-now').tap();
    await expect.poll(() => page.getByTestId('outbox-item').innerText(), { timeout: 10_000 }).toMatch(/已尝试 [1-9]/);
    const before = await get<{ events: EventView[] }>('/api/events?limit=500');
    expect(before.events.filter((e) => e.source === WORKER)).toEqual([]);

    await phone.setOffline(false);
    await expect.poll(() => page.getByTestId('outbox-empty').count(), { timeout: 30_000 }).toBe(1);
    const after = await get<{ events: EventView[] }>('/api/events?limit=500');
    const reported = after.events.filter((e) => e.source === WORKER);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ category: '0102', urgency: 'urgent', status: 'REPORTED', gridCode: '44030300100101' });
    const d = await get<CaseDetail>(`/api/events/${reported[0]!.id}`);
    expect(d).toMatchObject({ description: '桂园路口垃圾堆放' });
    expect(d.media).toHaveLength(1);
    // sending it again (a phone that never heard the answer) is a duplicate, not a second case
    const worker = await login(gateway.url, WORKER);
    const again = await postJson(`${gateway.url}/api/reports`, { id: reported[0]!.sourceId, occurredAt: new Date().toISOString(), lon: ON_THE_STREET.longitude, lat: ON_THE_STREET.latitude, category: '0102' }, worker);
    expect(again.body).toMatchObject({ duplicate: true, event: { id: reported[0]!.id } });
    expect((await get<{ events: EventView[] }>('/api/events?limit=500')).events.filter((e) => e.source === WORKER)).toHaveLength(1);
  }, 120_000);

  it('opens offline: the app itself is kept by its service worker, with what it last showed', async () => {
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await phone.setOffline(true);
    await page.reload();
    await expect.poll(() => page.getByTestId('offline').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid=task]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await phone.setOffline(false);
    await page.reload();
    await expect.poll(() => page.getByTestId('offline').count(), { timeout: 15_000 }).toBe(0);
  }, 60_000);

  it('sends positions while on duty', async () => {
    await page.getByTestId('tab-me').tap();
    await page.getByTestId('duty-switch').tap();
    await expect.poll(async () => (await get<{ positions: { workerId: string; lon: number; lat: number }[] }>('/api/positions?worker=wkr-44030300100101')).positions, { timeout: 20_000 }).toEqual([
      expect.objectContaining({ workerId: 'wkr-44030300100101', lon: ON_THE_STREET.longitude, lat: ON_THE_STREET.latitude }),
    ]);
    await page.getByTestId('duty-switch').tap();
  }, 60_000);

  it('keeps a worker out of another grid\'s case (404) and off a colleague\'s case (403)', async () => {
    const otherGrid = await dispatchedCase(114.106888, 22.552742, 'wkr-44030300100201', '另一网格');
    const colleagues = await dispatchedCase(114.1012, 22.55, 'wkr-44030300100102', '同网格他人任务');
    // the phone's own session (its cookie), as the app calls the gateway
    expect((await phone.request.get(`${gateway.url}/api/events/${otherGrid.id}`)).status()).toBe(404);
    const r = await phone.request.post(`${gateway.url}/api/events/${colleagues.id}/transitions`, { data: { action: 'start' } });
    expect(r.status()).toBe(403);
    expect(await r.json()).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect(errors).toEqual([]);
  }, 60_000);
});
