import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import { listenAdminSocket } from './admin/admin-socket.js';
import { apiRouter } from './api/routes.js';
import { alertRouter } from './api/alert-routes.js';
import { AlertQueries } from './db/alert-queries.js';
import { KpiQueries, rebuildRollups } from './db/kpi-queries.js';
import { kpiRouter } from './api/kpi-routes.js';
import { Open311Queries } from './db/open311-queries.js';
import { DEFAULT_ALERT_RULES } from './domain/alert-rules.js';
import { open311Router } from './ingest/open311.js';
import { startAlertTicker } from './realtime/alert-ticker.js';
import { caseRouter } from './api/case-routes.js';
import { CaseService } from './cases/case-service.js';
import { DEFAULT_CALENDAR, validateCalendar, type WorkingCalendar } from './domain/working-calendar.js';
import { Identities, type DemoList } from './auth/identities.js';
import { loadOrCreateSecret, Sessions, TokenSigner } from './auth/tokens.js';
import { IdentityStore } from './db/identity-store.js';
import type { GatewayConfig } from './config.js';
import { Database } from './db/database.js';
import { EventQueries } from './db/event-queries.js';
import { Writer } from './db/writer.js';
import { Errors, GatewayError, toGatewayError } from './errors.js';
import { AreaIndex } from './geo/areas.js';
import { openCity, optional, type CityData } from './city.js';
import { ingestRouter } from './ingest/ingest-http.js';
import { attachIngestSocket, type IngestNamespace } from './ingest/ingest-socket.js';
import { IngestService } from './ingest/ingest-service.js';
import { createLogger, type Logger } from './log.js';
import { ScreenHub, type ScreenNamespace } from './realtime/screen-hub.js';

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
  log: Logger;
  close(): Promise<void>;
}

/** Replays beyond this many changes ask the screen to reload over REST instead. */
const REPLAY_MAX = 200_000;

/** Builds and starts the whole gateway: DuckDB, writer, ingest, hub, REST, static screen and video. */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger(config.logLevel)): Promise<Gateway> {
  const t0 = performance.now();
  const city = openCity(config.datasetDir);
  const areas = AreaIndex.fromCity(city);
  const calendar = loadCalendar(config.calendarFile); // before anything is opened: a bad file stops the start cleanly
  log.info({ areas: areas.byCode.size, ms: Math.round(performance.now() - t0) }, 'city loaded');
  const db = await Database.open(config.dbFile);
  const store = new IdentityStore(db);
  let ids: Identities;
  let sessions: Sessions;
  try {
    ids = await Identities.open(store, areas, { demo: config.demo, demoList: optional<DemoList | undefined>(() => city.users, undefined) });
    sessions = await Sessions.open(new TokenSigner(loadOrCreateSecret(config.tokenSecret, config.dataDir)), ids, store);
  } catch (err) {
    db.close(); // refusing to start must not keep the file locked
    throw err;
  }
  const queries = new EventQueries(db);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = http.createServer(app);
  const io = new Server(server, { serveClient: false, maxHttpBufferSize: 16e6, cors: { origin: false } });

  let hub: ScreenHub | null = null;
  // The KPI rollups are rebuilt from the events at every start, so they never drift for long.
  const tRollups = performance.now();
  await db.control(rebuildRollups);
  log.info({ ms: Math.round(performance.now() - tRollups) }, 'KPI rollups rebuilt');
  const writer = await Writer.start(db, (changes) => hub?.publish(changes), (msg, err) => log.warn({ err }, msg));
  hub = new ScreenHub(io.of('/screen') as ScreenNamespace, queries, sessions, {
    cityCode: areas.cityCode,
    tickMs: config.tickMs,
    summaryMs: config.summaryMs,
    replayMax: REPLAY_MAX,
    startSeq: writer.lastSeq,
  }, log);
  const categories = optional(() => city.categories, []);
  const eventClasses = new Set(categories.filter((c) => c.kind !== 'component').map((c) => c.code));
  const cases = new CaseService(db, writer, areas, categories, optional(() => city.departments, []), optional(() => city.workers, []), calendar);
  // A new case's first clock: filing + dispatch in plain minutes from the report (domain/sla.ts).
  const ingest = new IngestService(ids, areas, writer, eventClasses, (category, urgency, occurredMs) =>
    occurredMs + cases.ruleOf(category).dispatchMinutes[urgency] * 60_000,
  );
  const alertQueries = new AlertQueries(db);
  const alertTicker = startAlertTicker({ writer, queries: alertQueries, rules: DEFAULT_ALERT_RULES, everyMs: config.alertMs, log });
  const escalation = setInterval(() => {
    cases.escalateOverdue().catch((err: unknown) => log.warn({ err }, 'overdue escalation failed'));
  }, config.escalateMs);
  attachIngestSocket(io.of('/ingest') as IngestNamespace, ingest, log);

  app.use(helmet({ contentSecurityPolicy: { directives: CSP } }));
  app.use(ingestRouter(ingest));
  app.use(open311Router({ ingest, queries: new Open311Queries(db), categories, areas, identities: ids, log }));
  app.use(alertRouter({ sessions, writer, queries: alertQueries, store }));
  app.use(kpiRouter({ sessions, queries: new KpiQueries(db), areas }));
  app.use(caseRouter({ sessions, ids, store, queries, cases }));
  app.use(apiRouter({ ids, sessions, store, queries, areas, categories, seq: () => writer.lastSeq, startedAt: Date.now() }));
  app.use('/api', () => {
    throw Errors.notFound('route');
  });
  const videoDir = city.videoDir;
  if (fs.existsSync(videoDir)) app.use('/video', express.static(videoDir, { maxAge: '1h' }));
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
  const adminServer = await listenAdminSocket(config.dataDir, ids, store, log);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
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
    log,
    close() {
      closing ??= (async () => {
        clearInterval(escalation);
        await alertTicker.stop();
        adminServer.close();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        hub.close();
        await writer.close();
        db.close();
      })();
      return closing;
    },
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
  scriptSrc: ["'self'"],
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

/** express.json's own errors, in the catalogue's shape. */
function bodyParserError(err: unknown): GatewayError | null {
  const e = err as { type?: string; message?: string; limit?: number } | null;
  if (e?.type === 'entity.parse.failed') return Errors.validation('body', [{ path: '', message: `not valid JSON: ${e.message}` }]);
  if (e?.type === 'entity.too.large') return Errors.tooLarge(`request body larger than ${e.limit ?? '?'} bytes`);
  return null;
}
