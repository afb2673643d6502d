import { describe, expect, it } from 'vitest';
import {
  ACTION_NAMES,
  ACTIONS,
  EVENT_STATUSES,
  OPEN_STATUSES,
  ReplayError,
  allowedActions,
  newCase,
  replay,
  transition,
  type ActionName,
  type Actor,
  type AuditRow,
  type CaseState,
  type EventStatus,
  type Permission,
  type TransitionInput,
} from './workflow.js';

const T0 = new Date('2026-11-30T09:00:00+08:00');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const ACTORS: Record<Permission, Actor> = {
  duty: { kind: 'duty', id: 'duty-440303' },
  leader: { kind: 'leader', id: 'leader-4403' },
  system: { kind: 'system', id: 'gateway' },
  inspector: { kind: 'source', role: 'inspector', id: 'inspectors-440303' },
  department: { kind: 'source', role: 'department', id: 'HW' },
  worker: { kind: 'worker', id: 'wkr-44030300100101' },
};
const PERMISSIONS = Object.keys(ACTORS) as Permission[];

const OPEN = ['REPORTED', 'VERIFYING', 'ACCEPTED', 'FILED', 'DISPATCHED', 'PROCESSING', 'HANDLED', 'CHECKING'];

// API.md "Workflow actions", written out by hand: the table in workflow.ts must say the same.
const EXPECTED: Record<ActionName, { from: readonly string[]; to: string | null; by: Permission[] }> = {
  verify: { from: ['REPORTED'], to: 'VERIFYING', by: ['duty'] },
  confirm: { from: ['VERIFYING'], to: 'ACCEPTED', by: ['inspector'] },
  accept: { from: ['REPORTED'], to: 'ACCEPTED', by: ['duty'] },
  invalidate: { from: ['REPORTED', 'VERIFYING'], to: 'INVALID', by: ['duty'] },
  file: { from: ['ACCEPTED'], to: 'FILED', by: ['duty'] },
  reject: { from: ['ACCEPTED'], to: 'REJECTED', by: ['duty'] },
  dispatch: { from: ['FILED'], to: 'DISPATCHED', by: ['duty'] },
  start: { from: ['DISPATCHED'], to: 'PROCESSING', by: ['department', 'worker'] },
  return: { from: ['DISPATCHED'], to: 'FILED', by: ['department', 'worker'] },
  feedback: { from: ['PROCESSING'], to: 'HANDLED', by: ['department', 'worker'] },
  check: { from: ['HANDLED'], to: 'CHECKING', by: ['duty'] },
  pass: { from: ['CHECKING'], to: 'CLOSED', by: ['inspector', 'duty'] },
  fail: { from: ['CHECKING'], to: 'DISPATCHED', by: ['inspector', 'duty'] },
  'self-handle': { from: ['REPORTED'], to: 'CLOSED', by: ['inspector'] },
  suspend: { from: OPEN, to: null, by: ['duty'] },
  resume: { from: OPEN, to: null, by: ['duty'] },
  supervise: { from: OPEN, to: null, by: ['duty', 'leader'] },
  escalate: { from: OPEN, to: null, by: ['duty', 'leader', 'system'] },
  backlog: { from: OPEN, to: null, by: ['duty'] },
  unbacklog: { from: OPEN, to: null, by: ['duty'] },
};

/** A case in `status` that satisfies the state guards of `action`. */
function caseFor(status: EventStatus, action?: ActionName): CaseState {
  const c: CaseState = { ...newCase(T0), status, assignee: status === 'REPORTED' ? null : 'HW' };
  if (action === 'resume') return { ...c, suspended: true, suspendedSince: T0.toISOString() };
  if (action === 'unbacklog') return { ...c, backlog: true };
  return c;
}

const INPUT: TransitionInput = { assignee: 'HW', note: 'n' };

describe('the action table', () => {
  it('names exactly the actions of API.md plus backlog/unbacklog', () => {
    expect([...ACTION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(ACTION_NAMES)('%s has the from-states, target and roles of API.md', (action) => {
    const rule = ACTIONS[action];
    const expected = EXPECTED[action];
    expect([...rule.from].sort()).toEqual([...expected.from].sort());
    expect('to' in rule ? rule.to : null).toBe(expected.to);
    expect([...rule.by].sort()).toEqual([...expected.by].sort());
  });

  it('has open states = all but INVALID, REJECTED, CLOSED', () => {
    expect([...OPEN_STATUSES]).toEqual(OPEN);
  });
});

describe('every allowed transition', () => {
  const cases = ACTION_NAMES.flatMap((action) =>
    EXPECTED[action].from.flatMap((from) => EXPECTED[action].by.map((by) => ({ action, from, by }))),
  );

  it.each(cases)('$action from $from by $by', ({ action, from, by }) => {
    // a grid worker acts on the cases dispatched to them
    const state = by === 'worker' ? { ...caseFor(from as EventStatus, action), assignee: ACTORS.worker.id } : caseFor(from as EventStatus, action);
    const now = minutes(10);
    const r = transition(state, action, ACTORS[by], INPUT, now);
    if (!r.ok) throw new Error(r.message);
    const to = EXPECTED[action].to ?? from;
    expect(r.next.status).toBe(to);
    expect(r.audit).toMatchObject({ action, from, to, at: now.toISOString(), actor: ACTORS[by], note: 'n' });
    expect(r.next.updatedAt).toBe(now.toISOString());
  });
});

describe('refused transitions', () => {
  it.each(['start', 'return'] as const)('%s by a grid worker on a colleague\'s case → ROLE_NOT_ALLOWED', (action) => {
    const c = { ...caseFor('DISPATCHED'), assignee: 'wkr-44030300100102' };
    expect(transition(c, action, ACTORS.worker, undefined, minutes(1))).toEqual({ ok: false, code: 'ROLE_NOT_ALLOWED', message: 'the case is not dispatched to worker wkr-44030300100101' });
    expect(allowedActions(c, ACTORS.worker)).toEqual([]);
    expect(allowedActions({ ...c, assignee: ACTORS.worker.id }, ACTORS.worker)).toEqual(['start', 'return']);
  });

  const wrongState = ACTION_NAMES.flatMap((action) =>
    EVENT_STATUSES.filter((s) => !EXPECTED[action].from.includes(s)).map((from) => ({ action, from })),
  );

  it.each(wrongState)('$action from $from → NOT_ALLOWED_FROM_STATE', ({ action, from }) => {
    const by = EXPECTED[action].by[0] as Permission;
    const r = transition(caseFor(from, action), action, ACTORS[by], INPUT, minutes(1));
    expect(r).toEqual({
      ok: false,
      code: 'NOT_ALLOWED_FROM_STATE',
      message: `action "${action}" is not allowed from state ${from}`,
    });
  });

  const wrongRole = ACTION_NAMES.flatMap((action) =>
    PERMISSIONS.filter((p) => !EXPECTED[action].by.includes(p)).map((by) => ({ action, by })),
  );

  it.each(wrongRole)('$action by $by → ROLE_NOT_ALLOWED', ({ action, by }) => {
    const from = EXPECTED[action].from[0] as EventStatus;
    const r = transition(caseFor(from, action), action, ACTORS[by], INPUT, minutes(1));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('ROLE_NOT_ALLOWED');
    expect(r.message).toContain(`"${action}"`);
    expect(r.message).toContain(by);
  });

  it('the example of the brief: file from REPORTED', () => {
    const r = transition(newCase(T0), 'file', ACTORS.duty, undefined, minutes(1));
    expect(r).toMatchObject({ ok: false, message: 'action "file" is not allowed from state REPORTED' });
  });

  it('dispatch needs an assignee', () => {
    for (const input of [undefined, {}, { assignee: '  ' }]) {
      const r = transition(caseFor('FILED'), 'dispatch', ACTORS.duty, input, minutes(1));
      expect(r).toMatchObject({ ok: false, code: 'GUARD_FAILED' });
      if (!r.ok) expect(r.message).toBe('action "dispatch" refused in state FILED: an assignee is required (assigneeRequired)');
    }
  });

  it('a suspended case cannot move, but may resume and take flags', () => {
    const suspended = transition(caseFor('DISPATCHED'), 'suspend', ACTORS.duty, undefined, minutes(1));
    if (!suspended.ok) throw new Error(suspended.message);
    const r = transition(suspended.next, 'start', ACTORS.department, undefined, minutes(2));
    expect(r).toMatchObject({ ok: false, code: 'GUARD_FAILED' });
    if (!r.ok) expect(r.message).toContain('state DISPATCHED: the case is suspended');
    expect(transition(suspended.next, 'suspend', ACTORS.duty, undefined, minutes(2))).toMatchObject({
      ok: false,
      code: 'GUARD_FAILED',
    });
    expect(allowedActions(suspended.next, ACTORS.duty)).toEqual(['resume', 'supervise', 'escalate', 'backlog']);
    expect(allowedActions(suspended.next, ACTORS.department)).toEqual([]);
  });

  it('flags are not set twice', () => {
    const c = { ...caseFor('FILED'), supervised: true, escalated: true, backlog: true };
    expect(transition(c, 'supervise', ACTORS.leader, undefined, T0)).toMatchObject({ code: 'GUARD_FAILED' });
    expect(transition(c, 'escalate', ACTORS.system, undefined, T0)).toMatchObject({ code: 'GUARD_FAILED' });
    expect(transition(c, 'backlog', ACTORS.duty, undefined, T0)).toMatchObject({ code: 'GUARD_FAILED' });
    expect(transition(caseFor('FILED'), 'resume', ACTORS.duty, undefined, T0)).toMatchObject({
      code: 'GUARD_FAILED',
    });
    expect(transition(caseFor('FILED'), 'unbacklog', ACTORS.duty, undefined, T0)).toMatchObject({
      code: 'GUARD_FAILED',
    });
  });

  it('an unknown action is refused, not thrown', () => {
    const r = transition(newCase(T0), 'explode' as ActionName, ACTORS.duty, undefined, T0);
    expect(r).toMatchObject({ ok: false, code: 'NOT_ALLOWED_FROM_STATE' });
  });
});

describe('allowedActions', () => {
  it('lists what each actor may do now', () => {
    const reported = newCase(T0);
    expect(allowedActions(reported, ACTORS.duty)).toEqual([
      'verify',
      'accept',
      'invalidate',
      'suspend',
      'supervise',
      'escalate',
      'backlog',
    ]);
    expect(allowedActions(reported, ACTORS.inspector)).toEqual(['self-handle']);
    expect(allowedActions(reported, ACTORS.leader)).toEqual(['supervise', 'escalate']);
    expect(allowedActions(caseFor('FILED'), ACTORS.duty)).toContain('dispatch');
    expect(allowedActions(caseFor('DISPATCHED'), ACTORS.department)).toEqual(['start', 'return']);
    expect(allowedActions(caseFor('CHECKING'), ACTORS.inspector)).toEqual(['pass', 'fail']);
    expect(allowedActions(caseFor('CLOSED'), ACTORS.duty)).toEqual([]);
  });
});

describe('state, effects and audit', () => {
  it('dispatch assigns, starts the handling clock and notifies; return clears the assignee', () => {
    const d = transition(caseFor('FILED'), 'dispatch', ACTORS.duty, { assignee: ' HW ' }, minutes(5));
    if (!d.ok) throw new Error(d.message);
    expect(d.next).toMatchObject({ assignee: 'HW', firstDispatchedAt: minutes(5).toISOString() });
    expect(d.effects).toEqual([
      { kind: 'stopClock', clock: 'dispatch' },
      { kind: 'startClock', clock: 'handle' },
      { kind: 'notifyAssignee', assignee: 'HW' },
    ]);
    const r = transition(d.next, 'return', ACTORS.department, { note: 'not ours' }, minutes(9));
    if (!r.ok) throw new Error(r.message);
    expect(r.next).toMatchObject({ status: 'FILED', assignee: null, returnCount: 1 });
    expect(r.next.returnedAt).toBe(minutes(9).toISOString());
    expect(r.audit.note).toBe('not ours');
  });

  it('fail sends the case back to its assignee with rework + 1', () => {
    const r = transition(caseFor('CHECKING'), 'fail', ACTORS.inspector, undefined, minutes(3));
    if (!r.ok) throw new Error(r.message);
    expect(r.next).toMatchObject({ status: 'DISPATCHED', reworkCount: 1, assignee: 'HW' });
    expect(r.effects).toContainEqual({ kind: 'notifyAssignee', assignee: 'HW' });
  });

  it('suspend and resume pause the clock and record the pause', () => {
    const s = transition(caseFor('PROCESSING'), 'suspend', ACTORS.duty, undefined, minutes(10));
    if (!s.ok) throw new Error(s.message);
    expect(s.effects).toEqual([{ kind: 'pauseClock' }]);
    expect(s.next).toMatchObject({ suspended: true, suspendedSince: minutes(10).toISOString() });
    const r = transition(s.next, 'resume', ACTORS.duty, undefined, minutes(70));
    if (!r.ok) throw new Error(r.message);
    expect(r.effects).toEqual([{ kind: 'resumeClock', pausedMs: 3_600_000 }]);
    expect(r.next).toMatchObject({ suspended: false, suspendedSince: null, pausedMs: 3_600_000, status: 'PROCESSING' });
    expect(r.next.pausedIntervals).toEqual([{ from: minutes(10).toISOString(), to: minutes(70).toISOString() }]);
  });

  it('does not change the state it was given', () => {
    const c = caseFor('FILED');
    const copy = structuredClone(c);
    transition(c, 'dispatch', ACTORS.duty, INPUT, minutes(1));
    expect(c).toEqual(copy);
  });
});

describe('replay', () => {
  function run(steps: Array<[ActionName, Permission, TransitionInput?]>, initial = newCase(T0)) {
    let state = initial;
    const rows: AuditRow[] = [];
    steps.forEach(([action, by, input], i) => {
      const r = transition(state, action, ACTORS[by], input, minutes(10 * (i + 1)));
      if (!r.ok) throw new Error(r.message);
      state = r.next;
      rows.push(r.audit);
    });
    return { state, rows };
  }

  it('rebuilds the current state of a full case from its audit log', () => {
    const { state, rows } = run([
      ['accept', 'duty'],
      ['supervise', 'leader'],
      ['file', 'duty'],
      ['dispatch', 'duty', { assignee: 'CG' }],
      ['return', 'department', { note: 'not our duty' }],
      ['dispatch', 'duty', { assignee: 'HW' }],
      ['start', 'department'],
      ['suspend', 'duty', { note: 'waiting for parts' }],
      ['resume', 'duty'],
      ['feedback', 'department', { attachments: ['https://x/1.jpg'] }],
      ['check', 'duty'],
      ['fail', 'inspector'],
      ['start', 'department'],
      ['feedback', 'department'],
      ['check', 'duty'],
      ['pass', 'inspector'],
    ]);
    expect(state).toMatchObject({
      status: 'CLOSED',
      assignee: 'HW',
      reworkCount: 1,
      returnCount: 1,
      supervised: true,
      suspended: false,
      pausedMs: 600_000,
      closedAt: minutes(160).toISOString(),
      firstDispatchedAt: minutes(40).toISOString(),
      dispatchedAt: minutes(120).toISOString(),
    });
    // Through JSON, as the rows come back from the database.
    const stored = JSON.parse(JSON.stringify(rows)) as AuditRow[];
    expect(replay(newCase(T0), stored)).toEqual(state);
    expect(replay(newCase(T0), stored.slice(0, 8))).toMatchObject({ status: 'PROCESSING', suspended: true });
  });

  it('replays a citizen report that was verified on site and self-handled paths', () => {
    const citizen = run([['confirm', 'inspector'], ['file', 'duty']], newCase(T0, 'VERIFYING'));
    expect(replay(newCase(T0, 'VERIFYING'), citizen.rows)).toEqual(citizen.state);
    const selfHandled = run([['self-handle', 'inspector']]);
    expect(replay(newCase(T0), selfHandled.rows)).toMatchObject({ status: 'CLOSED', closedAt: minutes(10).toISOString() });
  });

  it('refuses a log that does not follow on from the state', () => {
    const { rows } = run([['accept', 'duty'], ['file', 'duty']]);
    expect(() => replay(newCase(T0), rows.slice(1))).toThrow(ReplayError);
    expect(() => replay(newCase(T0), rows.slice(1))).toThrow('audit row 0: action "file" recorded from ACCEPTED but the case is REPORTED');
  });
});

describe('replay of random walks', () => {
  it('always rebuilds the state that transition produced', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const actors = Object.values(ACTORS);
    for (let n = 0; n < 200; n++) {
      const initial = newCase(T0, random() < 0.2 ? 'VERIFYING' : 'REPORTED');
      let state = initial;
      const rows: AuditRow[] = [];
      for (let step = 0; step < 30; step++) {
        const actor = actors[Math.floor(random() * actors.length)] as Actor;
        const options = allowedActions(state, actor);
        if (options.length === 0) continue;
        const action = options[Math.floor(random() * options.length)] as ActionName;
        const r = transition(state, action, actor, { assignee: `dept-${step % 3}` }, minutes(7 * (step + 1)));
        if (!r.ok) throw new Error(`allowedActions offered ${action}: ${r.message}`);
        state = r.next;
        rows.push(r.audit);
      }
      expect(replay(initial, JSON.parse(JSON.stringify(rows)) as AuditRow[])).toEqual(state);
    }
  });
});
