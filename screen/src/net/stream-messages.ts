import type { AlertView, CameraView, EventView, PositionView, StatView } from './protocol.js';

/** The `/screen` messages that carry a stream's views, in seq order. */
export interface StreamViews {
  events: EventView;
  positions: PositionView;
  cameras: CameraView;
  feedStats: StatView;
  alerts: AlertView;
}
export type StreamMessage = keyof StreamViews;

export const STREAM_MESSAGES: readonly StreamMessage[] = ['events', 'positions', 'cameras', 'feedStats', 'alerts'];
