import type { AlertView, CameraView, DeviceAlarmView, DeviceStatusView, DeviceTelemetryView, EventView, PositionView, StatView } from './protocol.js';

/** The `/screen` messages that carry a stream's views, in seq order. */
export interface StreamViews {
  events: EventView;
  positions: PositionView;
  cameras: CameraView;
  feedStats: StatView;
  alerts: AlertView;
  deviceStatus: DeviceStatusView;
  deviceTelemetry: DeviceTelemetryView;
  deviceAlarms: DeviceAlarmView;
}
export type StreamMessage = keyof StreamViews;

export const STREAM_MESSAGES: readonly StreamMessage[] = ['events', 'positions', 'cameras', 'feedStats', 'alerts', 'deviceStatus', 'deviceTelemetry', 'deviceAlarms'];
