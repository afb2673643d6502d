import type { AlertKind } from '../../stores/alerts.js';

/** One colour per alert kind, distinct from each other and from the status tones. */
export const ALERT_KIND_COLOR: Record<AlertKind, string> = {
  overdue: '#fb923c',
  threshold: '#f43f5e',
  surge: '#c084fc',
};
