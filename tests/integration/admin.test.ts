import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFixtureCity } from '../support/fixture-city.js';
import { anEvent, postJson, startTestGateway, tempDir, type Gateway } from '../support/gateway-harness.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run admin, and demo mode off', () => {
  const dataDir = tempDir();
  const datasetDir = writeFixtureCity();
  const env = { ...process.env, GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: datasetDir, GRIDCOMMAND_DEMO: '0' };
  const admin = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'gateway/src/admin/cli.ts', ...args], { cwd: ROOT, env });
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
  let gw: Gateway | undefined;
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses to start with demo mode off and no users, and says how to add one', async () => {
    await expect(startTestGateway({ dataDir, dbFile: path.join(dataDir, 'gridcommand.duckdb'), datasetDir, demo: false })).rejects.toThrow(/no users are configured.*npm run admin/);
  });

  it('adds users with clear refusals for a bad role or scope, then the gateway starts without demo accounts', async () => {
    const badRole = await admin('user', 'add', 'chen.wei', '--role', 'boss', '--scope', '440303');
    expect(badRole.code).toBe(1);
    expect(badRole.out).toContain('unknown role "boss"');
    const badScope = await admin('user', 'add', 'chen.wei', '--role', 'duty', '--scope', '440399');
    expect(badScope.code).toBe(1);
    expect(badScope.out).toContain('unknown scope "440399"');
    const added = await admin('user', 'add', 'chen.wei', '--role', 'duty', '--scope', '440303', '--password', 'chen-wei-password');
    expect(added.code).toBe(0);
    expect((await admin('user', 'list')).out).toMatch(/chen\.wei\s+duty\s+440303\s+enabled/);

    gw = await startTestGateway({ dataDir, dbFile: path.join(dataDir, 'gridcommand.duckdb'), datasetDir, demo: false });
    expect((await postJson(`${gw.url}/api/auth/login`, { username: 'leader-4403', password: 'gridcommand-demo' })).status).toBe(401);
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [anEvent(114.11, 22.55)] }, 'demo-source-4403')).status).toBe(401);
    const login = await postJson(`${gw.url}/api/auth/login`, { username: 'chen.wei', password: 'chen-wei-password' });
    expect(login.status).toBe(200);
  });

  it('manages users and keys through the running gateway: a disabled user and key are out at once', async () => {
    const token = (await postJson(`${gw!.url}/api/auth/login`, { username: 'chen.wei', password: 'chen-wei-password' })).body.token as string;
    const me = () => fetch(`${gw!.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    expect((await admin('user', 'disable', 'chen.wei')).code).toBe(0);
    expect(await me()).toBe(401);

    const keyOut = await admin('key', 'add', 'luohu-platform', '--scope', '440303', '--rate', '100');
    expect(keyOut.code).toBe(0);
    const key = /key \(shown once, store it now\): (\S+)/.exec(keyOut.out)![1]!;
    expect((await postJson(`${gw!.url}/api/ingest/events`, { events: [anEvent(114.11, 22.55)] }, key)).status).toBe(200);
    expect((await postJson(`${gw!.url}/api/ingest/events`, { events: [anEvent(114.02, 22.52)] }, key)).status).toBe(403); // 福田: outside
    expect((await admin('key', 'disable', 'luohu-platform')).code).toBe(0);
    expect((await postJson(`${gw!.url}/api/ingest/events`, { events: [anEvent(114.11, 22.55)] }, key)).status).toBe(401);
    expect((await admin('key', 'add', 'x', '--scope', '440303', '--roles', 'janitor')).out).toContain('unknown source role "janitor"');
  });
});
