import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChildGateway {
  url: string;
  /** the embedded MQTT broker's port, when it runs */
  mqttPort: number | null;
  proc: ChildProcess;
  output: () => string;
  /** resolves with the exit code or signal */
  exited: Promise<number | string>;
}

/** Runs the gateway as `npm start` does (gateway/src/main.ts), in its own process. */
export async function startChildGateway(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildGateway> {
  // GRIDCOMMAND_GATEWAY_NODE_ARGS: extra node flags for the gateway alone (e.g. --cpu-prof for a bench)
  const extra = process.env.GRIDCOMMAND_GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = spawn(process.execPath, [...extra, '--import', 'tsx', 'gateway/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', GRIDCOMMAND_SIM: '0', GRIDCOMMAND_CHECK_ANSWERS: '1', GRIDCOMMAND_MQTT_PORT: '0', GRIDCOMMAND_SIM_DEVICES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /running: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    proc.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code}) before it started:\n${out}`));
    });
  });
  const mqtt = /mqtt: mqtt:\/\/localhost:(\d+)/.exec(out);
  return { url, mqttPort: mqtt ? Number(mqtt[1]) : null, proc, output: () => out, exited };
}
