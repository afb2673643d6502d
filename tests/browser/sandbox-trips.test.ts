// A grid worker's trajectory over the last minutes, drawn by deck.gl's TripsLayer over the
// Cesium city: the path is drawn where Cesium places its fixes, and moving the time slider
// moves its head. "Drawn" is deck.gl's own picking at the pixel Cesium projects the point to,
// so the overlay must also be in step with the camera.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { postJson, tempDir } from '../support/gateway-harness.js';
import { openSandbox } from '../support/screen-session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKER = 'wkr-44030300200101';
const START = { lon: 114.128, lat: 22.5578 };
/** one fix a minute for ten minutes, 0.001° (≈100 m) east each */
const FIXES = 11;
const fix = (k: number) => ({ lon: START.lon + 0.001 * k, lat: START.lat });

interface Probe {
  tripsDrawnAt(lon: number, lat: number): boolean;
  tripPeriod(): { fromMs: number; toMs: number; trips: number } | null;
}
const drawn = (page: Page, p: { lon: number; lat: number }) =>
  page.evaluate(([lon, lat]) => (window as unknown as { gcSandbox: Probe }).gcSandbox.tripsDrawnAt(lon!, lat!), [p.lon, p.lat]);

describe('worker trajectories on the sandbox', () => {
  let browser: Browser;
  let gw: ChildGateway;
  let t0 = 0;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npx vite build');
    gw = await startChildGateway({ PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir() });
    t0 = Date.now();
    const positions = Array.from({ length: FIXES }, (_, k) => ({ workerId: WORKER, ts: new Date(t0 - (FIXES - 1 - k) * 60_000).toISOString(), ...fix(k) }));
    expect((await postJson(`${gw.url}/api/ingest/positions`, { positions }, 'demo-source-4403')).status).toBe(200);
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    gw?.proc.kill('SIGKILL');
  });

  it('draws the path of the last minutes and moves its head with the slider', async () => {
    const { page, errors } = await openSandbox(browser, gw.url, 'duty-440303');
    expect(await page.locator('.sandbox .veil').allInnerTexts()).toEqual([]);

    await page.locator('[data-test="trips"]').click();
    const slider = page.locator('[data-test="trip-time"]');
    await slider.waitFor();
    const period = (await page.evaluate(() => (window as unknown as { gcSandbox: Probe }).gcSandbox.tripPeriod()))!;
    expect(period.trips).toBe(1);
    const secondsAt = (k: number) => Math.round((t0 - (FIXES - 1 - k) * 60_000 - period.fromMs) / 1000);

    // head at the fourth fix: the path behind it is drawn (between fixes too), the part ahead is not
    await slider.fill(String(secondsAt(3)));
    await expect.poll(() => drawn(page, fix(3)), { timeout: 60_000 }).toBe(true);
    expect(await drawn(page, { lon: (fix(1).lon + fix(2).lon) / 2, lat: START.lat })).toBe(true);
    expect(await drawn(page, fix(8))).toBe(false);

    // moving the slider moves the head
    await slider.fill(String(secondsAt(8)));
    await expect.poll(() => drawn(page, fix(8)), { timeout: 60_000 }).toBe(true);
    expect(await drawn(page, fix(10))).toBe(false);
    expect(errors).toEqual([]);
  }, 1_200_000);
});
