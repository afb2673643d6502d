/**
 * Video: the video wall in Chromium (Debian's, headless, software decoding) over the demo
 * cameras' live streams, served by a gateway process with the simulator on; leader-4403 sees
 * the city's 460 online cameras.
 *
 * - video.tile_start_ms: median over the tiles of the pages shown, tile mounted → first frame
 *   playing (`data-first-frame-ms` of each tile).
 * - video.decoders_max: the most hls.js players alive at once (sampled every 100 ms, and the
 *   pool's own peak) while a 16-tile wall pages by hand through 64 cameras (4 pages, twice).
 * - video.wall16_heap_growth_mb: the page's JS heap after a forced GC, at the end minus at the
 *   start, while a 16-tile wall pages every 30 s for 5 minutes (VIDEO_MINUTES to change;
 *   fractions allowed, e.g. VIDEO_MINUTES=0.5 for a quick check that it runs).
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { freePort, launchChromium } from '../tests/support/browser.js';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { tempDir } from '../tests/support/gateway-harness.js';
import { AS_RUN, median, recordResults } from './stats.js';

const MINUTES = Number(process.env.VIDEO_MINUTES ?? 5);

async function openWall(page: Page, url: string, pageSeconds: number): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill('leader-4403');
  await page.getByTestId('login-password').fill('gridcommand-demo');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/screen/);
  await page.goto(`${url}/video-wall?tiles=16&pageSeconds=${pageSeconds}`);
  await page.getByTestId('video-wall').waitFor();
}

const playing = (page: Page) => page.locator('[data-testid="video-tile"][data-state="playing"]').count();
const attr = async (page: Page, name: string) => Number(await page.getByTestId('video-wall').getAttribute(name));

async function until(what: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function runVideoBench(): Promise<void> {
  const gateway = await startChildGateway({ ...AS_RUN, PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: '1', GRIDCOMMAND_CAMERA_CHECK_MS: '0' }, 180_000);
  const browser = await launchChromium();
  try {
    console.log(`  load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    // paging by hand through 64 cameras: tile start times and the most players alive
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openWall(page, gateway.url, 0);
    let sampled = 0;
    const sampler = setInterval(() => {
      attr(page, 'data-decoders').then((n) => (sampled = Math.max(sampled, n)), () => undefined);
    }, 100);
    const starts: number[] = [];
    for (let round = 0; round < 8; round++) {
      if (!(await until(async () => (await playing(page)) === 16, 90_000))) console.warn(`  round ${round + 1}: only ${await playing(page)} of 16 tiles playing after 90 s`);
      const ms = await page.locator('[data-testid="video-tile"][data-first-frame-ms]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-first-frame-ms'))));
      starts.push(...ms);
      // pages 1 → 4, then back to page 1 for a second pass (three quick steps back)
      if (round % 4 === 3) for (let i = 0; i < 3; i++) await page.getByTestId('video-prev').click();
      else await page.getByTestId('video-next').click();
    }
    clearInterval(sampler);
    const decodersMax = Math.max(sampled, await attr(page, 'data-decoders-peak'));
    await page.close();

    // a 16-tile wall paging every 30 s: heap at the start and at the end, both after a GC
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cdp = await wall.context().newCDPSession(wall);
    await cdp.send('Performance.enable');
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20;
    };
    await openWall(wall, gateway.url, 30);
    if (!(await until(async () => (await playing(wall)) === 16, 90_000))) console.warn(`  heap wall: only ${await playing(wall)} of 16 tiles playing after 90 s`);
    const heapStart = await heap();
    await wall.waitForTimeout(MINUTES * 60_000);
    const heapEnd = await heap();
    const pagesShown = await attr(wall, 'data-page');
    console.log(`  ${starts.length} tile starts; wall at page ${pagesShown + 1} after ${MINUTES} min; heap ${heapStart.toFixed(1)} → ${heapEnd.toFixed(1)} MB; load average at end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    recordResults({
      'video.tile_start_ms': Math.round(median(starts)),
      'video.decoders_max': decodersMax,
      'video.wall16_heap_growth_mb': Math.round((heapEnd - heapStart) * 10) / 10,
    });
  } finally {
    await browser.close();
    gateway.proc.kill('SIGKILL');
  }
}
