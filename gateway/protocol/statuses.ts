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

type Status = (typeof EVENT_STATUSES)[number];

/** States a case never leaves: closed, found invalid, or rejected at filing. */
export const TERMINAL_STATUSES = ['INVALID', 'REJECTED', 'CLOSED'] as const satisfies readonly Status[];

/** Every state that is not terminal: a case in one of these is open (and may be overdue). */
export const OPEN_STATUSES: readonly Status[] = EVENT_STATUSES.filter((s) => !(TERMINAL_STATUSES as readonly Status[]).includes(s));

export function isTerminalStatus(status: Status): boolean {
  return (TERMINAL_STATUSES as readonly Status[]).includes(status);
}

export function isOpenStatus(status: Status): boolean {
  return !isTerminalStatus(status);
}
