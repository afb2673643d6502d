// The case workflow of DOMAIN.md as data: a table of actions (from → to, who, guards) and a pure
// transition over it. The audit log is the truth: `transition` builds an audit row and derives the
// next state by applying that row, and `replay` applies the stored rows the same way.
import { EVENT_STATUSES, type EventStatus } from '../../protocol/events.js';
import { OPEN_STATUSES, TERMINAL_STATUSES, isOpenStatus } from '../../protocol/statuses.js';
import type { Actor, AuditRow, CaseAction, SourceRole } from '../../protocol/workflow.js';

export { EVENT_STATUSES, OPEN_STATUSES, TERMINAL_STATUSES, isOpenStatus, type EventStatus };

// --- actors -------------------------------------------------------------------------------

/** Who acts: a person (duty officer, leader), the gateway itself (automatic escalation), or a source system. */
export type { Actor, AuditRow, SourceRole };

/** What the action table grants: an actor kind, or a source system's role. */
export type Permission = 'duty' | 'leader' | 'system' | 'worker' | SourceRole;

export function permissionOf(actor: Actor): Permission {
  return actor.kind === 'source' ? actor.role : actor.kind;
}

// --- case state ---------------------------------------------------------------------------

export type CaseFlag = 'suspended' | 'supervised' | 'escalated' | 'backlog';

/** A closed stretch of suspension (ISO instants). */
export interface PausedInterval {
  from: string;
  to: string;
}

/** The current state of one case; all instants are ISO 8601 strings so the state is plain JSON. */
export interface CaseState {
  status: EventStatus;
  assignee: string | null;
  reworkCount: number;
  /** times a department sent the case back as "not our duty" (回退) */
  returnCount: number;
  suspended: boolean;
  supervised: boolean;
  escalated: boolean;
  backlog: boolean;
  /** start of the current suspension, while suspended */
  suspendedSince: string | null;
  /** total wall-clock time of finished suspensions */
  pausedMs: number;
  /** finished suspensions, for working-time deadlines (paused working time ≠ paused wall time) */
  pausedIntervals: PausedInterval[];
  openedAt: string;
  /** first filing (a return to FILED does not refile) */
  filedAt: string | null;
  /** first dispatch: the case-level clocks run from here */
  firstDispatchedAt: string | null;
  /** latest dispatch (incl. re-dispatch after a return, rework): the assignee's clock runs from here */
  dispatchedAt: string | null;
  /** latest return to FILED: the dispatcher's clock restarts here */
  returnedAt: string | null;
  /** latest feedback (HANDLED) */
  handledAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

/** A fresh case: reports enter REPORTED; citizen reports enter VERIFYING (on-site check first). */
/** The first state of a new case: citizens' reports are checked on site first (DOMAIN.md); the rest wait for intake. */
export function initialStatus(reporterKind: string): 'REPORTED' | 'VERIFYING' {
  return reporterKind === 'citizen' ? 'VERIFYING' : 'REPORTED';
}

export function newCase(openedAt: Date | string, status: 'REPORTED' | 'VERIFYING' = 'REPORTED'): CaseState {
  const at = toIso(openedAt);
  return {
    status,
    assignee: null,
    reworkCount: 0,
    returnCount: 0,
    suspended: false,
    supervised: false,
    escalated: false,
    backlog: false,
    suspendedSince: null,
    pausedMs: 0,
    pausedIntervals: [],
    openedAt: at,
    filedAt: null,
    firstDispatchedAt: null,
    dispatchedAt: null,
    returnedAt: null,
    handledAt: null,
    closedAt: null,
    updatedAt: at,
  };
}

// --- the action table ---------------------------------------------------------------------

export interface TransitionInput {
  assignee?: string;
  note?: string;
  attachments?: string[];
}

interface GuardContext {
  state: CaseState;
  input: TransitionInput | undefined;
}

interface Guard {
  /** true when the guard depends on the request input (not checked by `allowedActions`) */
  readonly usesInput: boolean;
  readonly test: (ctx: GuardContext) => boolean;
  /** why the action is refused when the test fails */
  readonly reason: string;
}

export const GUARDS = {
  notSuspended: { usesInput: false, test: ({ state }) => !state.suspended, reason: 'the case is suspended' },
  isSuspended: { usesInput: false, test: ({ state }) => state.suspended, reason: 'the case is not suspended' },
  notSupervised: { usesInput: false, test: ({ state }) => !state.supervised, reason: 'the case is already supervised' },
  notEscalated: { usesInput: false, test: ({ state }) => !state.escalated, reason: 'the case is already escalated' },
  notBacklog: { usesInput: false, test: ({ state }) => !state.backlog, reason: 'the case is already on the backlog' },
  isBacklog: { usesInput: false, test: ({ state }) => state.backlog, reason: 'the case is not on the backlog' },
  assigneeRequired: {
    usesInput: true,
    test: ({ input }) => typeof input?.assignee === 'string' && input.assignee.trim() !== '',
    reason: 'an assignee is required',
  },
} as const satisfies Record<string, Guard>;

export type GuardName = keyof typeof GUARDS;

export interface ActionRule {
  /** Chinese name as used on the screens */
  readonly zh: string;
  readonly from: readonly EventStatus[];
  /** the state it moves to; absent for a flag change (the state stays) */
  readonly to?: EventStatus;
  readonly flag?: { readonly name: CaseFlag; readonly value: boolean };
  readonly by: readonly Permission[];
  readonly guards: readonly GuardName[];
}

// A suspended case cannot move: every status change carries `notSuspended`; flags may still change.
export const ACTIONS = {
  verify: { zh: '核实', from: ['REPORTED'], to: 'VERIFYING', by: ['duty'], guards: ['notSuspended'] },
  confirm: { zh: '核实确认', from: ['VERIFYING'], to: 'ACCEPTED', by: ['inspector'], guards: ['notSuspended'] },
  accept: { zh: '受理', from: ['REPORTED'], to: 'ACCEPTED', by: ['duty'], guards: ['notSuspended'] },
  invalidate: { zh: '作废', from: ['REPORTED', 'VERIFYING'], to: 'INVALID', by: ['duty'], guards: ['notSuspended'] },
  file: { zh: '立案', from: ['ACCEPTED'], to: 'FILED', by: ['duty'], guards: ['notSuspended'] },
  reject: { zh: '不予立案', from: ['ACCEPTED'], to: 'REJECTED', by: ['duty'], guards: ['notSuspended'] },
  dispatch: {
    zh: '派遣',
    from: ['FILED'],
    to: 'DISPATCHED',
    by: ['duty'],
    guards: ['notSuspended', 'assigneeRequired'],
  },
  // a grid worker takes these on the cases dispatched to them (see `refusal`)
  start: { zh: '开始处置', from: ['DISPATCHED'], to: 'PROCESSING', by: ['department', 'worker'], guards: ['notSuspended'] },
  return: { zh: '回退', from: ['DISPATCHED'], to: 'FILED', by: ['department', 'worker'], guards: ['notSuspended'] },
  feedback: { zh: '处置反馈', from: ['PROCESSING'], to: 'HANDLED', by: ['department', 'worker'], guards: ['notSuspended'] },
  check: { zh: '核查', from: ['HANDLED'], to: 'CHECKING', by: ['duty'], guards: ['notSuspended'] },
  pass: { zh: '结案', from: ['CHECKING'], to: 'CLOSED', by: ['inspector', 'duty'], guards: ['notSuspended'] },
  fail: { zh: '返工', from: ['CHECKING'], to: 'DISPATCHED', by: ['inspector', 'duty'], guards: ['notSuspended'] },
  'self-handle': { zh: '自行处置', from: ['REPORTED'], to: 'CLOSED', by: ['inspector'], guards: ['notSuspended'] },
  suspend: {
    zh: '延期/缓办',
    from: OPEN_STATUSES,
    flag: { name: 'suspended', value: true },
    by: ['duty'],
    guards: ['notSuspended'],
  },
  resume: {
    zh: '恢复',
    from: OPEN_STATUSES,
    flag: { name: 'suspended', value: false },
    by: ['duty'],
    guards: ['isSuspended'],
  },
  supervise: {
    zh: '督办',
    from: OPEN_STATUSES,
    flag: { name: 'supervised', value: true },
    by: ['duty', 'leader'],
    guards: ['notSupervised'],
  },
  // `system`: the gateway escalates an overdue case on its own (sla.ts `escalationDue`).
  escalate: {
    zh: '升级',
    from: OPEN_STATUSES,
    flag: { name: 'escalated', value: true },
    by: ['duty', 'leader', 'system'],
    guards: ['notEscalated'],
  },
  backlog: {
    zh: '挂账',
    from: OPEN_STATUSES,
    flag: { name: 'backlog', value: true },
    by: ['duty'],
    guards: ['notBacklog'],
  },
  unbacklog: {
    zh: '销账',
    from: OPEN_STATUSES,
    flag: { name: 'backlog', value: false },
    by: ['duty'],
    guards: ['isBacklog'],
  },
} as const satisfies Record<CaseAction, ActionRule>;

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

function ruleOf(action: ActionName): ActionRule {
  return ACTIONS[action];
}

// --- audit rows and effects ---------------------------------------------------------------

/** One append-only audit record: who, when, from, to, note, attachments. */

export type ClockName = 'dispatch' | 'handle';

/** What the gateway should do once the new state is stored. */
export type Effect =
  | { kind: 'startClock'; clock: ClockName }
  | { kind: 'stopClock'; clock: ClockName | 'case' }
  | { kind: 'pauseClock' }
  | { kind: 'resumeClock'; pausedMs: number }
  | { kind: 'notifyAssignee'; assignee: string }
  | { kind: 'notifyDuty'; reason: 'returned' | 'handled' | 'confirmed' }
  | { kind: 'raiseAlert'; reason: 'supervised' | 'escalated' };

function effectsOf(prev: CaseState, row: AuditRow, next: CaseState): Effect[] {
  switch (row.action) {
    case 'dispatch':
    case 'fail': {
      const effects: Effect[] = [];
      if (row.action === 'dispatch' && prev.firstDispatchedAt === null) effects.push({ kind: 'stopClock', clock: 'dispatch' });
      effects.push({ kind: 'startClock', clock: 'handle' });
      if (row.assignee !== null) effects.push({ kind: 'notifyAssignee', assignee: row.assignee });
      return effects;
    }
    case 'return':
      return [
        { kind: 'stopClock', clock: 'handle' },
        { kind: 'notifyDuty', reason: 'returned' },
      ];
    case 'feedback':
      return [
        { kind: 'stopClock', clock: 'handle' },
        { kind: 'notifyDuty', reason: 'handled' },
      ];
    case 'confirm':
      return [{ kind: 'notifyDuty', reason: 'confirmed' }];
    case 'pass':
    case 'self-handle':
    case 'invalidate':
    case 'reject':
      return [{ kind: 'stopClock', clock: 'case' }];
    case 'suspend':
      return [{ kind: 'pauseClock' }];
    case 'resume':
      return [{ kind: 'resumeClock', pausedMs: next.pausedMs - prev.pausedMs }];
    case 'supervise':
      return [{ kind: 'raiseAlert', reason: 'supervised' }];
    case 'escalate':
      return [{ kind: 'raiseAlert', reason: 'escalated' }];
    default:
      return [];
  }
}

// --- transition ---------------------------------------------------------------------------

export type TransitionErrorCode = 'NOT_ALLOWED_FROM_STATE' | 'ROLE_NOT_ALLOWED' | 'GUARD_FAILED';

export type TransitionResult =
  | { ok: true; next: CaseState; effects: Effect[]; audit: AuditRow }
  | { ok: false; code: TransitionErrorCode; message: string };

type Refusal = Extract<TransitionResult, { ok: false }>;

function refusal(
  state: CaseState,
  action: string,
  actor: Actor,
  input: TransitionInput | undefined,
  checkInput: boolean,
): Refusal | null {
  if (!isActionName(action)) {
    return { ok: false, code: 'NOT_ALLOWED_FROM_STATE', message: `unknown action "${action}" in state ${state.status}` };
  }
  const rule = ruleOf(action);
  const who = permissionOf(actor);
  // Role before state: an actor who may never take this action learns nothing about the case.
  if (!rule.by.includes(who)) {
    return {
      ok: false,
      code: 'ROLE_NOT_ALLOWED',
      message: `action "${action}" may not be taken by ${who} (allowed: ${rule.by.join(', ')})`,
    };
  }
  // A grid worker acts only on what was dispatched to them, never on a colleague's case.
  if (who === 'worker' && state.assignee !== actor.id) {
    return { ok: false, code: 'ROLE_NOT_ALLOWED', message: `the case is not dispatched to worker ${actor.id}` };
  }
  if (!rule.from.includes(state.status)) {
    return {
      ok: false,
      code: 'NOT_ALLOWED_FROM_STATE',
      message: `action "${action}" is not allowed from state ${state.status}`,
    };
  }
  for (const name of rule.guards) {
    const guard: Guard = GUARDS[name];
    if (guard.usesInput && !checkInput) continue;
    if (!guard.test({ state, input })) {
      return {
        ok: false,
        code: 'GUARD_FAILED',
        message: `action "${action}" refused in state ${state.status}: ${guard.reason} (${name})`,
      };
    }
  }
  return null;
}

/** Take `action` on a case: the next state, the effects to run after storing it, and its audit row. */
export function transition(
  state: CaseState,
  action: ActionName,
  actor: Actor,
  input: TransitionInput | undefined,
  now: Date,
): TransitionResult {
  const refused = refusal(state, action, actor, input, true);
  if (refused) return refused;
  const rule = ruleOf(action);
  const assignee = action === 'dispatch' ? (input?.assignee ?? '').trim() : action === 'return' ? null : state.assignee;
  const audit: AuditRow = {
    action,
    at: now.toISOString(),
    actor,
    from: state.status,
    to: rule.to ?? state.status,
    assignee,
    note: input?.note ?? null,
    attachments: input?.attachments ?? [],
  };
  const next = applyAudit(state, audit);
  return { ok: true, next, effects: effectsOf(state, audit, next), audit };
}

/** The actions `actor` may take on the case now (input-dependent guards such as `assigneeRequired` are not checked). */
export function allowedActions(state: CaseState, actor: Actor): ActionName[] {
  return ACTION_NAMES.filter((a) => refusal(state, a, actor, undefined, false) === null);
}

// --- the log is the truth ------------------------------------------------------------------

export class ReplayError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`audit row ${index}: ${message}`);
    this.name = 'ReplayError';
  }
}

/**
 * The state after one audit row. Rows are applied as recorded (roles are not re-checked, so a
 * log written under an older table still replays); only the row's `from` must match.
 */
export function applyAudit(state: CaseState, row: AuditRow): CaseState {
  if (!isActionName(row.action)) throw new Error(`unknown action "${row.action}"`);
  if (row.from !== state.status) {
    throw new Error(`action "${row.action}" recorded from ${row.from} but the case is ${state.status}`);
  }
  const rule = ruleOf(row.action);
  const at = row.at;
  const next: CaseState = {
    ...state,
    status: row.to,
    assignee: row.assignee,
    updatedAt: at,
  };
  if (rule.flag) {
    if (rule.flag.name === 'suspended') {
      if (rule.flag.value) {
        next.suspended = true;
        next.suspendedSince = at;
      } else if (state.suspendedSince !== null) {
        next.suspended = false;
        next.suspendedSince = null;
        next.pausedMs = state.pausedMs + Math.max(0, Date.parse(at) - Date.parse(state.suspendedSince));
        next.pausedIntervals = [...state.pausedIntervals, { from: state.suspendedSince, to: at }];
      } else {
        next.suspended = false;
      }
    } else {
      next[rule.flag.name] = rule.flag.value;
    }
  }
  switch (row.action) {
    case 'file':
      next.filedAt = state.filedAt ?? at;
      break;
    case 'dispatch':
      next.firstDispatchedAt = state.firstDispatchedAt ?? at;
      next.dispatchedAt = at;
      break;
    case 'return':
      next.returnCount = state.returnCount + 1;
      next.returnedAt = at;
      break;
    case 'feedback':
      next.handledAt = at;
      break;
    case 'fail':
      next.reworkCount = state.reworkCount + 1;
      next.dispatchedAt = at;
      break;
    case 'pass':
    case 'self-handle':
      next.closedAt = at;
      break;
    default:
      break;
  }
  return next;
}

/** Rebuild a case's current state from its audit log, oldest row first. */
export function replay(initial: CaseState, rows: readonly AuditRow[]): CaseState {
  let state = initial;
  rows.forEach((row, i) => {
    try {
      state = applyAudit(state, row);
    } catch (err) {
      throw new ReplayError(i, (err as Error).message);
    }
  });
  return state;
}

function toIso(t: Date | string): string {
  return typeof t === 'string' ? new Date(t).toISOString() : t.toISOString();
}
