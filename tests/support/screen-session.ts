// Opening a screen as a signed-in user without typing into the login form: the token the
// gateway issues goes where the screen keeps it (localStorage), before the page's scripts run.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { login } from './gateway-harness.js';

export interface ScreenPage {
  context: BrowserContext;
  page: Page;
  /** page errors, console errors and HTTP answers ≥ 400 seen so far */
  problems: string[];
}

export async function openScreen(
  browser: Browser,
  baseUrl: string,
  username: string,
  opts: { path?: string; width?: number; height?: number; deviceScaleFactor?: number } = {},
): Promise<ScreenPage> {
  const token = await login(baseUrl, username);
  const me = (await (await fetch(`${baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { user: unknown };
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1920, height: opts.height ?? 1080 },
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
  });
  await context.addInitScript(
    ([t, u]) => {
      localStorage.setItem('gridcommand.token', t);
      localStorage.setItem('gridcommand.user', u);
    },
    [token, JSON.stringify(me.user)] as const,
  );
  const page = await context.newPage();
  const problems: string[] = [];
  // name, message and where: a minified library's error says little more than its message ('a')
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.name}: ${e.message} ${(e.stack ?? '').split('\n').slice(1, 4).join(' | ')}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  // the machine running the tests may be busy: generous timeouts, as in every browser test
  page.setDefaultTimeout(60_000);
  await page.goto(`${baseUrl}${opts.path ?? '/screen'}`, { timeout: 120_000 });
  return { context, page, problems };
}

/**
 * The full-screen sandbox as `username`, signed in through the login form, once its buildings are
 * drawn (or it failed, which the caller checks): its page and the page errors seen.
 */
export async function openSandbox(browser: Browser, baseUrl: string, username: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  page.setDefaultTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/login?redirect=/sandbox`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('gridcommand-demo');
  await page.getByTestId('login-submit').click();
  await page.waitForSelector('.sandbox[data-phase="ready"], .sandbox[data-phase="failed"]', { timeout: 420_000 });
  return { page, errors };
}
