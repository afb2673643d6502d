/**
 * The screen in headless Chromium against a gateway on localhost (the built bundle, dist/screen,
 * as `npm start` serves it; build first):
 *
 * - screen.initial_js_gz_bytes: every script the city screen loads before its first KPI shows,
 *   gzipped (level 9) and summed; chunks loaded later (lazily) are not counted.
 * - screen.first_kpi_ms: navigation start → the KPI board's first figures from the gateway
 *   (signed in already: the token is in storage, as on a wall that reboots); median of 3 loads.
 * - screen.heap_growth_mb: the city screen's JS heap (after a forced GC) at the end minus at the
 *   start of SCREEN_HEAP_SECONDS (default 600) with the simulator sending 50 events/s.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { freePort, launchChromium } from '../tests/support/browser.js';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { login, tempDir } from '../tests/support/gateway-harness.js';
import { median, recordResults } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const HEAP_SECONDS = Number(process.env.SCREEN_HEAP_SECONDS ?? 600);
const WARMUP_MS = 20_000;
const FIRST_KPI = '[data-testid="kpi-tile"][data-loaded]';
/** a loaded machine can take far longer than Playwright's 30 s default: the figure says how long it took */
const LOAD_TIMEOUT_MS = 180_000;

/** A context whose pages start signed in as `username` (the screen keeps its session in localStorage). */
async function signedIn(browser: Browser, url: string, username: string): Promise<BrowserContext> {
  const token = await login(url, username);
  const me = (await (await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { user: unknown };
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript(
    ([t, u, sel]) => {
      localStorage.setItem('gridcommand.token', t);
      localStorage.setItem('gridcommand.user', u);
      // when the first KPI figure appears, in ms since navigation start
      new MutationObserver((_, obs) => {
        if (document.querySelector(sel)) {
          (window as unknown as { __firstKpi: number }).__firstKpi = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    },
    [token, JSON.stringify(me.user), FIRST_KPI] as const,
  );
  return context;
}

export async function runScreenBench(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
  const gateway = await startChildGateway({
    PORT: String(await freePort()),
    GRIDCOMMAND_DATA_DIR: tempDir('gc-bench-screen-'),
    GRIDCOMMAND_SIM: '1',
    GRIDCOMMAND_SIM_RATE: '50',
  }, 180_000);
  const browser = await launchChromium();
  try {
    // --- first load: the scripts it needs and when its first KPI shows -------------------------
    const loads: number[] = [];
    let jsGz = 0;
    for (let round = 0; round < 3; round++) {
      const context = await signedIn(browser, gateway.url, 'leader-4403');
      const page = await context.newPage();
      const scripts = new Map<string, Promise<Buffer>>();
      page.on('response', (r) => {
        if (r.request().resourceType() === 'script' && !scripts.has(r.url())) scripts.set(r.url(), r.body());
      });
      await page.goto(`${gateway.url}/screen`, { timeout: LOAD_TIMEOUT_MS });
      await page.waitForSelector(FIRST_KPI, { timeout: LOAD_TIMEOUT_MS });
      loads.push(await page.evaluate(() => (window as unknown as { __firstKpi: number }).__firstKpi));
      if (round === 0) {
        for (const body of scripts.values()) jsGz += zlib.gzipSync(await body, { level: 9 }).length;
        console.log(`  scripts before the first KPI: ${scripts.size}`);
      }
      await context.close();
    }
    console.log(`  first KPI, three loads: ${loads.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    // --- 24/7: the heap of a city screen under 50 events/s --------------------------------------
    const context = await signedIn(browser, gateway.url, 'leader-4403');
    const page = await context.newPage();
    await page.goto(`${gateway.url}/screen`, { timeout: LOAD_TIMEOUT_MS });
    await page.waitForSelector(FIRST_KPI, { timeout: LOAD_TIMEOUT_MS });
    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    await page.waitForTimeout(WARMUP_MS); // stores filled to their caps, charts drawn
    const before = await heap();
    console.log(`  heap after warm-up: ${(before / 1e6).toFixed(1)} MB; running ${HEAP_SECONDS} s at 50 events/s`);
    for (let s = 0; s < HEAP_SECONDS; s += 60) {
      await page.waitForTimeout(Math.min(60, HEAP_SECONDS - s) * 1000);
      if (HEAP_SECONDS > 60) console.log(`    ${Math.min(s + 60, HEAP_SECONDS)} s: ${((await heap()) / 1e6).toFixed(1)} MB`);
    }
    const after = await heap();
    await context.close();

    recordResults({
      'screen.initial_js_gz_bytes': jsGz,
      'screen.first_kpi_ms': Math.round(median(loads)),
      'screen.heap_growth_mb': Number(((after - before) / 1e6).toFixed(2)),
      'screen.heap_seconds': HEAP_SECONDS,
    });
  } finally {
    await browser.close();
    gateway.proc.kill('SIGKILL');
  }
}
