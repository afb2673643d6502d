// The grid workers' phone app: how much JavaScript a phone downloads before the app runs, and how
// long a report with a photo takes from the phone's submit to a duty officer's screen.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { EventView } from '../gateway/protocol/events.js';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { login, postJson, screenClient, tempDir, waitFor } from '../tests/support/gateway-harness.js';
import { pngImage, uploadMedia } from '../tests/support/images.js';
import { median, recordResults } from './stats.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist/screen');
const ROUNDS = Number(process.env.MOBILE_ROUNDS ?? 15);
const WORKER = 'worker-44030300100101';
const IN_HIS_GRID = [114.1015, 22.551] as const;

/**
 * The JavaScript the phone entry (/m/) loads before it runs: its module script and every chunk
 * it preloads, each gzipped (level 9, as a static server would send them), summed.
 */
export function initialJsGzBytes(): { total: number; files: Record<string, number> } {
  const html = fs.readFileSync(path.join(DIST, 'm/index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1]!);
  const files: Record<string, number> = {};
  for (const src of new Set(srcs)) files[src] = zlib.gzipSync(fs.readFileSync(path.join(DIST, src.replace(/^\//, ''))), { level: 9 }).length;
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

/** A noisy PNG of about `bytes` (noise does not compress: a photo-sized upload). */
function photoOf(bytes: number, seed: number): Buffer {
  const side = Math.round(Math.sqrt(bytes / 3));
  return pngImage(side, side, { noise: true, seed });
}

export async function runMobileBench(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: 'ignore' });
  const js = initialJsGzBytes();
  for (const [f, n] of Object.entries(js.files)) console.log(`  ${f}: ${n} B gzipped`);

  const dir = tempDir('gc-bench-mobile-');
  const gw = await startChildGateway({ GRIDCOMMAND_DATA_DIR: dir, GRIDCOMMAND_SIM: '0', LOG_LEVEL: 'warn' });
  const times: number[] = [];
  try {
    const worker = await login(gw.url, WORKER);
    const screen = screenClient(gw.url, { token: await login(gw.url, 'duty-440303') });
    await screen.ready;
    const photos = Array.from({ length: ROUNDS + 1 }, (_, i) => photoOf(1024 * 1024, 100 + i));
    console.log(`  photo: ${photos[0]!.length} B PNG, ${ROUNDS} rounds after one warm-up`);
    for (let round = 0; round <= ROUNDS; round++) {
      const id = `bench-${Date.now()}-${round}`;
      const t0 = performance.now();
      const up = await uploadMedia(gw.url, worker, photos[round]!);
      if (up.status !== 200) throw new Error(`upload ${up.status}: ${JSON.stringify(up.body)}`);
      const r = await postJson(`${gw.url}/api/reports`, { id, occurredAt: new Date().toISOString(), lon: IN_HIS_GRID[0], lat: IN_HIS_GRID[1], category: '0102', media: [up.body.url] }, worker);
      if (r.status !== 200) throw new Error(`report ${r.status}: ${JSON.stringify(r.body)}`);
      await waitFor(() => screen.received.some((e: EventView) => e.sourceId === id), 30_000, `report ${id} on the duty screen`);
      if (round > 0) times.push(performance.now() - t0);
    }
    screen.close();
  } finally {
    gw.proc.kill('SIGTERM');
    await gw.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  load average (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  recordResults({
    'mobile.initial_js_gz_bytes': js.total,
    'mobile.report_roundtrip_ms': Math.round(median(times) * 10) / 10,
  });
}
