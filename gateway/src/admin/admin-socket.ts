import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { IdentityError, type Identities } from '../auth/identities.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Logger } from '../log.js';
import { runAdminCommand } from './commands.js';

export const adminSocketPath = (dataDir: string) => path.join(dataDir, 'admin.sock');

export interface AdminReply {
  ok: boolean;
  out: string;
}

/**
 * While the gateway runs it owns the DuckDB file, so `npm run admin` sends its command here:
 * a Unix socket in the data dir that only the owner of that dir may open (mode 0600).
 */
export async function listenAdminSocket(dataDir: string, ids: Identities, store: IdentityStore, log: Logger, devices?: DeviceRegistry): Promise<net.Server> {
  const file = adminSocketPath(dataDir);
  fs.rmSync(file, { force: true }); // left by a gateway that was killed
  const server = net.createServer((conn) => {
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      let argv: unknown;
      try {
        argv = (JSON.parse(line) as { argv?: unknown }).argv;
      } catch {
        argv = null;
      }
      const reply = (r: AdminReply) => conn.end(`${JSON.stringify(r)}\n`);
      if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return reply({ ok: false, out: 'expected {"argv": [string, ...]}' });
      runAdminCommand(ids, store, argv, devices).then(
        (out) => reply({ ok: true, out }),
        (err: unknown) => {
          if (!(err instanceof IdentityError)) log.error({ err }, 'admin command failed');
          reply({ ok: false, out: err instanceof IdentityError ? err.message : 'internal error (see the gateway log)' });
        },
      );
    });
    conn.on('error', () => conn.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  fs.chmodSync(file, 0o600);
  return server;
}

export function sendAdminCommand(dataDir: string, argv: string[]): Promise<AdminReply> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(adminSocketPath(dataDir));
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify({ argv })}\n`));
    conn.on('data', (d: string) => (buf += d));
    conn.on('end', () => {
      try {
        resolve(JSON.parse(buf) as AdminReply);
      } catch {
        reject(new Error('the gateway closed the admin socket without an answer'));
      }
    });
    conn.on('error', reject);
  });
}
