import type { EventStatus } from './events.js';

/** Counts by status and category for one scope, pushed on a tick and served by REST. */
export interface ScopeSummary {
  scope: string;
  seq: number;
  total: number;
  byStatus: Partial<Record<EventStatus, number>>;
  byCategory: Record<string, number>;
  /** events whose occurredAt is within the last 24 hours */
  last24h: number;
  at: string;
}
