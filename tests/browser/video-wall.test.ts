import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { tempDir } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Each tile's camera, player state, status and video time. */
function tiles(page: Page) {
  return page.locator('[data-testid="video-tile"]').evaluateAll((els) =>
    els.map((el) => {
      const v = el.querySelector('video')!;
      return { camera: el.getAttribute('data-camera')!, state: el.getAttribute('data-state'), status: el.getAttribute('data-status'), t: v.currentTime, src: v.getAttribute('src'), ready: v.readyState };
    }),
  );
}
const decoders = async (page: Page) => Number(await page.getByTestId('video-wall').getAttribute('data-decoders'));

async function setHidden(page: Page, hidden: boolean): Promise<void> {
  // headless Chromium keeps a lone page visible: the page's own visibility API is overridden and
  // the real event dispatched, so the wall's handler runs as it would when the window is hidden
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

describe('the video wall in Chromium, over the demo cameras’ live streams', () => {
  let browser: Browser;
  let gateway: ChildGateway;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    gateway = await startChildGateway({ PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: '1', GRIDCOMMAND_CAMERA_CHECK_MS: '0' }, 300_000);
    browser = await launchChromium();
  }, 400_000);
  afterAll(async () => {
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('plays 16 tiles, holds no decoder for a hidden page or another wall page, and shows a dead stream offline until it returns', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${gateway.url}/login`);
    await page.getByTestId('login-username').fill('leader-440303');
    await page.getByTestId('login-password').fill('gridcommand-demo');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/screen/);
    await page.goto(`${gateway.url}/video-wall?tiles=16&pageSeconds=0`);

    // 16 tiles play: each one's currentTime advances
    await expect.poll(async () => (await tiles(page)).filter((t) => t.state === 'playing').length, { timeout: 90_000, interval: 1000 }).toBe(16);
    const before = await tiles(page);
    expect(await decoders(page)).toBe(16);
    await page.waitForTimeout(4000);
    const after = await tiles(page);
    for (const [i, t] of after.entries()) expect(t.t, `tile ${t.camera}`).toBeGreaterThan(before[i]!.t + 1);
    const firstPage = new Set(after.map((t) => t.camera));

    // the next wall page: the first page's tiles are gone with their players, never more than 16 alive
    await page.getByTestId('video-next').click();
    await expect.poll(async () => (await tiles(page)).filter((t) => !firstPage.has(t.camera)).length, { timeout: 10_000 }).toBe(16);
    await expect.poll(async () => (await tiles(page)).filter((t) => t.state === 'playing').length, { timeout: 90_000, interval: 1000 }).toBe(16);
    expect(Number(await page.getByTestId('video-wall').getAttribute('data-decoders-peak'))).toBeLessThanOrEqual(16);

    // a hidden page holds no decoder: every player destroyed, every video element without a source
    await setHidden(page, true);
    await expect.poll(() => decoders(page), { timeout: 10_000 }).toBe(0);
    // (an element with no source attribute and nothing loaded: HAVE_NOTHING)
    expect((await tiles(page)).filter((t) => !['idle', 'offline'].includes(t.state!) || t.src !== null || t.ready !== 0)).toEqual([]);
    await setHidden(page, false);
    await expect.poll(async () => (await tiles(page)).filter((t) => t.state === 'playing').length, { timeout: 90_000, interval: 1000 }).toBe(16);

    // one clip's streams start answering 404: its tiles say offline, the others play on; it returns and they recover
    const shown = await page.locator('[data-testid="video-tile"]').first().getAttribute('data-camera');
    const url = await page.evaluate(async (id) => {
      const r = await fetch('/api/cameras', { credentials: 'include' });
      return ((await r.json()) as { cameras: { id: string; hlsUrl: string }[] }).cameras.find((c) => c.id === id)!.hlsUrl;
    }, shown);
    expect(url).toMatch(/^\/video\/live\/clips\/\w+\/index\.m3u8$/);
    await page.route(`**${url}`, (route) => route.fulfill({ status: 404, body: 'gone' }));
    const tile = page.locator(`[data-testid="video-tile"][data-camera="${shown}"]`);
    await expect.poll(() => tile.getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('offline');
    expect(await tile.getByTestId('video-status').innerText()).toContain('离线');
    expect((await tiles(page)).filter((t) => t.state === 'playing').length).toBeGreaterThan(0);
    await page.unroute(`**${url}`);
    await expect.poll(() => tile.getAttribute('data-state'), { timeout: 60_000, interval: 500 }).toBe('playing');
    expect(await tile.getAttribute('data-status')).toBe('online');
    expect(await decoders(page)).toBeLessThanOrEqual(16);
    expect(errors).toEqual([]);
  }, 400_000);
});
