// How an event, a camera and a worker look on the sandbox: pure data, so the colours are the
// same in Cesium's points and deck.gl's layers and can be tested without a GPU.
import { isOpenStatus, type EventView } from '../../net/protocol.js';

export type Rgba = readonly [number, number, number, number];

/** Status groups of the loop, each one colour on the dark map. */
const STATUS_COLOUR: Record<EventView['status'], Rgba> = {
  REPORTED: [147, 197, 253, 255],
  VERIFYING: [147, 197, 253, 255],
  ACCEPTED: [250, 204, 21, 255],
  FILED: [251, 146, 60, 255],
  DISPATCHED: [34, 211, 238, 255],
  PROCESSING: [45, 212, 191, 255],
  HANDLED: [74, 222, 128, 255],
  CHECKING: [74, 222, 128, 255],
  CLOSED: [100, 116, 139, 255],
  INVALID: [100, 116, 139, 255],
  REJECTED: [100, 116, 139, 255],
};
export const URGENT_OUTLINE: Rgba = [255, 59, 48, 255];
export const OVERDUE_OUTLINE: Rgba = [244, 63, 94, 255];
export const CAMERA_COLOUR: Rgba = [168, 85, 247, 255];
export const WORKER_COLOUR: Rgba = [52, 211, 153, 255];

export interface EventMark {
  colour: Rgba;
  outline: Rgba | null;
  /** point size in CSS pixels; urgent and overdue cases are large enough to see across the room */
  size: number;
}

export function eventMark(e: Pick<EventView, 'status' | 'urgency' | 'overdue'>): EventMark {
  const colour = STATUS_COLOUR[e.status];
  if (e.overdue && isOpenStatus(e.status)) return { colour, outline: OVERDUE_OUTLINE, size: 18 };
  if (e.urgency === 'urgent' && isOpenStatus(e.status)) return { colour, outline: URGENT_OUTLINE, size: 16 };
  return { colour, outline: null, size: 10 };
}

/** The map shows the cases still in the loop; finished ones leave it. */
export function onMap(e: Pick<EventView, 'status'>): boolean {
  return isOpenStatus(e.status);
}

/** A perception device by status: an alarm large and red with a bright ring, offline dimmed. */
export function deviceMark(d: { status: 'online' | 'offline'; alarm: boolean }): EventMark & { look: string } {
  if (d.alarm) return { colour: [239, 68, 68, 255], outline: [254, 226, 226, 255], size: 16, look: 'alarm' };
  if (d.status === 'online') return { colour: [163, 230, 53, 255], outline: null, size: 8, look: 'online' };
  return { colour: [100, 116, 139, 200], outline: null, size: 6, look: 'offline' };
}

/** Building colour by height: low blocks deep blue, towers bright cyan. */
export function buildingColour(heightM: number): Rgba {
  const t = Math.min(1, Math.max(0, Math.log1p(heightM) / Math.log1p(250)));
  return [Math.round(18 + 30 * t), Math.round(48 + 110 * t), Math.round(96 + 110 * t), 255];
}
