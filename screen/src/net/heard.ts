// When each live topic last brought data to this screen, for the widgets' stale marks. Plain
// (non-reactive): written per message; the marks read it on their own one-second clock.
import type { StreamMessage } from './stream-messages.js';

export type Topic = StreamMessage;

/**
 * How often each topic is expected to speak. The events topic carries the gateway's scope
 * summaries (every 2 s unless the gateway's hello says otherwise, quiet or not); the others
 * speak when something happens, so their silence alone is not staleness (null): only a lost
 * connection is.
 */
const cadenceMs: Record<Topic, number | null> = {
  events: 2000,
  alerts: null,
  positions: null,
  cameras: null,
  feedStats: null,
  deviceStatus: null,
  deviceTelemetry: null,
  deviceAlarms: null,
};

export function topicCadenceMs(topic: Topic): number | null {
  return cadenceMs[topic];
}

/** The gateway's summary interval, from its hello (GRIDCOMMAND_SUMMARY_MS there). */
export function setSummaryCadence(ms: number): void {
  if (Number.isFinite(ms) && ms > 0) cadenceMs.events = ms;
}

const heard = new Map<Topic, number>();

export function markHeard(topic: Topic, at: number = Date.now()): void {
  heard.set(topic, at);
}

export function lastHeard(topic: Topic): number | null {
  return heard.get(topic) ?? null;
}

export function forgetHeard(): void {
  heard.clear();
}
