/**
 * The screen in headless Chromium against a gateway on localhost (the built bundle, dist/screen,
 * as `npm start` serves it; build first):
 *
 * - screen.initial_js_gz_bytes: every script the city screen loads before its first KPI shows,
 *   gzipped (level 9) and summed; chunks loaded later (lazily) are not counted.
 * - screen.first_kpi_ms: navigation start → the KPI board's first figures from the gateway
 *   (signed in already: the token is in storage, as on a wall that reboots); median of 3 loads,
 *   against the demo as `npm start` runs it (5 events/s). screen.first_kpi_busy_ms: the same
 *   against a gateway taking 50 events/s (its writer queue delays every read on the same cores).
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
import { AS_RUN, median, recordResults } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const HEAP_SECONDS = Number(process.env.SCREEN_HEAP_SECONDS ?? 600);
const WARMUP_MS = 20_000;
/** the simulator's rate under `npm start`, and the busy rate of the heap run */
const DEMO_RATE = '5';
const BUSY_RATE = '50';
/** a fresh gateway's first seconds (simulator registering, devices connecting) are not what a wall reboots into */
const SETTLE_MS = 10_000;
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

/** Three loads of the city screen: the scripts the first needed before its first KPI (gzipped), and each load's time to it. */
async function firstLoads(browser: Browser, url: string): Promise<{ jsGz: number; scripts: number; loads: number[] }> {
  const loads: number[] = [];
  let jsGz = 0;
  let count = 0;
  for (let round = 0; round < 3; round++) {
    const context = await signedIn(browser, url, 'leader-4403');
    const page = await context.newPage();
    // a chunk still arriving when the page closes has no body: null, and it came after the KPI anyway
    const scripts = new Map<string, Promise<Buffer | null>>();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' && !scripts.has(r.url())) scripts.set(r.url(), r.body().catch(() => null));
    });
    await page.goto(`${url}/screen`, { timeout: LOAD_TIMEOUT_MS });
    await page.waitForSelector(FIRST_KPI, { timeout: LOAD_TIMEOUT_MS });
    const beforeKpi = [...scripts.values()];
    loads.push(await page.evaluate(() => (window as unknown as { __firstKpi: number }).__firstKpi));
    if (round === 0) {
      for (const body of beforeKpi) {
        const bytes = await body;
        if (bytes) jsGz += zlib.gzipSync(bytes, { level: 9 }).length;
      }
      count = beforeKpi.length;
    }
    await context.close();
  }
  return { jsGz, scripts: count, loads };
}

const startGateway = async (rate: string) =>
  startChildGateway({ ...AS_RUN, PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir('gc-bench-screen-'), GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: rate }, 180_000);

export async function runScreenBench(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
  const browser = await launchChromium();
  let gateway = await startGateway(DEMO_RATE);
  try {
    // --- first loads against the demo as `npm start` runs it -----------------------------------
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const demo = await firstLoads(browser, gateway.url);
    console.log(`  scripts before the first KPI: ${demo.scripts}`);
    console.log(`  first KPI at ${DEMO_RATE} events/s (the demo's rate), three loads: ${demo.loads.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    gateway.proc.kill('SIGKILL');

    // --- the same against a busy gateway, then 24/7: the heap of a city screen at 50 events/s -
    gateway = await startGateway(BUSY_RATE);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const busy = await firstLoads(browser, gateway.url);
    console.log(`  first KPI at ${BUSY_RATE} events/s, three loads: ${busy.loads.map((ms) => ms.toFixed(0)).join(', ')} ms`);
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
    console.log(`  heap after warm-up: ${(before / 1e6).toFixed(1)} MB; running ${HEAP_SECONDS} s at ${BUSY_RATE} events/s`);
    for (let s = 0; s < HEAP_SECONDS; s += 60) {
      await page.waitForTimeout(Math.min(60, HEAP_SECONDS - s) * 1000);
      if (HEAP_SECONDS > 60) console.log(`    ${Math.min(s + 60, HEAP_SECONDS)} s: ${((await heap()) / 1e6).toFixed(1)} MB`);
    }
    const after = await heap();
    await context.close();

    recordResults({
      'screen.initial_js_gz_bytes': demo.jsGz,
      'screen.first_kpi_ms': Math.round(median(demo.loads)),
      'screen.first_kpi_busy_ms': Math.round(median(busy.loads)),
      'screen.heap_growth_mb': Number(((after - before) / 1e6).toFixed(2)),
      'screen.heap_seconds': HEAP_SECONDS,
    });
  } finally {
    await browser.close();
    gateway.proc.kill('SIGKILL');
  }
}
