// The simulated perception network of demo mode: every demo device connects to the embedded
// broker as a real device would (its id, the demo secret, a last will) and publishes its
// measurements at its kind's interval, with faults now and then: out-of-range readings,
// flapping around a threshold, silence, and connections that die (their last will says so).
import mqtt, { type MqttClient } from 'mqtt';
import type { DeviceRegistry } from '../devices/registry.js';
import { DEMO_DEVICE_SECRET } from '../devices/registry.js';
import type { KindSpec } from '../devices/rules.js';
import type { Logger } from '../log.js';
import { seededRandom } from './random.js';

type Fault = 'none' | 'out_of_range' | 'flapping' | 'silence' | 'drop';

interface SimDevice {
  id: string;
  spec: KindSpec;
  intervalMs: number;
  client: MqttClient | null;
  nextAt: number;
  fault: Fault;
  faultUntil: number;
  n: number;
}

/** Per reading, the chance that a healthy device starts a fault, and how the faults are shared. */
const FAULT_CHANCE = 0.004;
const FAULTS: [Fault, number][] = [
  ['out_of_range', 0.4],
  ['flapping', 0.2],
  ['silence', 0.25],
  ['drop', 0.15],
];
const TICK_MS = 250;
const CONNECTS_PER_TICK = 100;

export interface DeviceSimulator {
  stop(): void;
  readonly connected: number;
}

export function startDeviceSimulator(o: { port: number; registry: DeviceRegistry; log: Logger; seed?: number }): DeviceSimulator {
  const rand = seededRandom(o.seed ?? 7);
  const now0 = Date.now();
  const devices: SimDevice[] = [];
  for (const d of o.registry.all()) {
    const spec = o.registry.kinds.get(d.row.kind);
    if (!d.row.demo || d.row.disabled || !spec) continue;
    const intervalMs = d.row.intervalS * 1000;
    devices.push({ id: d.row.id, spec, intervalMs, client: null, nextAt: now0 + rand() * Math.min(intervalMs, 30_000), fault: 'none', faultUntil: 0, n: 0 });
  }
  const between = ([lo, hi]: [number, number]) => Math.round((lo + rand() * (hi - lo)) * 100) / 100;
  let connectAt = 0;
  let connected = 0;

  const connect = (d: SimDevice) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${o.port}`, {
      username: d.id,
      password: DEMO_DEVICE_SECRET,
      clientId: d.id,
      reconnectPeriod: 5_000,
      will: { topic: `gc/${d.id}/status`, payload: Buffer.from('offline'), qos: 1, retain: false },
    });
    client.on('connect', () => {
      connected++;
      client.publish(`gc/${d.id}/status`, 'online', { qos: 1 });
    });
    client.on('close', () => (connected = Math.max(0, connected - 1)));
    client.on('error', () => undefined); // reconnects by itself
    d.client = client;
  };

  const reading = (d: SimDevice, now: number): Record<string, number> => {
    const values: Record<string, number> = {};
    for (const [name, m] of Object.entries(d.spec.metrics)) {
      const faulty = d.fault === 'out_of_range' || (d.fault === 'flapping' && d.n % 2 === 0);
      values[name] = between(faulty && name === Object.keys(d.spec.metrics)[0] ? m.fault : m.normal);
    }
    if (now > d.faultUntil) d.fault = 'none';
    return values;
  };

  const tick = () => {
    const now = Date.now();
    for (const d of devices) {
      if (!d.client) {
        if (connectAt < CONNECTS_PER_TICK) {
          connectAt++;
          connect(d);
        }
        continue;
      }
      if (now < d.nextAt) continue;
      d.nextAt = now + d.intervalMs * (0.9 + rand() * 0.2);
      if (d.fault === 'none' && rand() < FAULT_CHANCE) {
        const r = rand();
        let acc = 0;
        d.fault = FAULTS.find(([, p]) => (acc += p) >= r)?.[0] ?? 'out_of_range';
        d.faultUntil = now + d.intervalMs * (3 + Math.floor(rand() * 6));
        if (d.fault === 'drop') {
          // the connection dies without a DISCONNECT: the broker publishes the will; mqtt.js reconnects
          d.client.stream.destroy();
          d.fault = 'none';
          continue;
        }
      }
      if (d.fault === 'silence') {
        if (now > d.faultUntil) d.fault = 'none';
        continue;
      }
      d.n++;
      if (!d.client.connected) continue;
      d.client.publish(`gc/${d.id}/telemetry`, JSON.stringify({ ts: new Date(now).toISOString(), values: reading(d, now) }), { qos: 1 });
    }
    connectAt = 0;
  };
  const timer = setInterval(tick, TICK_MS);
  o.log.info({ devices: devices.length }, 'device simulator started');
  return {
    get connected() {
      return connected;
    },
    stop() {
      clearInterval(timer);
      for (const d of devices) d.client?.end(true);
    },
  };
}
