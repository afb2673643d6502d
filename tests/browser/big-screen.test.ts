import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { tempDir } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function maxSeq(page: Page): Promise<number> {
  const seqs = await page.locator('[data-testid="event-item"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  return seqs.length ? Math.max(...seqs) : 0;
}

describe('the big screen in Chromium, served as npm start serves it', () => {
  let browser: Browser;
  let gateway: ChildGateway;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    env = {
      PORT: String(await freePort()),
      GRIDCOMMAND_DATA_DIR: tempDir(),
      GRIDCOMMAND_SIM: '1',
      GRIDCOMMAND_SIM_RATE: '20',
      GRIDCOMMAND_SUMMARY_MS: '1000',
    };
    gateway = await startChildGateway(env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('logs in, shows simulated events arriving live, marks stale data when the gateway goes away and resumes without duplicates', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(gateway.url);

    await page.getByTestId('login-username').fill('leader-4403');
    await page.getByTestId('login-password').fill('wrong');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').isVisible()).toBe(true);
    await page.getByTestId('login-password').fill('gridcommand-demo');
    await page.getByTestId('login-submit').click();

    const status = page.getByTestId('conn-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => page.locator('[data-testid="event-item"]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const first = await maxSeq(page);
    // new simulated events keep arriving without a reload
    await expect.poll(() => maxSeq(page), { timeout: 20_000 }).toBeGreaterThan(first);
    await expect.poll(async () => Number(await page.getByTestId('count-total').innerText()), { timeout: 20_000 }).toBeGreaterThan(0);
    // the alert list and the alarm counts render; a leader may read alerts but not acknowledge them
    await expect.poll(() => page.getByTestId('alert-list').isVisible()).toBe(true);
    // each count is rendered as a whole number (a missing or broken attribute fails)
    expect(await page.getByTestId('open-alert-count').getAttribute('data-count')).toMatch(/^\d+$/);
    expect(await page.getByTestId('overdue-count').getAttribute('data-count')).toMatch(/^\d+$/);
    expect(await page.getByTestId('alert-ack').count()).toBe(0);
    await page.screenshot({ path: path.join(env.GRIDCOMMAND_DATA_DIR!, 'live.png') });

    // the gateway dies: the screen keeps its data and says it is stale
    gateway.proc.kill('SIGKILL');
    await gateway.exited;
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('stale');
    expect(await page.locator('[data-testid="event-item"]').count()).toBeGreaterThan(0);
    const beforeRestart = await maxSeq(page);

    // it comes back on the same address: the screen resumes from its last seq, live again, each event once
    gateway = await startChildGateway(env);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    await expect.poll(() => maxSeq(page), { timeout: 30_000 }).toBeGreaterThan(beforeRestart);
    const ids = await page.locator('[data-testid="event-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(errors).toEqual([]);
  }, 180_000);

  it('shows a duty officer the alert list, and acknowledges an open alert when there is one', async () => {
    if (gateway.proc.exitCode !== null || gateway.proc.signalCode !== null) gateway = await startChildGateway(env);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(gateway.url);
    await page.getByTestId('login-username').fill('duty-4403');
    await page.getByTestId('login-password').fill('gridcommand-demo');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');

    // Alerts the simulator raises take minutes: the list shows either its empty state or items.
    const list = page.getByTestId('alert-list');
    await expect.poll(() => list.isVisible(), { timeout: 20_000 }).toBe(true);
    const items = list.locator('[data-testid="alert-item"]');
    await expect
      .poll(async () => (await items.count()) > 0 || (await page.getByTestId('alert-empty').isVisible()), { timeout: 20_000 })
      .toBe(true);
    for (const kind of await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))) {
      expect(['overdue', 'threshold', 'surge']).toContain(kind);
    }

    const open = items.filter({ has: page.getByTestId('alert-ack') }).first();
    if ((await open.count()) > 0) {
      const id = await open.getAttribute('data-id');
      await open.getByTestId('alert-ack').click();
      await expect
        .poll(() => list.locator(`[data-testid="alert-item"][data-id="${id}"]`).getAttribute('data-state'), { timeout: 10_000 })
        .toBe('acked');
    }
    expect(errors).toEqual([]);
  }, 120_000);
});
