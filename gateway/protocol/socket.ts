import type { EventView, IngestAck, IngestEventBatch } from './events.js';
import type { AlertView, CameraView, PositionView, StatView } from './feeds.js';
import type { ScopeSummary } from './summary.js';
import type { DeviceAlarmView, DeviceCounts, DeviceStatusView, DeviceTelemetryView } from './devices.js';
import type { ErrorBody } from './errors.js';
import type { LayoutPublished } from './layout-editor.js';
import type { ConferenceMessage, FollowAnswer, SharedState } from './conferences.js';
import type { WallAuth, WallState } from './wall.js';

/** `auth` a screen sends when it connects to `/screen`. */
export interface ScreenAuth {
  token: string;
  /** the last seq the screen saw: the gateway replays every change after it, then goes live */
  since?: number;
  /** narrow the view to an area inside the user's scope (never wider) */
  scope?: string;
  /** this window is a tile of a spliced wall: it shares page, selection and drill-down with the wall's other windows */
  wall?: WallAuth;
}

/** First message on a `/screen` connection. */
export interface ScreenHello {
  user: { username: string; role: string; scope: string };
  scope: string;
  /** the highest seq committed when the connection was made */
  seq: number;
  /** true when `since` was older than what the gateway replays: reload the events over REST */
  resync: boolean;
  /** how often `stats` (the scope's summary) comes, in ms: its silence for longer means stale data */
  summaryMs: number;
}

export interface ScreenServerToClient {
  hello: (hello: ScreenHello) => void;
  events: (events: EventView[]) => void;
  /** end of the `since` replay: everything after this is live */
  replayed: (info: { seq: number; count: number }) => void;
  stats: (summary: ScopeSummary) => void;
  positions: (positions: PositionView[]) => void;
  cameras: (cameras: CameraView[]) => void;
  feedStats: (stats: StatView[]) => void;
  alerts: (alerts: AlertView[]) => void;
  /** a layout was published or restored: screens showing it switch to it in place */
  layout: (published: LayoutPublished) => void;
  /** devices: their measurements, status changes and alarms */
  deviceTelemetry: (readings: DeviceTelemetryView[]) => void;
  deviceStatus: (changes: DeviceStatusView[]) => void;
  deviceAlarms: (alarms: DeviceAlarmView[]) => void;
  /** devices online / offline / in alarm in the screen's scope and per area below: at most once a second, when they changed */
  deviceCounts: (counts: DeviceCounts) => void;
  /** another window of this wall changed what the wall shares (also sent on joining, when the wall has a state) */
  wall: (state: WallState) => void;
  /** to the screens following a conference session: the session changed, or the presenter's state */
  conference: (msg: ConferenceMessage) => void;
}
/** Screens listen; requests go over REST, except what a wall's window or a conference's presenter shares live. */
export interface ScreenClientToServer {
  wall: (state: WallState) => void;
  /** follow a session the user joined: answered with it and the presenter's latest state */
  'conference:follow': (id: string, ack: (answer: FollowAnswer) => void) => void;
  'conference:unfollow': (id: string) => void;
  /** the presenter's shared state (parts left out stay as they were) */
  'conference:state': (msg: { id: string; state: SharedState }, ack: (answer: { ok: true; seq: number } | ({ ok: false } & ErrorBody)) => void) => void;
}

/** `auth` a source sends when it connects to `/ingest`. */
export interface IngestAuth {
  key: string;
}
export type IngestResponse = (IngestAck & { status: 200 }) | (ErrorBody & { status: number });

export interface IngestClientToServer {
  events: (batch: IngestEventBatch, ack: (res: IngestResponse) => void) => void;
  positions: (batch: unknown, ack: (res: IngestResponse) => void) => void;
  cameras: (batch: unknown, ack: (res: IngestResponse) => void) => void;
  stats: (batch: unknown, ack: (res: IngestResponse) => void) => void;
  deviceTelemetry: (batch: unknown, ack: (res: IngestResponse) => void) => void;
}
export type IngestServerToClient = Record<string, never>;
