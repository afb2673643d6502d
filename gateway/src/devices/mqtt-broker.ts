// The embedded MQTT broker (aedes). Chosen for what it guarantees: at QoS 1 it asks
// `authorizePublish` before it writes the PUBACK, and waits for its callback, so answering
// only after the writer's commit makes the PUBACK mean "stored" — no persistence plug-in or
// second queue is needed, and a refusal there closes the connection with no PUBACK at all.
// Its hooks also give authentication per connection, a check of every publish and subscribe
// (the topic ACL), and the last will through the same `authorizePublish` path.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { IdentityStore } from '../db/identity-store.js';
import type { Logger } from '../log.js';
import { CHANNELS, type Channel, type DeviceService } from './device-service.js';

export interface EmbeddedBroker {
  port: number;
  close(): Promise<void>;
}

const TOPIC = /^gc\/([^/]+)\/([a-z]+)$/;

/** Parses `gc/<deviceId>/<channel>`; null for any other topic. */
export function parseTopic(topic: string): { deviceId: string; channel: Channel } | null {
  const m = TOPIC.exec(topic);
  if (!m || !(CHANNELS as readonly string[]).includes(m[2]!)) return null;
  return { deviceId: m[1]!, channel: m[2] as Channel };
}

/** Refusals are audited, at most once a minute per device and kind, so a misbehaving device cannot flood the log. */
function auditor(store: IdentityStore, log: Logger) {
  const last = new Map<string, number>();
  return (action: string, target: string, detail: object, ip: string | null) => {
    const key = `${action}\u0000${target}`;
    const now = Date.now();
    if ((last.get(key) ?? 0) > now - 60_000) return;
    if (last.size > 10_000) last.clear();
    last.set(key, now);
    log.warn({ action, target, ...detail, ip }, 'device refused');
    store.audit({ actor: `device:${target}`, action, target, detail, ip }).catch((err: unknown) => log.warn({ err }, 'audit row not stored'));
  };
}

export async function startEmbeddedBroker(o: { port: number; host: string; devices: DeviceService; store: IdentityStore; log: Logger }): Promise<EmbeddedBroker> {
  const { devices, log } = o;
  const audit = auditor(o.store, log);
  const deviceOf = new WeakMap<Client, string>();
  const ipOf = (c: Client | null) => ((c?.conn as net.Socket | undefined)?.remoteAddress ?? null);

  const broker = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const id = username ?? '';
      const d = id && password ? devices.registry.authenticate(id, password.toString('utf8')) : null;
      if (!d) {
        devices.refused();
        audit('device_auth_refused', id || '(none)', { clientId: client.id }, ipOf(client));
        const err = new Error('bad device id or secret') as AuthenticateError;
        err.returnCode = 4; // bad user name or password
        return done(err, false);
      }
      deviceOf.set(client, id);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      const deviceId = client ? deviceOf.get(client) : undefined;
      const t = parseTopic(packet.topic);
      if (!client || !deviceId || !t || t.deviceId !== deviceId) {
        devices.refused();
        audit('device_topic_refused', deviceId ?? '(none)', { topic: packet.topic }, ipOf(client));
        return done(new Error(`device ${deviceId} may publish only under gc/${deviceId}/`));
      }
      const will = (client as Client & { will?: unknown }).will === packet;
      // The callback (and so the PUBACK) waits for the commit; a failed commit closes the connection unacknowledged.
      devices.receive(deviceId, t.channel, packet.payload as Buffer, { will }).then(
        () => done(null),
        (err: unknown) => done(err as Error),
      );
    },
    authorizeSubscribe(client, sub, done) {
      const deviceId = deviceOf.get(client);
      // a device may follow its own topics (commands to it), nobody else's
      if (deviceId && sub.topic.startsWith(`gc/${deviceId}/`)) return done(null, sub);
      devices.refused();
      audit('device_subscribe_refused', deviceId ?? '(none)', { topic: sub.topic }, ipOf(client));
      done(null, null); // SUBACK with a failure code
    },
    // nothing a device publishes is forwarded to another device
    authorizeForward: () => null,
  });
  // What a device publishes is stored by authorizePublish and forwarded to nobody (above), so
  // aedes' own publish pipeline for it (offline queues, its emitter, the retained store, the
  // 'publish' event) would only spend time per message: skipped. The broker's own messages pass.
  const publish = broker.publish.bind(broker) as unknown as (packet: unknown, client: Client | null, done: (err?: Error) => void) => void;
  (broker as unknown as { publish: typeof publish }).publish = (packet, client, done) => (client && deviceOf.has(client) ? done() : publish(packet, client, done));
  broker.on('clientError', (client: Client, err: Error) => log.debug({ clientId: client.id, err: err.message }, 'mqtt client error'));
  broker.on('connectionError', (client: Client, err: Error) => log.debug({ clientId: client.id, err: err.message }, 'mqtt connection error'));

  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'mqtt broker listening');
  return {
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
