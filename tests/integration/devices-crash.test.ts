import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DEVICE_SECRET, demoDeviceId } from '../../gateway/src/devices/registry.js';
import { loadDeviceRules } from '../../gateway/src/devices/rules.js';
import { startChildGateway, type ChildGateway } from '../support/child-gateway.js';
import { connectDevice, telemetry } from '../support/devices.js';
import { writeFixtureCity } from '../support/fixture-city.js';
import { tempDir } from '../support/gateway-harness.js';

describe('a gateway killed with SIGKILL while devices publish at QoS 1', () => {
  const dataDir = tempDir();
  const env = { GRIDCOMMAND_DATA_DIR: dataDir, GRIDCOMMAND_DATASET: writeFixtureCity(), GRIDCOMMAND_MQTT_PORT: 'auto', GRIDCOMMAND_SIM_DEVICES: '60' };
  const children: ChildGateway[] = [];
  const clients: MqttClient[] = [];
  afterAll(() => {
    for (const c of clients) c.end(true);
    children.forEach((c) => c.proc.kill('SIGKILL'));
  });

  it('has stored, after a restart, every message that got its PUBACK', async () => {
    const first = await startChildGateway(env);
    children.push(first);
    expect(first.mqttPort).not.toBeNull();
    const kinds = loadDeviceRules(null).kinds;
    const ids = Array.from({ length: 40 }, (_, i) => demoDeviceId(kinds[i % kinds.length]!.kind, i));
    const acked: [string, number][] = [];
    let killed = false;
    const t0 = Date.now() - 3600_000;
    // each device publishes readings one after another, the next as soon as the last is acknowledged
    const run = async (id: string) => {
      const c = await connectDevice(first.mqttPort!, id, DEMO_DEVICE_SECRET);
      clients.push(c);
      c.on('error', () => undefined);
      for (let n = 0; !killed; n++) {
        const ts = t0 + n;
        const ok = await new Promise<boolean>((resolve) => {
          c.once('close', () => resolve(false));
          c.publish(`gc/${id}/telemetry`, telemetry(ts, { value: n }), { qos: 1 }, (err) => resolve(!err));
        });
        if (!ok) return; // the kill: this one was never acknowledged
        if (!killed) acked.push([id, ts]);
        c.removeAllListeners('close');
      }
    };
    const runs = ids.map(run);
    const tStart = Date.now();
    while (acked.length < 2_000 && Date.now() - tStart < 20_000) await new Promise((r) => setTimeout(r, 5));
    killed = true;
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await Promise.all(runs);
    expect(acked.length).toBeGreaterThanOrEqual(500);

    // the restarted gateway opens the same file: every acknowledged reading is in it
    const second = await startChildGateway(env);
    children.push(second);
    second.proc.kill('SIGTERM');
    await second.exited;

    const inst = await DuckDBInstance.create(path.join(dataDir, 'gridcommand.duckdb'));
    const conn = await inst.connect();
    const rows = (await conn.runAndReadAll('SELECT device_id, epoch_ms(ts) FROM device_telemetry')).getRowsJS();
    const seqs = (await conn.runAndReadAll('SELECT count(*), count(DISTINCT seq) FROM device_telemetry')).getRowsJS()[0]!;
    conn.closeSync();
    inst.closeSync();
    const stored = new Set(rows.map(([id, t]) => `${id as string}@${Number(t)}`));
    const lost = acked.filter(([id, ts]) => !stored.has(`${id}@${ts}`));
    expect(lost).toEqual([]);
    expect(seqs[0]).toBe(seqs[1]); // no seq handed out twice across the restart
  }, 120_000);
});
