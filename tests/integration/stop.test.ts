// Ctrl-C (SIGINT) stops a running gateway — simulator, simulated devices and keep-alive HTTP
// clients included — within seconds, and what it stored stays readable. (SIGTERM takes the same
// path in main.ts.)
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/browser.js';
import { startChildGateway } from '../support/child-gateway.js';
import { login, tempDir } from '../support/gateway-harness.js';

describe('stopping the gateway', () => {
  for (const signal of ['SIGINT'] as const) {
    it(`${signal} with the simulator running ends the process within 20 s, exit code 0`, async () => {
      const dataDir = tempDir();
      const env = { PORT: String(await freePort()), GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_SIM: '1', GRIDCOMMAND_SIM_RATE: '50', GRIDCOMMAND_SIM_DEVICES: '200' };
      const gw = await startChildGateway(env, 180_000);
      // running for a while: the simulator's HTTP clients hold their keep-alive connections
      await new Promise((r) => setTimeout(r, 15_000));
      const token = await login(gw.url, 'leader-4403');
      const before = (await (await fetch(`${gw.url}/api/events?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { seq: number };
      expect(before.seq).toBeGreaterThan(0);
      const t = Date.now();
      gw.proc.kill(signal);
      const code = await Promise.race([gw.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
      if (code === 'still running') gw.proc.kill('SIGKILL');
      expect(code).toBe(0);
      console.log(`${signal}: exited in ${Date.now() - t} ms`);
      // the same data directory opens again with what was stored
      const again = await startChildGateway({ ...env, PORT: String(await freePort()), GRIDCOMMAND_SIM: '0' }, 180_000);
      try {
        const t2 = await login(again.url, 'leader-4403');
        const after = (await (await fetch(`${again.url}/api/events?limit=1`, { headers: { authorization: `Bearer ${t2}` } })).json()) as { seq: number };
        expect(after.seq).toBeGreaterThanOrEqual(before.seq);
      } finally {
        again.proc.kill('SIGKILL');
      }
    }, 300_000);
  }
});
