import { configFromEnv } from './config.js';
import { createLogger } from './log.js';
import { startGateway } from './server.js';
import { startSimulator } from './sim/simulator.js';
import { startDeviceSimulator } from './sim/device-simulator.js';

const config = configFromEnv();
const log = createLogger(config.logLevel);
try {
  const gw = await startGateway(config, log);
  if (config.sim && !config.demo) log.warn('the simulator sends with the demo source keys: it stays off with demo mode off');
  const sim = config.sim && config.demo ? await startSimulator({ url: gw.url, areas: gw.areas, ratePerS: config.simRate, city: gw.city, log }) : null;
  // the simulated devices connect to the embedded broker like real ones
  const deviceSim = config.sim && config.demo && gw.mqttPort !== null ? startDeviceSimulator({ port: gw.mqttPort, registry: gw.devices.registry, log }) : null;
  const shown = config.host === '0.0.0.0' ? `http://localhost:${gw.port}` : gw.url;
  console.log(`\n  GridCommand is running: ${shown}${config.demo ? `\n  demo login: leader-${gw.areas.cityCode} / gridcommand-demo (demo mode)` : ''}${sim ? `\n  simulator: ${config.simRate} events/s${deviceSim ? `, ${gw.devices.registry.size} devices over MQTT` : ''}` : ''}${gw.mqttPort !== null ? `\n  mqtt: mqtt://localhost:${gw.mqttPort} (devices: gc/<id>/telemetry|status|alarm)` : config.mqttUrl ? '\n  mqtt: subscribed to the external broker' : ''}\n`);
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    sim?.stop();
    deviceSim?.stop();
    await gw.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  log.fatal({ err }, 'gateway failed to start');
  process.exit(1);
}
