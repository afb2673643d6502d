import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { sendAdminCommand } from '../../gateway/src/admin/admin-socket.js';

/** Adds a device through the running gateway's admin socket; returns its secret. */
export async function addDevice(dataDir: string, id: string, kind: string, lon: number, lat: number, extra: string[] = []): Promise<string> {
  const r = await sendAdminCommand(dataDir, ['device', 'add', id, '--kind', kind, '--lon', String(lon), '--lat', String(lat), ...extra]);
  if (!r.ok) throw new Error(r.out);
  const m = /secret \(shown once, store it now\): (\S+)/.exec(r.out);
  if (!m) throw new Error(`no secret in: ${r.out}`);
  return m[1]!;
}

/** A device connected over MQTT (no automatic reconnect: a refusal is final). */
export function connectDevice(port: number, id: string, secret: string, o: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: id, password: secret, clientId: `${id}-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 0, connectTimeout: 10_000, ...o });
}

/** Publishes at QoS 1 and resolves on its PUBACK; rejects if the connection closes first. */
export function publishAcked(client: MqttClient, topic: string, payload: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error(`connection closed before the PUBACK of ${topic}`));
    client.once('close', onClose);
    client.publish(topic, payload, { qos: 1 }, (err) => {
      client.removeListener('close', onClose);
      if (err) reject(err);
      else resolve();
    });
  });
}

export const telemetry = (ts: number, values: Record<string, number>) => JSON.stringify({ ts: new Date(ts).toISOString(), values });
