import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import { listenAdminSocket } from './admin/admin-socket.js';
import { coreRoutes } from './api/routes.js';
import { alertRoutes } from './api/alert-routes.js';
import { feedRoutes } from './api/feed-routes.js';
import { buildingRoutes } from './api/building-routes.js';
import { buildOpenApi } from './api/openapi.js';
import { mountRoutes, type AnyRoute } from './api/route.js';
import { FeedQueries } from './db/feed-queries.js';
import { AlertQueries } from './db/alert-queries.js';
import { catchUpRollups, KpiQueries } from './db/kpi-queries.js';
import { kpiRoutes } from './api/kpi-routes.js';
import { reportRoutes } from './api/report-routes.js';
import { Open311Queries } from './db/open311-queries.js';
import { DEFAULT_ALERT_RULES } from './domain/alert-rules.js';
import { open311Router } from './ingest/open311.js';
import { OPEN311_OPENAPI_PATHS } from './ingest/open311-openapi.js';
import { startAlertTicker } from './realtime/alert-ticker.js';
import { caseRoutes } from './api/case-routes.js';
import { mediaRoutes } from './api/media-routes.js';
import { workerRoutes } from './api/worker-routes.js';
import { MediaStore } from './db/media-store.js';
import { WorkerQueries } from './db/worker-queries.js';
import { MediaFiles } from './media/media-files.js';
import { cityRoutes } from './api/city-routes.js';
import { layoutRoutes } from './api/layout-routes.js';
import { LayoutStore } from './db/layout-store.js';
import { LayoutCatalog, readLayoutFiles } from './layouts/layout-catalog.js';
import { editorRoutes } from './api/editor-routes.js';
import { LayoutVersions } from './db/layout-versions.js';
import { announceLayout } from './realtime/layout-announcer.js';
import { CaseService } from './cases/case-service.js';
import { DEFAULT_CALENDAR, validateCalendar, type WorkingCalendar } from './domain/working-calendar.js';
import { Identities, type DemoList } from './auth/identities.js';
import { loadOrCreateSecret, Sessions, TokenSigner } from './auth/tokens.js';
import { IdentityStore } from './db/identity-store.js';
import type { GatewayConfig } from './config.js';
import { Database } from './db/database.js';
import { Archive } from './db/archive.js';
import { countsFromRollups, EventQueries, type SummaryCounts } from './db/event-queries.js';
import { Writer } from './db/writer.js';
import { KpiRollupFollower } from './db/kpi-rollup-follower.js';
import { PositionQueries } from './db/position-queries.js';
import { gatewayStreams, type AnyStream } from './db/streams/index.js';
import type { Migration } from './db/migrations.js';
import { MIGRATIONS } from './db/migrations.js';
import { SlaRules } from './domain/sla.js';
import { WorkerLocator } from './geo/worker-locator.js';
import { Errors, type GatewayError, toGatewayError } from './errors.js';
import { AreaIndex } from './geo/areas.js';
import { openCity, optional, type CityData } from './city.js';
import { ingestRoutes } from './ingest/ingest-http.js';
import { attachIngestSocket, type IngestNamespace } from './ingest/ingest-socket.js';
import { IngestService } from './ingest/ingest-service.js';
import { createLogger, type Logger } from './log.js';
import { ScreenHub, type ScreenNamespace } from './realtime/screen-hub.js';
import { DeviceCountsPush } from './realtime/device-counts.js';
import { deviceRoutes } from './api/device-routes.js';
import { DeviceStore } from './db/device-store.js';
import { deviceStreams } from './db/streams/devices.js';
import { DeviceService } from './devices/device-service.js';
import { startEmbeddedBroker } from './devices/mqtt-broker.js';
import { startExternalSubscriber } from './devices/mqtt-subscriber.js';
import { DeviceRegistry } from './devices/registry.js';
import { loadDeviceRules } from './devices/rules.js';
import { liveUrlOf, liveVideoRouter } from './video/live-playlist.js';
import { conferenceRoutes } from './api/conference-routes.js';
import { ConferenceService } from './conferences/conference-service.js';
import { ConferenceStore } from './db/conference-store.js';
import { attachConferenceSocket } from './realtime/conference-socket.js';
import { startStreamCheck, type StreamCheck } from './video/stream-check.js';

/** how long a stopping gateway lets requests in flight finish before it drops their connections */
const CLOSE_GRACE_MS = 3000;

export interface Gateway {
  url: string;
  db: Database;
  city: CityData;
  port: number;
  dbFile: string;
  areas: AreaIndex;
  ids: Identities;
  sessions: Sessions;
  store: IdentityStore;
  cases: CaseService;
  writer: Writer;
  hub: ScreenHub;
  devices: DeviceService;
  /** the embedded MQTT broker's port, or null (off, or an external broker) */
  mqttPort: number | null;
  /** the cameras' stream check (runs on a timer unless GRIDCOMMAND_CAMERA_CHECK_MS=0) */
  streamCheck: StreamCheck;
  /** the REST routes (the OpenAPI document is generated from them) */
  routes: readonly AnyRoute[];
  log: Logger;
  close(): Promise<void>;
}

/** How often rows past the retention age are moved to the archive. */
const RETENTION_EVERY_MS = 6 * 3600_000;

/** Replays beyond this many changes ask the screen to reload over REST instead. */
const REPLAY_MAX = 200_000;
/** How often the device counts are pushed to screens at most (only when they changed). */
const DEVICE_COUNTS_MS = 1000;

/** What a gateway runs besides its own streams (a new kind of source, in tests or extensions). */
export interface GatewayOptions {
  /** streams to run beside events, positions, cameras, stats and alerts */
  streams?: readonly AnyStream[];
  /** schema migrations after the gateway's own (the tables of those streams) */
  migrations?: readonly Migration[];
}

/** Builds and starts the whole gateway: DuckDB, writer, ingest, hub, REST, static screen and video. */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger(config.logLevel), options: GatewayOptions = {}): Promise<Gateway> {
  const t0 = performance.now();
  const city = openCity(config.datasetDir);
  const areas = AreaIndex.fromCity(city);
  const cityRoute = cityRoutes(city, areas); // checks city.json before anything is opened
  const calendar = loadCalendar(config.calendarFile); // before anything is opened: a bad file stops the start cleanly
  readLayoutFiles(config.layoutsDir); // likewise: a bad layout file stops the start naming the file and the path
  const deviceRules = loadDeviceRules(config.deviceRulesFile);
  log.info({ areas: areas.byCode.size, ms: Math.round(performance.now() - t0) }, 'city loaded');
  const db = await Database.open(config.dbFile, [...MIGRATIONS, ...(options.migrations ?? [])]);
  const store = new IdentityStore(db);
  let ids: Identities;
  let sessions: Sessions;
  try {
    ids = await Identities.open(store, areas, {
      demo: config.demo,
      demoList: optional<DemoList | undefined>(() => city.users, undefined),
      demoWorkers: optional(() => city.workers, []),
    });
    sessions = await Sessions.open(new TokenSigner(loadOrCreateSecret(config.tokenSecret, config.dataDir)), ids, store);
  } catch (err) {
    db.close(); // refusing to start must not keep the file locked
    throw err;
  }
  const archive = new Archive(db, path.join(config.dataDir, 'archive'));
  const queries = new EventQueries(db, archive);
  const layouts = await LayoutCatalog.open(new LayoutStore(db), config.layoutsDir, log);
  const deviceStore = new DeviceStore(db);
  const registry = await DeviceRegistry.open(deviceStore, areas, deviceRules);
  await registry.provisionDemo(config.demo, config.simDevices);
  const devStreams = deviceStreams((id) => registry.place(id));

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = http.createServer(app);
  // Sources keep connections open between batches: closing idle ones after Node's 5 s races a
  // source's next request on a busy machine (ECONNRESET); a minute is what load balancers expect.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const io = new Server(server, { serveClient: false, maxHttpBufferSize: 16e6, cors: { origin: false } });

  // The KPI rollups persist with a watermark: a start adds only the cases created since.
  const tRollups = performance.now();
  const rolled = await db.control(catchUpRollups);
  log.info({ ms: Math.round(performance.now() - tRollups), ...rolled }, rolled.rebuilt ? 'KPI rollups rebuilt' : 'KPI rollups brought up to date');
  const categories = optional(() => city.categories, []);
  const slaRules = new SlaRules(categories);
  const streams = gatewayStreams(
    {
      classes: new Set(categories.filter((c) => c.kind !== 'component').map((c) => c.code)),
      dispatchDeadline: (category, urgency, occurredMs) => slaRules.firstDeadline(category, urgency, occurredMs),
    },
    [devStreams.telemetry, devStreams.status, devStreams.alarms, ...(options.streams ?? [])],
  );
  const tKeys = performance.now();
  const writer = await Writer.start(db, streams, (msg, err) => log.warn({ err }, msg), { window: config.idempotencyWindow, filterMb: config.idempotencyFilterMb });
  log.info({ ms: Math.round(performance.now() - tKeys) }, 'writer started (stored keys loaded)');
  const rollups = await KpiRollupFollower.follow(db, writer, (msg, err) => log.warn({ err }, msg));
  const screenNsp = io.of('/screen') as ScreenNamespace;
  // Counted as a step of the writer: after every earlier commit, with the rollups caught up, so
  // the summary is exact at the seq it carries (screens add later changes on top of it).
  const summaryCounts: SummaryCounts = (nowMs, scope) =>
    writer.apply(async ({ conn }) => ({ result: { counts: await countsFromRollups(conn, nowMs, scope), seq: writer.committedSeq } }));
  const hub = new ScreenHub(screenNsp, db, streams, sessions, {
    tickMs: config.tickMs,
    summaryMs: config.summaryMs,
    replayMax: REPLAY_MAX,
    startSeq: writer.lastSeq,
    summaryCounts,
  }, log);
  writer.onCommit((changes) => hub.publish(changes));
  const workers = optional(() => city.workers, []);
  const positionQueries = new PositionQueries(db, archive);
  const locator = await WorkerLocator.load(positionQueries, writer);
  const cases = new CaseService(db, writer, areas, slaRules, optional(() => city.departments, []), workers, locator, calendar, archive);
  const ingest = new IngestService(ids, areas, writer, streams);
  const devices = new DeviceService(registry, writer, { ...devStreams, events: streams.get('events')! }, areas, log);
  await registry.loadState(Date.now());
  await devices.start(deviceStore, config.deviceCheckMs);
  const deviceCounts = new DeviceCountsPush(screenNsp, registry, () => writer.committedSeq, DEVICE_COUNTS_MS);
  writer.onCommit((changes) => deviceCounts.committed(changes));
  const alertQueries = new AlertQueries(db);
  const alertTicker = startAlertTicker({ writer, queries: alertQueries, rules: DEFAULT_ALERT_RULES, everyMs: config.alertMs, log });
  // Retention: old positions, statistics and closed cases move to Parquet (docs/history.md).
  let moving: Promise<unknown> = Promise.resolve();
  const retain = () => {
    if (!config.retentionDays) return;
    moving = archive.moveOlderThan(Date.now() - config.retentionDays * 86_400_000).then(
      (moved) => moved.length && log.info({ moved }, 'archived old rows'),
      (err: unknown) => log.warn({ err }, 'archive move failed; retried at the next run'),
    );
  };
  const retention = setInterval(retain, RETENTION_EVERY_MS);
  retention.unref();
  const firstMove = setTimeout(retain, 60_000); // not in the way of the start
  firstMove.unref();
  const escalation = setInterval(() => {
    cases.escalateOverdue().catch((err: unknown) => log.warn({ err }, 'overdue escalation failed'));
  }, config.escalateMs);
  attachIngestSocket(io.of('/ingest') as IngestNamespace, ingest, log);
  const conferences = await ConferenceService.open({ store: new ConferenceStore(db), areas, demoStreamOf: demoConferenceStreams(city.videoDir) });
  attachConferenceSocket(io.of('/screen') as ScreenNamespace, conferences, log);

  app.use(helmet({ contentSecurityPolicy: { directives: cspWith(config.videoOrigins) } }));
  let openapi: object = {};
  const workerQueries = new WorkerQueries(db);
  for (const [workerId, on] of await workerQueries.dutySwitches()) cases.setOnDuty(workerId, on);
  const media = new MediaStore(db);
  const routes: AnyRoute[] = [
    ...cityRoute,
    ...layoutRoutes(layouts),
    ...ingestRoutes(ingest),
    ...editorRoutes({ catalog: layouts, versions: new LayoutVersions(db), announce: (p) => announceLayout(screenNsp, p) }),
    ...alertRoutes({ writer, queries: alertQueries, store }),
    ...kpiRoutes({ queries: new KpiQueries(db), areas }),
    ...reportRoutes({ queries: new KpiQueries(db), areas, departments: optional(() => city.departments, []), cityName: city.city.name }),
    ...conferenceRoutes(conferences),
    ...caseRoutes({ sessions, ids, store, queries, cases, workers: workerQueries, media }),
    ...workerRoutes({ ingest, workers: workerQueries, media, cases }),
    ...mediaRoutes({ files: new MediaFiles(config.dataDir), store: media }),
    ...deviceRoutes({ registry, store: deviceStore, committedSeq: () => writer.committedSeq }),
    ...buildingRoutes({ buildings: () => optional(() => city.buildings(), null) }),
    ...feedRoutes({ positions: positionQueries, feeds: new FeedQueries(db), committedSeq: () => writer.committedSeq }),
    ...coreRoutes({ ids, sessions, store, queries, areas, categories, committedSeq: () => writer.committedSeq, seq: () => writer.lastSeq, summaryCounts, startedAt: Date.now(), openapi: () => openapi }),
  ];
  openapi = buildOpenApi(routes, OPEN311_OPENAPI_PATHS);
  app.use(open311Router({ ingest, queries: new Open311Queries(db), categories, departments: optional(() => city.departments, []), areas, identities: ids, city: city.city, log }));
  app.use(mountRoutes(routes, { sessions, validateResponses: config.validateResponses, log }));
  app.use('/api', () => {
    throw Errors.notFound('route');
  });
  const videoDir = city.videoDir;
  if (fs.existsSync(videoDir)) {
    app.use(liveVideoRouter(videoDir));
    app.use('/video', express.static(videoDir, { maxAge: '1h' }));
  }
  if (fs.existsSync(path.join(config.screenDir, 'index.html'))) {
    app.use(express.static(config.screenDir, { index: 'index.html' }));
    app.get(/^\/(?!api\/|socket\.io\/|video\/).*/, (_req, res) => res.sendFile(path.join(config.screenDir, 'index.html')));
  } else {
    log.warn({ screenDir: config.screenDir }, 'no built screen found (run `npm run build`): serving the API only');
  }
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = bodyParserError(err) ?? toGatewayError(err);
    if (e.statusCode >= 500) log.error({ err }, 'request failed');
    res.status(e.statusCode).json(e.toBody());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const adminServer = await listenAdminSocket(config.dataDir, ids, store, log, registry);
  // Devices connect last: what they publish is stored from the first message on.
  const subscriber = config.mqttUrl ? await startExternalSubscriber({ url: config.mqttUrl, devices, log }) : null;
  const broker = !subscriber && config.mqttPort !== null ? await startEmbeddedBroker({ port: config.mqttPort, host: config.host, devices, store, log }) : null;
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const streamCheck = startStreamCheck({ db, writer, everyMs: config.cameraCheckMs, baseUrl: () => url, log });
  log.info({ url, seq: writer.lastSeq, ms: Math.round(performance.now() - t0) }, 'gateway listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    db,
    city,
    port,
    dbFile: config.dbFile,
    areas,
    ids,
    sessions,
    store,
    cases,
    writer,
    hub,
    devices,
    mqttPort: broker?.port ?? null,
    streamCheck,
    routes,
    log,
    close() {
      closing ??= (async () => {
        clearInterval(escalation);
        clearInterval(retention);
        clearTimeout(firstMove);
        await moving;
        await broker?.close();
        await subscriber?.close();
        devices.stop();
        deviceCounts.close();
        await alertTicker.stop();
        await streamCheck.stop();
        adminServer.close();
        // Requests in flight get a moment to finish; then keep-alive clients that hold connections
        // open (HTTP sources, the in-process simulator: 50 of them) must not keep the gateway from
        // stopping — it waited on them for ever after Ctrl-C.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        clearTimeout(force);
        hub.close();
        await writer.close();
        await rollups.stop();
        db.close();
      })();
      return closing;
    },
  };
}

/** The demo's conference stream of a center: one of the dataset's clips, live, chosen by its area code. */
function demoConferenceStreams(videoDir: string): (scope: string) => string {
  const clipsDir = path.join(videoDir, 'clips');
  const clips = fs.existsSync(clipsDir) ? fs.readdirSync(clipsDir).filter((c) => fs.existsSync(path.join(clipsDir, c, 'index.m3u8'))).sort() : [];
  return (scope) => {
    if (!clips.length) return '';
    const n = [...scope].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 1_000_003, 7);
    return liveUrlOf(`/video/clips/${clips[n % clips.length]!}/index.m3u8`);
  };
}

/** The working calendar of the SLA clocks: a JSON file (GRIDCOMMAND_CALENDAR) or Mon–Fri 09–12, 14–18. */
function loadCalendar(file: string | null): WorkingCalendar {
  if (!file) return DEFAULT_CALENDAR;
  let raw: Partial<WorkingCalendar>;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WorkingCalendar>;
  } catch (err) {
    throw new Error(`working calendar ${file}: ${(err as Error).message}`);
  }
  try {
    return validateCalendar({ ...DEFAULT_CALENDAR, ...raw });
  } catch (err) {
    throw new Error(`working calendar ${file}: ${(err as Error).message}`);
  }
}

/** What the screen may load: only this origin, plus blob: for workers and video, ws: for sockets. */
const CSP = {
  defaultSrc: ["'self'"],
  // Cesium's geometry workers compile WebAssembly; 'wasm-unsafe-eval' allows that and nothing of eval
  scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'", 'ws:', 'wss:'],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'self'"],
  upgradeInsecureRequests: null,
};

/** The policy, letting players fetch the streams of real cameras from their video platforms' origins. */
function cspWith(videoOrigins: readonly string[]): typeof CSP {
  return { ...CSP, mediaSrc: [...CSP.mediaSrc, ...videoOrigins], connectSrc: [...CSP.connectSrc, ...videoOrigins] };
}

/** express.json's own errors, in the catalogue's shape. */
function bodyParserError(err: unknown): GatewayError | null {
  const e = err as { type?: string; message?: string; limit?: number } | null;
  if (e?.type === 'entity.parse.failed') return Errors.validation('body', [{ path: '', message: `not valid JSON: ${e.message}` }]);
  if (e?.type === 'entity.too.large') return Errors.tooLarge(`request body larger than ${e.limit ?? '?'} bytes`);
  return null;
}
