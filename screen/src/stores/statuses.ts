import type { EventStatus } from '../net/protocol.js';

/** Workflow order, for tiles and charts (the protocol's list, kept here as a type-checked copy). */
export const STATUS_ORDER = [
  'REPORTED',
  'VERIFYING',
  'ACCEPTED',
  'INVALID',
  'FILED',
  'REJECTED',
  'DISPATCHED',
  'PROCESSING',
  'HANDLED',
  'CHECKING',
  'CLOSED',
] as const satisfies readonly EventStatus[];

// Compile error if the protocol gains a status this list lacks.
type Missing = Exclude<EventStatus, (typeof STATUS_ORDER)[number]>;
export const STATUS_LIST_IS_COMPLETE: [Missing] extends [never] ? true : never = true;

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

/** Statuses that mean the case is finished, one way or another. */
export const FINAL_STATUSES: readonly EventStatus[] = ['CLOSED', 'INVALID', 'REJECTED'];
