import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { hashDeviceSecret } from '../../gateway/src/devices/secret.js';

/** A free TCP port on the loopback (taken, then released for the broker to bind). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Mosquitto {
  port: number;
  /** the gateway's URL (its own account, allowed to read every device's topics) */
  gatewayUrl: string;
  /** Rewrites the password file from the registry's `device passwd` lines and makes mosquitto reload it. */
  setDevices(passwdLines: string): Promise<void>;
  output: () => string;
  stop(): Promise<void>;
}

const GATEWAY_USER = 'gridcommand-gateway';
const GATEWAY_SECRET = 'gateway-test-secret';

/**
 * Debian's mosquitto on an ephemeral port with a generated config: no anonymous clients, the
 * device registry's hashes as its password file, each device writing only under gc/<its id>/.
 */
export async function startMosquitto(dir: string): Promise<Mosquitto> {
  const port = await freePort();
  const passwd = path.join(dir, 'passwd');
  const gatewayLine = `${GATEWAY_USER}:${hashDeviceSecret(GATEWAY_SECRET)}`;
  fs.writeFileSync(passwd, `${gatewayLine}\n`);
  fs.writeFileSync(
    path.join(dir, 'acl'),
    [`user ${GATEWAY_USER}`, 'topic read gc/#', '', 'pattern write gc/%u/telemetry', 'pattern write gc/%u/status', 'pattern write gc/%u/alarm', ''].join('\n'),
  );
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${path.join(dir, 'acl')}`,
      'persistence false',
      // the gateway commits many messages at once: let many be in flight to it
      'max_inflight_messages 1000',
      'max_queued_messages 200000',
      'user root',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  // ready when it accepts connections
  const t0 = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) throw new Error(`mosquitto did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    gatewayUrl: `mqtt://${GATEWAY_USER}:${GATEWAY_SECRET}@127.0.0.1:${port}`,
    async setDevices(lines) {
      fs.writeFileSync(passwd, `${gatewayLine}\n${lines.trim()}\n`);
      proc.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    output: () => out,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}
