import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { tempDir } from '../support/gateway-harness.js';
import { buildHangzhou } from '../support/built-city.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm start on a city built from its DataV districts (GRIDCOMMAND_DATASET)', () => {
  let browser: Browser;
  let gateway: ChildGateway;
  let dataDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    dataDir = tempDir();
    gateway = await startChildGateway({
      PORT: String(await freePort()),
      GRIDCOMMAND_DATA_DIR: dataDir,
      GRIDCOMMAND_DATASET: await buildHangzhou(),
      GRIDCOMMAND_SIM: '1',
      GRIDCOMMAND_SIM_RATE: '20',
      GRIDCOMMAND_SUMMARY_MS: '1000',
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('prints its own demo login, titles the login page and the screen with the city\'s name, and shows its simulated events', async () => {
    expect(gateway.output()).toContain('demo login: leader-3301 / gridcommand-demo');
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(gateway.url);
    await expect.poll(() => page.getByTestId('login-title').innerText(), { timeout: 20_000 }).toBe('杭州市城市运行管理中心');
    expect(await page.locator('.hint').innerText()).toContain('leader-3301');
    await page.getByTestId('login-username').fill('leader-3301');
    await page.getByTestId('login-password').fill('gridcommand-demo');
    await page.getByTestId('login-submit').click();

    await expect.poll(() => page.getByTestId('screen-title').innerText(), { timeout: 20_000 }).toBe('杭州市城市运行管理中心');
    await expect.poll(() => page.locator('.scope-name').innerText(), { timeout: 20_000 }).toBe('杭州市');
    await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => page.locator('[data-testid="event-item"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // the feed names the built city's streets (from the national tables), not Shenzhen's
    const feed = await page.locator('[data-testid="event-item"]').first().innerText();
    expect(feed).not.toMatch(/深圳|罗湖|福田/);
    await page.screenshot({ path: path.join(dataDir, 'hangzhou.png') });
    console.log(`screenshot: ${path.join(dataDir, 'hangzhou.png')}`);

    // English: the city's English name
    await page.locator('.head .btn').first().click();
    await expect.poll(() => page.getByTestId('screen-title').innerText()).toBe('Hangzhou City Operations Center');
    expect(errors).toEqual([]);
  }, 120_000);
});
