// Linkage, with the real mouse. A district screen: a ranking row narrows the feed and the scope
// map to that row's street, and the breadcrumb back restores both. The city screen: a class
// (大类) picked on the category chart narrows the feed, ranking and map; 清除筛选 restores them.
// Then the gateway stops answering: every widget marks its data stale with its age, and clears
// the mark once data flows again.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { tempDir } from '../support/gateway-harness.js';
import { openScreen, type ScreenPage } from '../support/screen-session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/screens');
const DISTRICT = '440303';

/** the areas (street, else district) of the events the feed shows */
const feedAreas = (page: Page) => page.locator('[data-testid="event-item"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-area') ?? ''));

describe('linkage on the district and city screens', () => {
  let browser: Browser;
  let gateway: ChildGateway;
  let screen: ScreenPage | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    gateway = await startChildGateway(
      { PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: '30', GRIDCOMMAND_SUMMARY_MS: '1000' },
      180_000,
    );
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await screen?.context.close();
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('a ranking row narrows the feed and the map to its street; the breadcrumb restores both', async () => {
    screen = await openScreen(browser, gateway.url, 'leader-440303', { width: 1920, height: 1080 });
    const { page, problems } = screen;
    const map = page.getByTestId('scope-map');
    await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 120_000 }).toBe('live');
    await expect.poll(() => map.getAttribute('data-scope'), { timeout: 30_000 }).toBe(DISTRICT);
    await expect.poll(() => page.getByTestId('ranking').getAttribute('data-by'), { timeout: 30_000 }).toBe('street');
    // the whole district first: events of more than one street
    await expect.poll(async () => new Set(await feedAreas(page)).size, { timeout: 60_000 }).toBeGreaterThan(1);

    const row = page.locator('[data-testid="ranking-row"]').first();
    const street = (await row.getAttribute('data-key'))!;
    expect(street).toMatch(new RegExp(`^${DISTRICT}\\d{3}$`));
    await row.click();

    // narrowed: the map shows the street's communities, the feed only its events
    await expect.poll(() => map.getAttribute('data-scope'), { timeout: 30_000 }).toBe(street);
    expect(Number(await map.getAttribute('data-areas'))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('scope').getAttribute('data-scope'), { timeout: 30_000 }).toBe(street);
    await expect.poll(() => page.getByTestId('ranking').getAttribute('data-by'), { timeout: 30_000 }).toBe('community');
    await expect
      .poll(async () => {
        const areas = await feedAreas(page);
        return areas.length > 0 && areas.every((a) => a.startsWith(street));
      }, { timeout: 60_000 })
      .toBe(true);
    // and it stays narrowed while events keep arriving
    await page.waitForTimeout(2000);
    expect((await feedAreas(page)).filter((a) => !a.startsWith(street))).toEqual([]);

    // back up through the breadcrumb: the district's map and feed again
    await page.locator(`[data-testid="breadcrumb"] [data-scope="${DISTRICT}"]`).click();
    await expect.poll(() => map.getAttribute('data-scope'), { timeout: 30_000 }).toBe(DISTRICT);
    await expect.poll(() => page.getByTestId('scope').getAttribute('data-scope'), { timeout: 30_000 }).toBe(DISTRICT);
    await expect.poll(async () => (await feedAreas(page)).some((a) => !a.startsWith(street)), { timeout: 60_000 }).toBe(true);
    expect(page.url()).not.toContain('scope=');
    expect(problems).toEqual([]);
  }, 240_000);

  it('a class picked on the city screen\'s category chart narrows the feed, ranking and map; 清除筛选 restores them', async () => {
    const city = await openScreen(browser, gateway.url, 'leader-4403', { width: 1920, height: 1080 });
    try {
      const { page, problems } = city;
      const map = page.getByTestId('scope-map');
      const ranking = page.getByTestId('ranking');
      const feedClasses = () => page.locator('[data-testid="event-item"]').evaluateAll((els) => els.map((e) => (e.getAttribute('data-category') ?? '').slice(0, 2)));
      await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 120_000 }).toBe('live');
      await expect.poll(() => map.getAttribute('data-category'), { timeout: 30_000 }).toBe('');
      await expect.poll(() => ranking.getAttribute('data-category'), { timeout: 30_000 }).toBe('');
      await expect.poll(async () => new Set(await feedClasses()).size, { timeout: 60_000 }).toBeGreaterThan(1);

      // the pie's largest class starts at the top of its ring: click just right of 12 o'clock
      const pie = page.locator('[data-widget="category-chart"]').last().locator('.echart');
      const box = (await pie.boundingBox())!;
      const radius = (0.59 * Math.min(box.width, box.height)) / 2;
      await page.mouse.click(box.x + 0.36 * box.width + 6, box.y + 0.52 * box.height - radius);
      await expect.poll(() => pie.getAttribute('data-selected'), { timeout: 10_000 }).toMatch(/^\d{2}$/);
      const major = (await pie.getAttribute('data-selected'))!;

      await expect.poll(() => map.getAttribute('data-category'), { timeout: 30_000 }).toBe(major);
      await expect.poll(() => ranking.getAttribute('data-category'), { timeout: 30_000 }).toBe(major);
      await expect
        .poll(async () => {
          const classes = await feedClasses();
          return classes.length > 0 && classes.every((c) => c === major);
        }, { timeout: 30_000 })
        .toBe(true);
      expect(await page.getByTestId('clear-selection').innerText()).toContain('清除筛选');

      // back: 清除筛选 in the header restores every widget
      await page.getByTestId('clear-selection').click();
      await expect.poll(() => pie.getAttribute('data-selected'), { timeout: 10_000 }).toBe('');
      await expect.poll(() => map.getAttribute('data-category'), { timeout: 30_000 }).toBe('');
      await expect.poll(() => ranking.getAttribute('data-category'), { timeout: 30_000 }).toBe('');
      await expect.poll(async () => new Set(await feedClasses()).size, { timeout: 30_000 }).toBeGreaterThan(1);
      expect(problems).toEqual([]);
    } finally {
      await city.context.close();
    }
  }, 240_000);

  it('marks every widget stale while the gateway is away, with the age of its data, and clears the marks when it is back', async () => {
    const { page } = screen!;
    const panels = page.locator('.panel');
    const marks = page.getByTestId('stale-mark');
    const n = await panels.count();
    expect(n).toBeGreaterThan(5);
    await expect.poll(() => marks.count(), { timeout: 30_000 }).toBe(0);
    gateway.proc.kill('SIGSTOP'); // the process is there but says nothing: the socket falls silent
    try {
      await expect.poll(() => marks.count(), { timeout: 60_000 }).toBe(n);
      const texts = await marks.allInnerTexts();
      for (const text of texts) expect(text).toMatch(/^连接中断 · (\d+(秒|分钟)前|无数据)$/);
      expect(texts.some((x) => /\d+秒前/.test(x))).toBe(true);
      expect(await page.locator('.panel[data-stale="offline"]').count()).toBe(n);
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'district-command-stale-1920x1080.png') });
    } finally {
      gateway.proc.kill('SIGCONT');
    }
    await expect.poll(() => page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 120_000 }).toBe('live');
    await expect.poll(() => marks.count(), { timeout: 60_000 }).toBe(0);
  }, 300_000);
});
