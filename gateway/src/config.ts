import path from 'node:path';

/** Everything the gateway reads from its environment (API.md "Running"), with npm start's defaults. */
export interface GatewayConfig {
  port: number;
  host: string;
  dataDir: string;
  /** DuckDB file; ':memory:' only in unit tests */
  dbFile: string;
  datasetDir: string;
  sim: boolean;
  /** simulated events per second across all simulated sources */
  simRate: number;
  demo: boolean;
  /** HMAC secret for session tokens; when unset, one is generated once and kept in dataDir */
  tokenSecret: string | null;
  /** how often the hub pushes batched changes to screens */
  tickMs: number;
  /** how often scoped summaries are pushed */
  summaryMs: number;
  /** how often overdue cases are looked for and escalated */
  escalateMs: number;
  /** how often the early-warning rules are evaluated (0: only on demand) */
  alertMs: number;
  /** how often the cameras' streams are checked (0: never on a timer) */
  cameraCheckMs: number;
  /** origins of real cameras' HLS streams the screen may fetch (the demo's are served here) */
  videoOrigins: string[];
  /** a JSON working calendar (weekdays, hours, holidays, make-up days) for the SLA clocks */
  calendarFile: string | null;
  /** the screen layouts provisioned at start (layouts/*.json) */
  layoutsDir: string;
  /** serve the built screen from this folder when it exists */
  screenDir: string;
  logLevel: string;
  /** the most recent (source, id) keys of events held exactly in memory */
  idempotencyWindow: number;
  /** the fixed-size filter over every stored key, in MB */
  idempotencyFilterMb: number;
  /** positions, statistics and closed cases older than this many days move to Parquet (0: never) */
  retentionDays: number;
  /** check every REST answer against its schema (tests; GRIDCOMMAND_CHECK_ANSWERS=1) */
  validateResponses: boolean;
  /** the embedded MQTT broker's port: null off, 0 any free port */
  mqttPort: number | null;
  /** an external broker to subscribe to instead of the embedded one (mqtt://user:secret@host:port) */
  mqttUrl: string | null;
  /** simulated devices in demo mode */
  simDevices: number;
  /** a JSON file of device kinds and rules; null: the built-in ones */
  deviceRulesFile: string | null;
  /** how often devices are checked for silence */
  deviceCheckMs: number;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === '1' || value.toLowerCase() === 'true') return true;
  if (value === '0' || value.toLowerCase() === 'false') return false;
  throw new Error(`expected 0 or 1, got "${value}"`);
}

function int(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${value}"`);
  return n;
}

/** `0` turns the embedded broker off (API.md); `auto` takes any free port (tests). */
function mqttPort(value: string | undefined): number | null {
  if (value === 'auto') return 0;
  const n = int('GRIDCOMMAND_MQTT_PORT', value, 1883, 0);
  if (!Number.isInteger(n) || n > 65_535) throw new Error(`GRIDCOMMAND_MQTT_PORT must be a port, 0 (off) or auto, got "${value}"`);
  return n === 0 ? null : n;
}

function origins(name: string, value: string | undefined): string[] {
  const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const o of list) {
    let ok = false;
    try {
      const u = new URL(o);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === o.replace(/\/$/, '');
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`${name}: "${o}" is not an origin such as https://video.example.gov.cn`);
  }
  return list;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const dataDir = path.resolve(env.GRIDCOMMAND_DATA_DIR || './data');
  return {
    port: int('PORT', env.PORT, 8080, 0),
    host: env.HOST || '0.0.0.0',
    dataDir,
    dbFile: path.join(dataDir, 'gridcommand.duckdb'),
    datasetDir: path.resolve(env.GRIDCOMMAND_DATASET || './datasets/shenzhen'),
    sim: flag(env.GRIDCOMMAND_SIM, true),
    simRate: int('GRIDCOMMAND_SIM_RATE', env.GRIDCOMMAND_SIM_RATE, 5, 0),
    demo: flag(env.GRIDCOMMAND_DEMO, true),
    tokenSecret: env.GRIDCOMMAND_SECRET || null,
    tickMs: int('GRIDCOMMAND_TICK_MS', env.GRIDCOMMAND_TICK_MS, 50, 5),
    summaryMs: int('GRIDCOMMAND_SUMMARY_MS', env.GRIDCOMMAND_SUMMARY_MS, 2000, 100),
    escalateMs: int('GRIDCOMMAND_ESCALATE_MS', env.GRIDCOMMAND_ESCALATE_MS, 30_000, 100),
    alertMs: int('GRIDCOMMAND_ALERT_MS', env.GRIDCOMMAND_ALERT_MS, 60_000, 0),
    cameraCheckMs: int('GRIDCOMMAND_CAMERA_CHECK_MS', env.GRIDCOMMAND_CAMERA_CHECK_MS, 30_000, 0),
    videoOrigins: origins('GRIDCOMMAND_VIDEO_ORIGINS', env.GRIDCOMMAND_VIDEO_ORIGINS),
    calendarFile: env.GRIDCOMMAND_CALENDAR ? path.resolve(env.GRIDCOMMAND_CALENDAR) : null,
    layoutsDir: path.resolve(env.GRIDCOMMAND_LAYOUTS || './layouts'),
    screenDir: path.resolve(env.GRIDCOMMAND_SCREEN_DIR || './dist/screen'),
    logLevel: env.LOG_LEVEL || 'info',
    idempotencyWindow: int('GRIDCOMMAND_IDEMPOTENCY_WINDOW', env.GRIDCOMMAND_IDEMPOTENCY_WINDOW, 500_000, 1),
    retentionDays: int('GRIDCOMMAND_RETENTION_DAYS', env.GRIDCOMMAND_RETENTION_DAYS, 365, 0),
    idempotencyFilterMb: int('GRIDCOMMAND_IDEMPOTENCY_FILTER_MB', env.GRIDCOMMAND_IDEMPOTENCY_FILTER_MB, 128, 1),
    validateResponses: flag(env.GRIDCOMMAND_CHECK_ANSWERS, false),
    mqttPort: mqttPort(env.GRIDCOMMAND_MQTT_PORT),
    mqttUrl: env.GRIDCOMMAND_MQTT_URL || null,
    simDevices: int('GRIDCOMMAND_SIM_DEVICES', env.GRIDCOMMAND_SIM_DEVICES, 2000, 0),
    deviceRulesFile: env.GRIDCOMMAND_DEVICE_RULES ? path.resolve(env.GRIDCOMMAND_DEVICE_RULES) : null,
    deviceCheckMs: int('GRIDCOMMAND_DEVICE_CHECK_MS', env.GRIDCOMMAND_DEVICE_CHECK_MS, 5000, 100),
  };
}
