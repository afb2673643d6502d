// An external broker (GRIDCOMMAND_MQTT_URL, e.g. mosquitto): the gateway subscribes to every
// device's topics at QoS 1 in a persistent session and acknowledges each message only after
// its commit, so the broker keeps (and redelivers after a crash) whatever was not stored.
// A small client of its own over mqtt-packet, because mqtt.js acknowledges strictly one
// message at a time when the acknowledgement waits: here many are in flight, committed
// together, each acknowledged when its commit lands. Who may publish where is the broker's
// to enforce (mosquitto: the registry's hashes as password_file, `pattern write gc/%u/#`).
import net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';
import type { Logger } from '../log.js';
import type { DeviceService } from './device-service.js';
import { parseTopic } from './mqtt-broker.js';

export interface ExternalSubscriber {
  close(): Promise<void>;
}

const KEEPALIVE_S = 30;
const RECONNECT_MS = 1000;

export function startExternalSubscriber(o: { url: string; devices: DeviceService; log: Logger; clientId?: string }): Promise<ExternalSubscriber> {
  const u = new URL(o.url);
  if (u.protocol !== 'mqtt:') throw new Error(`GRIDCOMMAND_MQTT_URL: only mqtt:// URLs are supported, got ${u.protocol}`);
  const clientId = u.searchParams.get('clientId') ?? o.clientId ?? 'gridcommand-gateway';
  const { devices, log } = o;
  let closing = false;
  let socket: net.Socket | null = null;
  let ping: NodeJS.Timeout | null = null;

  return new Promise((resolveStarted, rejectStarted) => {
    let started = false;
    const connect = () => {
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      const s = net.connect(Number(u.port || 1883), u.hostname);
      socket = s;
      const send = (p: Packet) => {
        if (!s.destroyed) s.write(mqttPacket.generate(p));
      };
      s.on('connect', () =>
        send({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: false, // the broker keeps our subscription and unacknowledged messages while we are away
          clientId,
          keepalive: KEEPALIVE_S,
          ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
          ...(u.password ? { password: Buffer.from(decodeURIComponent(u.password)) } : {}),
        }),
      );
      s.on('data', (buf) => parser.parse(buf));
      parser.on('error', (err) => {
        log.warn({ err }, 'mqtt: bad packet from the broker');
        s.destroy();
      });
      parser.on('packet', (p: Packet) => {
        if (p.cmd === 'connack') {
          if (p.returnCode !== 0) {
            const err = new Error(`the broker refused the gateway (CONNACK ${p.returnCode})`);
            if (!started) {
              closing = true;
              rejectStarted(err);
            } else log.error({ err }, 'mqtt: broker refused the gateway');
            s.destroy();
            return;
          }
          send({ cmd: 'subscribe', messageId: 1, subscriptions: ['telemetry', 'status', 'alarm'].map((c) => ({ topic: `gc/+/${c}`, qos: 1 as const })) });
          ping = setInterval(() => send({ cmd: 'pingreq' }), (KEEPALIVE_S * 1000) / 2);
        } else if (p.cmd === 'suback') {
          if (p.granted.some((g) => typeof g === 'number' && g > 1)) log.error({ granted: p.granted }, 'mqtt: the broker refused a subscription');
          log.info({ url: `${u.protocol}//${u.host}`, clientId }, 'mqtt: subscribed to the external broker');
          if (!started) {
            started = true;
            resolveStarted({ close });
          }
        } else if (p.cmd === 'publish') {
          const t = parseTopic(p.topic);
          const ack = () => {
            if (p.qos === 1 && p.messageId !== undefined) send({ cmd: 'puback', messageId: p.messageId });
          };
          if (!t) {
            devices.refused();
            ack(); // not ours to store; acknowledged so that it is not redelivered forever
            return;
          }
          devices.receive(t.deviceId, t.channel, Buffer.isBuffer(p.payload) ? p.payload : Buffer.from(p.payload)).then(ack, (err: unknown) => {
            // not committed: drop the connection unacknowledged, the broker redelivers it
            log.warn({ err }, 'mqtt: commit failed; reconnecting for redelivery');
            s.destroy();
          });
        }
      });
      s.on('error', (err) => {
        if (!started && !closing) log.warn({ err: err.message }, 'mqtt: cannot reach the broker yet');
      });
      s.on('close', () => {
        if (ping) clearInterval(ping);
        ping = null;
        if (!closing) setTimeout(connect, RECONNECT_MS).unref();
      });
    };
    const close = async () => {
      closing = true;
      if (ping) clearInterval(ping);
      const s = socket;
      if (s && !s.destroyed) {
        s.end(mqttPacket.generate({ cmd: 'disconnect' }));
        await new Promise<void>((r) => s.once('close', () => r()));
      }
    };
    connect();
  });
}
