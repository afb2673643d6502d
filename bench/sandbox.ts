// The sandbox in headless Chromium (WebGL through SwiftShader, so absolute frame times are far
// above a GPU's; the ratios and the idle count are what carry over):
// - city_ready_ms: sign-in submitted → every building batched and uploaded, outlines drawn
// - frame_ms: median frame while orbiting, every building and 100k event points, batched
// - naive_frame_ms: the same objects as one Cesium Entity per building and per point, same run
// - align_max_px: known ground points projected by Cesium and by deck.gl's matching viewport,
//   at city, district and street zoom, pitch 0–60°
// - idle_frames_per_min: frames Cesium renders in a minute with nothing changing
import type { Page } from 'playwright-core';
import { freePort, launchChromium } from '../tests/support/browser.js';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { tempDir } from '../tests/support/gateway-harness.js';
import { AS_RUN, median, recordResults } from './stats.js';

const POINTS = Number(process.env.SANDBOX_POINTS ?? 100_000);
const ORBIT_FRAMES = Number(process.env.SANDBOX_FRAMES ?? 12);
const IDLE_MS = Number(process.env.SANDBOX_IDLE_MS ?? 60_000);

type Probe = { gcSandbox: Record<string, (...a: unknown[]) => unknown> & { scene: unknown } };

async function orbitMedian(page: Page, frames: number): Promise<number> {
  const times = await page.evaluate(async (frames) => {
    const g = (window as unknown as Probe).gcSandbox;
    const [C] = (await g.modules!()) as [typeof import('@cesium/engine')];
    const s = g.scene as { scene: import('@cesium/engine').Scene; widget: import('@cesium/engine').CesiumWidget };
    const scene = s.scene;
    const gl = (scene.canvas.getContext('webgl2') ?? scene.canvas.getContext('webgl')) as WebGLRenderingContext;
    const centre = C.Cartesian3.fromDegrees(114.06, 22.6, 0);
    const out: number[] = [];
    const px = new Uint8Array(4);
    for (let f = 0; f < frames + 1; f++) {
      scene.camera.lookAt(centre, new C.HeadingPitchRange(C.Math.toRadians(f * 15), C.Math.toRadians(-45), 60_000));
      const t = performance.now();
      s.widget.render();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); // wait for the frame to be drawn
      if (f > 0) out.push(performance.now() - t); // the first frame uploads
    }
    scene.camera.lookAtTransform(C.Matrix4.IDENTITY);
    return out;
  }, frames);
  return median(times);
}

export async function runSandboxBench(): Promise<void> {
  const gw = await startChildGateway({ ...AS_RUN, PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: tempDir() });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.setDefaultTimeout(600_000);
    await page.goto(`${gw.url}/login?redirect=/sandbox`);
    await page.getByTestId('login-username').fill('leader-4403');
    await page.getByTestId('login-password').fill('gridcommand-demo');
    const t0 = Date.now();
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('.sandbox[data-phase="ready"]', { timeout: 600_000 });
    const cityReady = Date.now() - t0;
    const buildings = Number(await page.locator('.sandbox').getAttribute('data-buildings'));

    // idle: nothing changes (no simulator), the scene should not draw
    await page.waitForTimeout(5000);
    const f0 = (await page.evaluate(() => (window as unknown as Probe).gcSandbox.frames!())) as number;
    await page.waitForTimeout(IDLE_MS);
    const f1 = (await page.evaluate(() => (window as unknown as Probe).gcSandbox.frames!())) as number;
    const idlePerMin = ((f1 - f0) * 60_000) / IDLE_MS;
    // as they are measured: the naive scene below can take many minutes on a busy machine
    console.log(`  … city ready ${cityReady} ms (${buildings} buildings), ${f1 - f0} frames in ${IDLE_MS} ms idle`);

    // alignment of deck.gl's view with Cesium's camera
    const alignment = (await page.evaluate(async () => {
      const g = (window as unknown as Probe).gcSandbox;
      const [C, , , D] = (await g.modules!()) as [typeof import('@cesium/engine'), unknown, unknown, typeof import('@deck.gl/core')];
      const s = g.scene as { scene: import('@cesium/engine').Scene; widget: import('@cesium/engine').CesiumWidget; cameraPose(): import('../screen/src/widgets/sandbox/view-sync.js').CameraPose };
      const scene = s.scene;
      const canvas = scene.canvas;
      let worst = 0;
      const views: string[] = [];
      const centre = { lon: 114.06, lat: 22.6 };
      for (const range of [60_000, 15_000, 3_000]) {
        for (const pitchDeg of [-90, -60, -30]) {
          let here = 0;
          scene.camera.lookAt(C.Cartesian3.fromDegrees(centre.lon, centre.lat, 0), new C.HeadingPitchRange(C.Math.toRadians(20), C.Math.toRadians(pitchDeg), range));
          scene.camera.lookAtTransform(C.Matrix4.IDENTITY);
          s.widget.render();
          const pose = s.cameraPose();
          const vs = (g.deckView as (p: unknown) => Record<string, number>)(pose);
          const vp = new D.WebMercatorViewport({ width: canvas.clientWidth, height: canvas.clientHeight, ...vs });
          const span = (range / 111_000) * 0.35;
          for (let i = -2; i <= 2; i++)
            for (let j = -2; j <= 2; j++) {
              const lon = centre.lon + (span * i) / 2;
              const lat = centre.lat + (span * j) / 2;
              const w = C.SceneTransforms.worldToWindowCoordinates(scene, C.Cartesian3.fromDegrees(lon, lat, 0));
              if (!w || w.x < 0 || w.y < 0 || w.x > canvas.clientWidth || w.y > canvas.clientHeight) continue;
              const [x, y] = vp.project([lon, lat, 0]) as [number, number];
              here = Math.max(here, Math.hypot(x - w.x, y - w.y));
            }
          worst = Math.max(worst, here);
          views.push(`${range / 1000} km ${pitchDeg}°: ${here.toFixed(2)}`);
        }
      }
      return { worst, views };
    })) as { worst: number; views: string[] };
    console.log(`  … alignment per view (px): ${alignment.views.join(', ')}`);
    const align = alignment.worst;

    // 100k event points beside every building, orbiting
    await page.evaluate((n) => {
      const g = (window as unknown as Probe).gcSandbox;
      const s = g.scene as { events: { sync(p: unknown[]): boolean } };
      const pts = [];
      for (let i = 0; i < n; i++) {
        const a = (i * 2654435761) % 1_000_003;
        pts.push({ id: `b${i}`, lon: 113.8 + (a % 1000) / 1000 * 0.6, lat: 22.45 + Math.floor(a / 1000) / 1000 * 0.35, colour: [250, 204, 21, 255], outline: null, size: 4, look: '' });
      }
      s.events.sync(pts);
    }, POINTS);
    const frameMs = await orbitMedian(page, ORBIT_FRAMES);
    console.log(`  … align ${align.toFixed(2)} px, batched frame ${frameMs.toFixed(0)} ms`);

    // The naive scene, same run: one Cesium Entity per building (an extruded polygon) and one
    // per point, drawn instead of the batches and the point collection.
    const naiveSetup = (await page.evaluate(async (n) => {
      const g = (window as unknown as Probe).gcSandbox;
      const [C, , F] = (await g.modules!()) as [typeof import('@cesium/engine'), unknown, typeof import('../gateway/protocol/buildings-format.js')];
      const s = g.scene as {
        widget: import('@cesium/engine').CesiumWidget;
        events: { collection: { show: boolean } };
        buildingProbe(): { primitives(): { show: boolean }[] };
      };
      for (const p of s.buildingProbe().primitives()) p.show = false;
      s.events.collection.show = false;
      const b = F.decodeBuildings((await g.buildingBytes!()) as ArrayBuffer);
      const entities = s.widget.entities;
      const t = performance.now();
      entities.suspendEvents();
      for (let i = 0; i < b.count; i++) {
        const ring = b.footprint(i);
        if (ring.length < 3) continue;
        entities.add({ polygon: { hierarchy: C.Cartesian3.fromDegreesArray(ring.flat()), height: 0, extrudedHeight: Math.max(3, b.height(i)), material: C.Color.CYAN } });
      }
      for (let i = 0; i < n; i++) {
        const a = (i * 2654435761) % 1_000_003;
        entities.add({ position: C.Cartesian3.fromDegrees(113.8 + ((a % 1000) / 1000) * 0.6, 22.45 + (Math.floor(a / 1000) / 1000) * 0.35, 6), point: { pixelSize: 4, color: C.Color.YELLOW } });
      }
      entities.resumeEvents();
      // the polygons' geometry is built by Cesium's workers: render until every entity is drawn
      const limit = t + 20 * 60_000;
      while (!s.widget.dataSourceDisplay.ready && performance.now() < limit) {
        s.widget.render();
        await new Promise((r) => setTimeout(r, 50));
      }
      return { entities: entities.values.length, ready: s.widget.dataSourceDisplay.ready, ms: Math.round(performance.now() - t) };
    }, POINTS)) as { entities: number; ready: boolean; ms: number };
    if (!naiveSetup.ready) throw new Error(`the naive scene's ${naiveSetup.entities} entities were not drawn within ${naiveSetup.ms} ms`);
    const naiveMs = await orbitMedian(page, Math.max(3, Math.round(ORBIT_FRAMES / 4)));

    console.log(`  (${buildings} buildings, ${POINTS} points, ${ORBIT_FRAMES} orbit frames; SwiftShader; naive: ${naiveSetup.entities} entities drawn after ${naiveSetup.ms} ms)`);
    recordResults({
      'sandbox.city_ready_ms': cityReady,
      'sandbox.frame_ms': Math.round(frameMs),
      'sandbox.naive_frame_ms': Math.round(naiveMs),
      'sandbox.naive_over_batched': Number((naiveMs / frameMs).toFixed(2)),
      'sandbox.align_max_px': Number(align.toFixed(2)),
      'sandbox.idle_frames_per_min': Number(idlePerMin.toFixed(1)),
    });
  } finally {
    await browser.close();
    gw.proc.kill('SIGKILL');
  }
}
