// The sandbox's live layers in one page (SwiftShader loads Cesium slowly: one load for both):
// - a building coloured by the open cases inside it turns from "none" to "one" when a case
//   opens in it, by its per-instance colour attribute, with no batch rebuilt;
// - a device is drawn by its status (offline → online → alarm) as it reports over MQTT, and a
//   real mouse click on it shows its latest readings.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseColour } from '../../screen/src/widgets/sandbox/building-cases.js';
import { launchChromium } from '../support/browser.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { addDevice, connectDevice, publishAcked, telemetry } from '../support/devices.js';
import { anEvent, postJson, tempDir } from '../support/gateway-harness.js';
import { openSandbox } from '../support/screen-session.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE = 'demo-source-4403';
/** a bin-fill sensor in 罗湖区, away from the building under test */
const DEVICE = { id: 'bin-luohu-test', lon: 114.131, lat: 22.556 };

type Rgba = [number, number, number, number];
interface Probe {
  building: {
    footprint(i: number): [number, number][] | null;
    at(lon: number, lat: number): number;
    colour(i: number): Rgba | null;
    openCases(i: number): number;
    primitives(): unknown[];
    colouring(): string;
  };
  buildings(): number;
  deviceLook(id: string): string | null;
  project(lon: number, lat: number): { x: number; y: number } | null;
  scene: { requestRender(): void };
}
const colourOf = (page: Page, i: number) => page.evaluate((i) => (window as unknown as { gcSandbox: Probe }).gcSandbox.building.colour(i), i);
const deviceLook = (page: Page) => page.evaluate((id) => (window as unknown as { gcSandbox: Probe }).gcSandbox.deviceLook(id), DEVICE.id);

describe('the sandbox’s live buildings and devices', () => {
  let browser: Browser;
  let gw: ChildGateway;
  let dataDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/screen/index.html'))) throw new Error('build the screen first: npx vite build');
    dataDir = tempDir();
    gw = await startChildGateway({ GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_MQTT_PORT: 'auto' }, 180_000);
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    gw?.proc.kill('SIGKILL');
  });

  it('recolours the building a case opens in, and draws a device by its status with its readings on click', async () => {
    const secret = await addDevice(dataDir, DEVICE.id, 'bin_fill', DEVICE.lon, DEVICE.lat);
    const { page, errors } = await openSandbox(browser, gw.url, 'duty-440303');
    expect(await page.locator('.sandbox .veil').allInnerTexts()).toEqual([]);

    // --- buildings by open cases
    await page.locator('[data-test="colour-cases"]').click();
    expect(await page.evaluate(() => (window as unknown as { gcSandbox: Probe }).gcSandbox.building.colouring())).toBe('cases');
    // a building whose footprint contains its own vertex mean (where the case will be)
    const target = await page.evaluate(() => {
      const p = (window as unknown as { gcSandbox: Probe }).gcSandbox;
      for (let i = 0; i < p.buildings(); i++) {
        const ring = p.building.footprint(i);
        if (!ring) continue;
        const lon = ring.reduce((s, v) => s + v[0], 0) / ring.length;
        const lat = ring.reduce((s, v) => s + v[1], 0) / ring.length;
        if (p.building.at(lon, lat) === i && p.building.openCases(i) === 0) return { i, lon, lat };
      }
      return null;
    });
    expect(target).not.toBeNull();
    const { i, lon, lat } = target!;
    await expect.poll(() => colourOf(page, i)).toEqual([...caseColour(0)]);
    await page.evaluate(() => {
      (window as unknown as { batches: unknown[] }).batches = (window as unknown as { gcSandbox: Probe }).gcSandbox.building.primitives().slice();
    });
    const r = await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(lon, lat, { title: '楼内占道' })] }, SOURCE);
    expect(r.status).toBe(200);
    await expect.poll(() => colourOf(page, i), { timeout: 60_000 }).toEqual([...caseColour(1)]);
    expect(await page.evaluate((i) => (window as unknown as { gcSandbox: Probe }).gcSandbox.building.openCases(i), i)).toBe(1);
    // recoloured in place: the very same batches
    expect(
      await page.evaluate(() => {
        const w = window as unknown as { batches: unknown[]; gcSandbox: Probe };
        const now = w.gcSandbox.building.primitives();
        return now.length === w.batches.length && now.every((p, k) => p === w.batches[k]);
      }),
    ).toBe(true);

    // --- devices by status, live
    await expect.poll(() => deviceLook(page), { timeout: 60_000 }).toBe('offline');
    const client = await connectDevice(gw.mqttPort!, DEVICE.id, secret);
    try {
      await publishAcked(client, `gc/${DEVICE.id}/telemetry`, telemetry(Date.now(), { fill_pct: 40 }));
      await expect.poll(() => deviceLook(page), { timeout: 60_000 }).toBe('online');
      // a real click on the device's point: its panel with its latest reading
      const at = await page.evaluate((d) => (window as unknown as { gcSandbox: Probe }).gcSandbox.project(d.lon, d.lat), DEVICE);
      expect(at).not.toBeNull();
      await page.mouse.click(at!.x, at!.y);
      const panel = page.locator(`[data-test="device-panel"][data-device="${DEVICE.id}"]`);
      await panel.waitFor();
      await expect.poll(() => panel.locator('[data-value="fill_pct"] td').innerText()).toBe('40');
      expect(await panel.getAttribute('data-state')).toBe('online');
      // a breach opens a case: the device turns to alarm on the map and in its panel
      await publishAcked(client, `gc/${DEVICE.id}/telemetry`, telemetry(Date.now() + 1000, { fill_pct: 97 }));
      await expect.poll(() => deviceLook(page), { timeout: 60_000 }).toBe('alarm');
      await expect.poll(() => panel.getAttribute('data-state')).toBe('alarm');
      expect(await panel.locator('[data-value="fill_pct"] td').innerText()).toBe('97');
    } finally {
      client.end(true);
    }
    expect(errors).toEqual([]);
  }, 1_200_000);
});
