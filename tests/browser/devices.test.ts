import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEVICE_SECRET, demoDeviceId } from '../../gateway/src/devices/registry.js';
import { loadDeviceRules } from '../../gateway/src/devices/rules.js';
import { launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { connectDevice, publishAcked, telemetry } from '../support/devices.js';
import { tempDir } from '../support/gateway-harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the device widget on the city command center', () => {
  let browser: Browser;
  let gateway: ChildGateway;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npm run build');
    gateway = await startChildGateway({ GRIDCOMMAND_DATA_DIR: tempDir(), GRIDCOMMAND_MQTT_PORT: 'auto', GRIDCOMMAND_SIM_DEVICES: '30' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    gateway?.proc.kill('SIGKILL');
  });

  it('counts devices online and in alarm, and lists the alarm a device’s reading raised', async () => {
    const kinds = loadDeviceRules(null).kinds.map((k) => k.kind);
    const bin = demoDeviceId('bin_fill', kinds.indexOf('bin_fill'));
    const noise = demoDeviceId('noise', kinds.indexOf('noise'));
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(gateway.url);
    await page.getByTestId('login-username').fill('leader-4403');
    await page.getByTestId('login-password').fill('gridcommand-demo');
    await page.getByTestId('login-submit').click();
    const widget = page.getByTestId('device-status');
    await expect.poll(() => widget.getAttribute('data-total'), { timeout: 30_000 }).toBe('30');
    expect(await widget.getAttribute('data-alarm')).toBe('0');

    const clients = await Promise.all([bin, noise].map((id) => connectDevice(gateway.mqttPort!, id, DEMO_DEVICE_SECRET)));
    await publishAcked(clients[1]!, `gc/${noise}/telemetry`, telemetry(Date.now(), { noise_db: 55 }));
    await publishAcked(clients[0]!, `gc/${bin}/telemetry`, telemetry(Date.now(), { fill_pct: 97 }));
    await expect.poll(() => widget.getAttribute('data-alarm'), { timeout: 30_000 }).toBe('1');
    expect(await widget.getAttribute('data-online')).toBe('2');
    await expect.poll(() => page.locator(`[data-testid="device-alarm"][data-device="${bin}"]`).count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(tempDir(), 'devices.png') });
    for (const c of clients) c.end(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
