import { EVENT_STATUSES, type EventStatus } from '../net/protocol.js';

/** Workflow order, for tiles and charts: the protocol's own list. */
export const STATUS_ORDER = EVENT_STATUSES;

export type StatusTone = 'new' | 'intake' | 'active' | 'review' | 'done' | 'void';

export const STATUS_TONE: Record<EventStatus, StatusTone> = {
  REPORTED: 'new',
  VERIFYING: 'new',
  ACCEPTED: 'intake',
  FILED: 'intake',
  DISPATCHED: 'active',
  PROCESSING: 'active',
  HANDLED: 'review',
  CHECKING: 'review',
  CLOSED: 'done',
  INVALID: 'void',
  REJECTED: 'void',
};

export const TONE_COLOR: Record<StatusTone, string> = {
  new: '#3fa9ff',
  intake: '#22d3ee',
  active: '#fbbf24',
  review: '#a78bfa',
  done: '#34d399',
  void: '#7b8aa3',
};

