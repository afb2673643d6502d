// A 2×1 spliced wall: two browser contexts, each a tile drawing its half of the city screen;
// a selection made in one tile shows in the other within a second, through the gateway.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { tempDir } from '../support/gateway-harness.js';
import { openScreen, type ScreenPage } from '../support/screen-session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/screens');

describe('a 2×1 wall in two browser contexts', () => {
  let browser: Browser;
  let gateway: ChildGateway;
  const tiles: ScreenPage[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    fs.mkdirSync(SHOTS, { recursive: true });
    gateway = await startChildGateway({ PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: '20' }, 180_000);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    for (const t of tiles) await t.context.close();
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('draws one screen across both tiles and mirrors a selection within a second', async () => {
    for (const tile of ['0,0', '0,1']) {
      tiles.push(await openScreen(browser, gateway.url, 'leader-4403', { path: `/screen?wall=hall&rows=1&cols=2&tile=${tile}`, width: 960, height: 1080 }));
    }
    const [left, right] = tiles as [ScreenPage, ScreenPage];
    for (const t of tiles) await expect.poll(() => t.page.getByTestId('conn-status').getAttribute('data-state'), { timeout: 90_000 }).toBe('live');
    // each tile shows its own half: the left one the header's scope, the right one the event feed
    expect(await left.page.locator('.scope-name').isVisible()).toBe(true);
    const feedBox = await right.page.getByTestId('event-feed').boundingBox();
    expect(feedBox!.x).toBeGreaterThan(300);
    expect(feedBox!.x + feedBox!.width).toBeLessThanOrEqual(960);
    const leftFeed = await left.page.getByTestId('event-feed').boundingBox();
    expect(leftFeed!.x).toBeGreaterThanOrEqual(960); // off the left tile

    await expect.poll(() => right.page.locator('[data-testid="event-item"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const item = right.page.locator('[data-testid="event-item"]').first();
    // timed inside the pages (one browser, one clock): from the click's dispatch in the right tile
    // to the left tile's header showing the selection, not counting Playwright's own waiting
    await left.page.evaluate(() => {
      const w = window as unknown as { seenAt?: number };
      const check = () => {
        if (document.querySelector('[data-testid="clear-selection"]')) w.seenAt = Date.now();
        else requestAnimationFrame(check);
      };
      check();
    });
    await right.page.evaluate(() =>
      document.addEventListener(
        'click',
        (e) => {
          const w = window as unknown as { clickAt?: number; pickedId?: string };
          w.clickAt = Date.now();
          // the event actually clicked: the feed may have moved under the pointer since it was located
          w.pickedId = (e.target as Element).closest('[data-testid="event-item"]')?.getAttribute('data-id') ?? '';
        },
        { capture: true, once: true },
      ),
    );
    // as an officer does: the pointer comes onto the feed, which holds still, and clicks a row
    await right.page.getByTestId('event-feed').hover();
    await expect.poll(() => right.page.getByTestId('event-feed').getAttribute('data-paused')).toBe('true');
    await item.click();
    await left.page.getByTestId('clear-selection').waitFor({ state: 'visible', timeout: 5000 });
    const clickAt = await right.page.evaluate(() => (window as unknown as { clickAt: number }).clickAt);
    const seenAt = await left.page.evaluate(() => (window as unknown as { seenAt: number }).seenAt);
    const mirrored = seenAt - clickAt;
    console.log(`selection mirrored to the other tile in ${mirrored} ms`);
    expect(mirrored).toBeLessThan(1000);
    // Both feeds highlight the picked event, and hold it first while newer events arrive: the
    // simulator's bursts pushed it out of the 30 rows shown within seconds, in both tiles.
    const id = await right.page.evaluate(() => (window as unknown as { pickedId: string }).pickedId);
    expect(id).not.toBe('');
    for (const t of tiles) {
      await expect
        .poll(
          () =>
            t.page.locator('[data-testid="event-item"]').evaluateAll((els, picked) => {
              const seqs = els.map((e) => Number(e.getAttribute('data-seq')));
              const first = els[0];
              if (!first || first.getAttribute('data-id') !== picked || !first.classList.contains('picked')) return 'not first';
              // a full list of newer events below it: without the hold it would have left the list
              return seqs.length >= 30 && seqs.slice(1).every((s) => s > seqs[0]!) ? 'held' : 'waiting';
            }, id),
          { timeout: 60_000, interval: 250 },
        )
        .toBe('held');
    }
    await left.page.screenshot({ path: path.join(SHOTS, 'wall-2x1-tile-0-0.png') });
    await right.page.screenshot({ path: path.join(SHOTS, 'wall-2x1-tile-0-1.png') });

    // and back: clearing it on the left tile clears it on the right one
    await left.page.getByTestId('clear-selection').click();
    await expect.poll(() => right.page.locator('.item.picked').count(), { timeout: 5000, interval: 50 }).toBe(0);
    for (const t of tiles) expect(t.problems).toEqual([]);
  }, 150_000);
});
