export { alertStream } from './alerts.js';
export { eventStream, type EventStreamOptions } from './events.js';
export { cameraStream, positionStream, statStream, cameraView, positionView, statView } from './feeds.js';
export { StreamRegistry } from './registry.js';
export { appenderSink, defineStream, jsonInsertSink, type AnyStream, type Change, type Idempotency, type Issue, type Placed, type Sink, type SinkRow, type StreamDef } from './stream.js';

import { alertStream } from './alerts.js';
import { eventStream, type EventStreamOptions } from './events.js';
import { cameraStream, positionStream, statStream } from './feeds.js';
import { StreamRegistry } from './registry.js';
import type { AnyStream } from './stream.js';

/** The gateway's streams: events, positions, cameras, stats and alerts, plus any given (a new kind of source). */
export function gatewayStreams(events: EventStreamOptions, more: readonly AnyStream[] = []): StreamRegistry {
  return new StreamRegistry([eventStream(events), positionStream, cameraStream, statStream, alertStream, ...more]);
}
