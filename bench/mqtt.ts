// Benchmark group `mqtt`: 10,000 devices publishing telemetry at QoS 1 into the embedded broker
// of a gateway process (each acknowledgement follows the commit), beside the same rows posted
// through HTTP ingest in batches; then alarms from a device to the case on a city screen.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import type { EventView } from '../gateway/protocol/events.js';
import { DEMO_DEVICE_SECRET, demoDeviceId } from '../gateway/src/devices/registry.js';
import { loadDeviceRules } from '../gateway/src/devices/rules.js';
import { startChildGateway } from '../tests/support/child-gateway.js';
import { login, tempDir } from '../tests/support/gateway-harness.js';
import { postBatch } from './post-batch.js';
import { percentile, recordResults } from './stats.js';

const DEVICES = Number(process.env.MQTT_DEVICES ?? 10_000);
const MESSAGES = Number(process.env.MQTT_MESSAGES ?? 5);
const CLIENT_PROCS = 2;
const HTTP_BATCH = 1000;
const HTTP_IN_FLIGHT = 4;
const ALARMS = 200;
const ALARMS_IN_FLIGHT = 4;
const CLIENT_FILE = path.resolve(import.meta.dirname, 'mqtt-devices.ts');

function once<T>(proc: ChildProcess, cmd: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { cmd: string }) => {
      if (m.cmd !== cmd) return;
      proc.off('message', onMsg);
      resolve(m as T);
    };
    proc.on('message', onMsg);
    proc.once('exit', (code) => reject(new Error(`bench client exited (${code})`)));
  });
}

/**
 * The gateway process's CPU time so far (user + system, ms), from /proc: a figure that the other
 * work on a shared machine disturbs far less than a rate does. null where /proc is missing.
 */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return null;
  }
}

/** CPU µs the gateway spent per message between two readings of cpuMs. */
function perMessage(before: number | null, after: number | null, n: number): number {
  return before === null || after === null ? NaN : Math.round(((after - before) * 1000) / n);
}

export async function runMqttBench(): Promise<void> {
  const kinds = loadDeviceRules(null).kinds;
  const ids = Array.from({ length: DEVICES }, (_, i) => demoDeviceId(kinds[i % kinds.length]!.kind, i));
  const gw = await startChildGateway(
    { GRIDCOMMAND_DATA_DIR: tempDir('gc-bench-mqtt-'), GRIDCOMMAND_MQTT_PORT: 'auto', GRIDCOMMAND_SIM_DEVICES: String(DEVICES + ALARMS), GRIDCOMMAND_CHECK_ANSWERS: '0', GRIDCOMMAND_DEVICE_CHECK_MS: '60000' },
    180_000,
  );
  const clients: ChildProcess[] = [];
  try {
    console.log(`  ${DEVICES} devices × ${MESSAGES} readings at QoS 1 (load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    const t0 = Date.UTC(2026, 11, 1);
    for (let p = 0; p < CLIENT_PROCS; p++) {
      const proc = fork(CLIENT_FILE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      clients.push(proc);
      proc.send({ cmd: 'connect', start: { port: gw.mqttPort!, ids: ids.filter((_, i) => i % CLIENT_PROCS === p), secret: DEMO_DEVICE_SECRET, messages: MESSAGES, t0 } });
    }
    const tConnect = performance.now();
    const ready = await Promise.all(clients.map((c) => once<{ connected: number }>(c, 'ready')));
    console.log(`  ${ready.reduce((n, r) => n + r.connected, 0)} devices connected in ${((performance.now() - tConnect) / 1000).toFixed(1)} s`);

    // MQTT: from the first publish to the last PUBACK, across both client processes
    const cpu0 = cpuMs(gw.proc.pid);
    for (const c of clients) c.send({ cmd: 'go' });
    const done = await Promise.all(clients.map((c) => once<{ acked: number; first: number; last: number }>(c, 'done')));
    const acked = done.reduce((n, d) => n + d.acked, 0);
    const cpuMqtt = perMessage(cpu0, cpuMs(gw.proc.pid), acked);
    const mqttRate = acked / ((Math.max(...done.map((d) => d.last)) - Math.min(...done.map((d) => d.first))) / 1000);

    // HTTP: the same number of rows (the same devices, later readings) in batches through ingest
    const rows = ids.flatMap((id) => Array.from({ length: MESSAGES }, (_, n) => ({ deviceId: id, ts: new Date(t0 + 3600_000 + n * 1000).toISOString(), values: { value: n, level: 50 + n } })));
    const bodies: string[] = [];
    for (let i = 0; i < rows.length; i += HTTP_BATCH) bodies.push(JSON.stringify({ deviceTelemetry: rows.slice(i, i + HTTP_BATCH) }));
    const agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_IN_FLIGHT });
    const target = new URL('/api/ingest/deviceTelemetry', gw.url);
    let next = 0;
    const cpu1 = cpuMs(gw.proc.pid);
    const tHttp = performance.now();
    await Promise.all(
      Array.from({ length: HTTP_IN_FLIGHT }, async () => {
        while (next < bodies.length) {
          const r = await postBatch(agent, target, bodies[next++]!);
          if (r.status !== 200) throw new Error(`ingest ${r.status}: ${r.text.slice(0, 300)}`);
        }
      }),
    );
    const httpRate = rows.length / ((performance.now() - tHttp) / 1000);
    const cpuHttp = perMessage(cpu1, cpuMs(gw.proc.pid), rows.length);
    agent.destroy();
    for (const c of clients) c.send({ cmd: 'stop' });

    // Alarms: publish → the case on a city screen
    const screen = io(`${gw.url}/screen`, { auth: { token: await login(gw.url, 'leader-4403') }, transports: ['websocket'], forceNew: true });
    await new Promise<void>((r) => screen.once('hello', () => r()));
    const waiting = new Map<string, (t: number) => void>();
    screen.on('events', (views: EventView[]) => {
      const t = performance.now();
      for (const v of views) waiting.get(v.sourceId.slice(0, v.sourceId.lastIndexOf('/')))?.(t);
    });
    const alarmIds = Array.from({ length: ALARMS }, (_, i) => demoDeviceId(kinds[(DEVICES + i) % kinds.length]!.kind, DEVICES + i));
    const latencies: number[] = [];
    let a = 0;
    await Promise.all(
      Array.from({ length: ALARMS_IN_FLIGHT }, async () => {
        while (a < alarmIds.length) {
          const id = alarmIds[a++]!;
          const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.mqttPort}`, { username: id, password: DEMO_DEVICE_SECRET, clientId: id, reconnectPeriod: 0 });
          const seen = new Promise<number>((r) => waiting.set(id, r));
          const sent = performance.now();
          await c.publishAsync(`gc/${id}/alarm`, JSON.stringify({ ts: new Date().toISOString(), code: 'bench', level: 2 }), { qos: 1 });
          const timeout = new Promise<number>((_, rej) => setTimeout(() => rej(new Error(`no case on the screen for ${id} in 10 s`)), 10_000));
          latencies.push((await Promise.race([seen, timeout])) - sent);
          await c.endAsync();
        }
      }),
    );
    screen.close();
    latencies.sort((x, y) => x - y);
    console.log(`  load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (figures under load are noisy)`);
    recordResults({
      'mqtt.msgs_per_s': Math.round(mqttRate),
      'mqtt.http_rows_per_s': Math.round(httpRate),
      'mqtt.ratio_to_http': Math.round((mqttRate / httpRate) * 100) / 100,
      // the gateway's CPU per message (DuckDB's threads included): comparable across loads
      'mqtt.gateway_cpu_us_per_msg': cpuMqtt,
      'mqtt.gateway_cpu_us_per_http_row': cpuHttp,
      'mqtt.alarm_to_screen_p50_ms': Math.round(percentile(latencies, 50)),
      'mqtt.alarm_to_screen_p99_ms': Math.round(percentile(latencies, 99)),
    });
  } finally {
    for (const c of clients) if (c.exitCode === null) c.kill();
    gw.proc.kill('SIGTERM');
    await gw.exited;
  }
}
