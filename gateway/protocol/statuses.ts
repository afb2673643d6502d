/** The case states in workflow order (zod-free, so the screen can import the list itself). */
export const EVENT_STATUSES = [
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
] as const;
