// The city, district and street command centers in Chromium at 1920×1080 and 3840×2160, with
// live simulated data: each titled with its own scope's name, showing its own tier's layout and
// nothing of another district. Screenshots go to test-results/screens/ (not committed).
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { tempDir } from '../support/gateway-harness.js';
import { openScreen } from '../support/screen-session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test-results/screens');

const TIERS = [
  { user: 'leader-4403', scope: '4403', layout: 'city-command', title: '深圳市城市运行管理中心', subtitle: '市级指挥中心' },
  { user: 'leader-440303', scope: '440303', layout: 'district-command', title: '罗湖区城市运行管理中心', subtitle: '区级指挥中心' },
  { user: 'leader-440303001', scope: '440303001', layout: 'street-command', title: '桂园街道网格化治理指挥中心', subtitle: '街道指挥中心' },
] as const;

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;

describe('three tiers of command-center screens', () => {
  let browser: Browser;
  let gateway: ChildGateway;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    fs.mkdirSync(SHOTS, { recursive: true });
    gateway = await startChildGateway({
      PORT: String(await freePort()),
      GRIDCOMMAND_DATA_DIR: tempDir(),
      GRIDCOMMAND_SIM: '1',
      GRIDCOMMAND_SIM_RATE: '40',
      GRIDCOMMAND_SUMMARY_MS: '1000',
    }, 180_000);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  for (const tier of TIERS) {
    for (const size of SIZES) {
      it(`${tier.user} at ${size.width}×${size.height}: ${tier.title}, live, its own layout and area only`, async () => {
        const { context, page, problems } = await openScreen(browser, gateway.url, tier.user, size);
        try {
          await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
          await expect.poll(() => page.getByTestId('screen-title').innerText(), { timeout: 20_000 }).toBe(tier.title);
          expect(await page.getByTestId('screen-subtitle').innerText()).toContain(tier.subtitle);
          expect(await page.locator('.screen').getAttribute('data-layout')).toBe(tier.layout);
          expect(await page.getByTestId('scope').getAttribute('data-scope')).toBe(tier.scope);
          // live data: events of this scope arrive
          await expect.poll(() => page.locator('[data-testid="event-item"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
          const areas = await page.locator('[data-testid="event-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-area') ?? ''));
          expect(areas.filter((a) => !a.startsWith(tier.scope))).toEqual([]);
          // the header names the scope, never its code (the street screen showed 440303001)
          expect(await page.locator('.scope-name').innerText()).not.toMatch(/^\d+$/);
          if (size.width === 3840) {
            // every chart canvas has a backing store at least its on-screen size in device pixels
            const stores = await page.locator('canvas').evaluateAll((cs) =>
              (cs as HTMLCanvasElement[]).map((c) => {
                const r = c.getBoundingClientRect();
                return { w: c.width, h: c.height, cssW: c.offsetWidth, screenW: Math.floor(r.width * devicePixelRatio), screenH: Math.floor(r.height * devicePixelRatio) };
              }),
            );
            expect(stores.length).toBeGreaterThan(0);
            for (const c of stores) {
              // shown at twice its size in the 1080p design: the wall scales it up, so must its bitmap
              expect(c.screenW).toBeGreaterThanOrEqual(2 * c.cssW - 2);
              expect(c.w).toBeGreaterThanOrEqual(c.screenW);
              expect(c.h).toBeGreaterThanOrEqual(c.screenH);
            }
          }
          if (tier.layout === 'city-command') {
            // pointer coordinates stay right under the scale: the pie's ring answers a hover on it
            const pie = page.locator('[data-widget="category-chart"]').last().locator('.echart');
            const box = (await pie.boundingBox())!;
            const radius = (0.59 * Math.min(box.width, box.height)) / 2;
            await page.mouse.move(box.x + 0.36 * box.width, box.y + 0.52 * box.height - radius);
            await expect.poll(() => pie.locator('div', { hasText: '%' }).last().isVisible(), { timeout: 10_000 }).toBe(true);
            await page.mouse.move(1, 1);
          }
          await page.waitForTimeout(1500); // let the charts' entry animations settle for the picture
          const file = path.join(SHOTS, `${tier.layout}-${size.width}x${size.height}.png`);
          await page.screenshot({ path: file });
          console.log(`screenshot: ${path.relative(ROOT, file)}`);
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }, 150_000);
    }
  }
});
