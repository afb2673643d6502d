import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventView } from '../../gateway/protocol/events.js';
import type { CaseDetail } from '../../gateway/protocol/rest.js';
import { newCase, replay } from '../../gateway/src/domain/workflow.js';
import { anEvent, login, postJson, screenClient, startTestGateway, type Gateway } from '../support/gateway-harness.js';

const IN_GUIYUAN = [114.11, 22.55] as const; // 罗湖 440303001
const LUOHU_KEY = 'demo-source-440303'; // demo keys act as inspector and department

describe('the case workflow over REST', () => {
  let gw: Gateway;
  let duty: string;
  let leader: string;
  let futianDuty: string;
  let operator: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    duty = await login(gw.url, 'duty-440303');
    leader = await login(gw.url, 'leader-440303');
    futianDuty = await login(gw.url, 'duty-440304');
    operator = await login(gw.url, 'operator-440303');
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function report(over: Parameters<typeof anEvent>[2] = {}): Promise<EventView> {
    const e = anEvent(...IN_GUIYUAN, { occurredAt: new Date().toISOString(), ...over });
    expect((await postJson(`${gw.url}/api/ingest/events`, { events: [e] }, LUOHU_KEY)).status).toBe(200);
    const res = await fetch(`${gw.url}/api/events?limit=50`, { headers: { authorization: `Bearer ${duty}` } });
    const { events } = (await res.json()) as { events: EventView[] };
    return events.find((v) => v.sourceId === e.id)!;
  }
  const act = (id: string, token: string, action: string, extra: Record<string, unknown> = {}) =>
    postJson(`${gw.url}/api/events/${id}/transitions`, { action, ...extra }, token);
  const detail = async (id: string, token = duty) =>
    (await (await fetch(`${gw.url}/api/events/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as CaseDetail;

  it('runs the closed loop: accept, file, dispatch, start, feedback, check, pass — each a new seq on the screens', async () => {
    const screen = screenClient(gw.url, { token: leader });
    await screen.ready;
    const e = await report();
    expect(e.status).toBe('REPORTED');
    expect(e.deadline).not.toBeNull(); // filing + dispatch clock from the report

    const steps: [string, string, Record<string, unknown>, string][] = [
      ['accept', duty, {}, 'ACCEPTED'],
      ['file', duty, {}, 'FILED'],
      ['dispatch', duty, { assignee: 'CG', note: '请城管处置' }, 'DISPATCHED'],
      ['start', LUOHU_KEY, {}, 'PROCESSING'],
      ['feedback', LUOHU_KEY, { note: '已清理' }, 'HANDLED'],
      ['check', duty, {}, 'CHECKING'],
      ['pass', LUOHU_KEY, {}, 'CLOSED'],
    ];
    let lastSeq = e.seq;
    for (const [action, who, extra, to] of steps) {
      const r = await act(e.id, who, action, extra);
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.status).toBe(to);
      expect(r.body.seq as number).toBeGreaterThan(lastSeq);
      lastSeq = r.body.seq as number;
    }
    const d = await detail(e.id);
    expect(d.status).toBe('CLOSED');
    expect(d.overdue).toBe(false);
    expect(d.timeline.map((t) => t.action)).toEqual(steps.map((s) => s[0]));
    expect(d.timeline[2]).toMatchObject({ assignee: 'CG', note: '请城管处置', actor: { kind: 'duty', id: 'duty-440303' } });
    expect(d.timeline[3]!.actor).toEqual({ kind: 'source', role: 'department', id: 'demo-440303' });
    // the audit log replays to the current state
    const replayed = replay(newCase(d.occurredAt), d.timeline);
    expect(replayed.status).toBe('CLOSED');
    expect(replayed.assignee).toBe('CG');
    expect(d.actions).toEqual([]);

    await new Promise((r) => setTimeout(r, 200));
    const seen = screen.received.filter((v) => v.id === e.id);
    expect(seen.map((v) => v.status)).toEqual(['REPORTED', ...steps.map((s) => s[3])]);
    screen.close();

    const audit = (await (await fetch(`${gw.url}/api/audit`, { headers: { authorization: `Bearer ${leader}` } })).json()) as { audit: { action: string; target: string }[] };
    expect(audit.audit.some((a) => a.action === 'dispatch' && a.target === e.id)).toBe(true);
  });

  it('refuses what the workflow does not allow: 409 naming the state and action, 403 for the role, 404 outside the scope', async () => {
    const e = await report();
    const early = await act(e.id, duty, 'file');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'NOT_ALLOWED_FROM_STATE', message: 'action "file" is not allowed from state REPORTED' });
    expect((await act(e.id, leader, 'accept')).status).toBe(403);
    expect((await act(e.id, operator, 'accept')).status).toBe(403);
    expect((await act(e.id, LUOHU_KEY, 'accept')).status).toBe(403); // a department system may not take intake
    expect((await act(e.id, futianDuty, 'accept')).status).toBe(404);
    expect((await act(e.id, duty, 'teleport')).status).toBe(400);
    expect((await act(e.id, 'not-a-key', 'accept')).status).toBe(401);
    expect((await act(e.id, duty, 'accept', { colour: 'red' })).status).toBe(400);
    expect((await act(e.id, duty, 'accept')).status).toBe(200);
    expect((await act(e.id, duty, 'accept')).status).toBe(409);
    expect((await act(e.id, duty, 'file')).status).toBe(200);
    const noAssignee = await act(e.id, duty, 'dispatch');
    expect(noAssignee.status).toBe(400);
    expect(noAssignee.body.details).toEqual([expect.objectContaining({ path: 'assignee' })]);
    const d = await detail(e.id);
    expect(d.actions).toEqual(expect.arrayContaining(['dispatch', 'suspend', 'supervise', 'escalate']));
    expect(d.actions).not.toContain('accept');
  });

  it('reworks a failed check, returns a case that is not the department’s, suspends and resumes', async () => {
    const e = await report({ urgency: 'urgent' });
    for (const [a, who, extra] of [
      ['accept', duty, {}],
      ['file', duty, {}],
      ['dispatch', duty, { assignee: 'HW' }],
      ['return', LUOHU_KEY, { note: '非我单位职责' }],
      ['dispatch', duty, { assignee: 'CG' }],
      ['suspend', duty, { note: '等待材料' }],
    ] as const) expect((await act(e.id, who, a, extra)).status, a).toBe(200);
    expect((await act(e.id, LUOHU_KEY, 'start')).status).toBe(409); // suspended
    for (const [a, who] of [
      ['resume', duty],
      ['start', LUOHU_KEY],
      ['feedback', LUOHU_KEY],
      ['check', duty],
      ['fail', duty],
    ] as const) expect((await act(e.id, who, a)).status, a).toBe(200);
    const d = await detail(e.id);
    expect(d.status).toBe('DISPATCHED');
    const state = replay(newCase(d.occurredAt), d.timeline);
    expect(state).toMatchObject({ reworkCount: 1, returnCount: 1, suspended: false, assignee: 'CG' });
    expect(state.pausedIntervals).toHaveLength(1);
  });

  it('sends a citizen report to on-site verification, confirmed by an inspector', async () => {
    const e = await report({ reporter: { kind: 'citizen', id: '13800000000' } });
    expect(e.status).toBe('VERIFYING');
    const r = await act(e.id, LUOHU_KEY, 'confirm');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ACCEPTED');
  });

  it('marks an open case past its deadline overdue and escalates it to the tier above', async () => {
    const e = await report({ occurredAt: new Date(Date.now() - 3 * 3600_000).toISOString() });
    expect(e.overdue).toBe(true);
    const escalated = await gw.cases.escalateOverdue();
    expect(escalated.map((v) => v.id)).toContain(e.id);
    const d = await detail(e.id);
    expect(d.timeline.at(-1)).toMatchObject({ action: 'escalate', actor: { kind: 'system' } });
    expect(d.actions).not.toContain('escalate');
    // escalating again is a no-op
    expect((await gw.cases.escalateOverdue()).map((v) => v.id)).not.toContain(e.id);
    // the district above the street sees an overdue alert for it; Futian does not
    const alerts = async (token: string) => ((await (await fetch(`${gw.url}/api/alerts?status=all`, { headers: { authorization: `Bearer ${token}` } })).json()) as { alerts: { kind: string; eventId: string; scope: string }[] }).alerts;
    expect((await alerts(duty)).filter((a) => a.eventId === e.id)).toEqual([expect.objectContaining({ kind: 'overdue', scope: '440303' })]);
    expect((await alerts(futianDuty)).some((a) => a.eventId === e.id)).toBe(false);
  });

  it('offers the responsible department and the nearest on-duty grid workers', async () => {
    const ts = new Date().toISOString();
    const positions = [
      { workerId: 'w-far', ts, lon: 114.12, lat: 22.58 },
      { workerId: 'w-near', ts, lon: 114.111, lat: 22.551 },
      { workerId: 'w-off', ts, lon: 114.11, lat: 22.55 }, // closest, but off duty
    ];
    expect((await postJson(`${gw.url}/api/ingest/positions`, { positions }, LUOHU_KEY)).status).toBe(200);
    const e = await report();
    const res = await fetch(`${gw.url}/api/events/${e.id}/candidates`, { headers: { authorization: `Bearer ${duty}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { department: { code: string; name: string }; workers: { id: string; distanceM: number }[] };
    expect(body.department).toEqual({ code: 'CG', name: '城管' }); // 0102 belongs to 城管
    expect(body.workers.map((w) => w.id)).toEqual(['w-near', 'w-far']);
    // 114.11,22.55 → 114.111,22.551: about 150 m; → 114.12,22.58: about 3.5 km
    expect(body.workers[0]!.distanceM).toBeGreaterThan(100);
    expect(body.workers[0]!.distanceM).toBeLessThan(200);
    expect(body.workers[1]!.distanceM).toBeGreaterThan(3000);
    expect((await fetch(`${gw.url}/api/events/${e.id}/candidates`, { headers: { authorization: `Bearer ${operator}` } })).status).toBe(403);
  });
});

describe('a working calendar from a file', () => {
  it('pushes a handling deadline past the holidays it lists, and refuses a broken file by name', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'gc-cal-'));
    // the next 20 local days are all holidays
    const days = Array.from({ length: 20 }, (_, i) => new Date(Date.now() + 8 * 3600_000 + i * 86_400_000).toISOString().slice(0, 10));
    const file = path.join(dir, 'calendar.json');
    fs.writeFileSync(file, JSON.stringify({ holidays: days }));
    const gw = await startTestGateway({ calendarFile: file });
    try {
      const duty = await login(gw.url, 'duty-440303');
      const e = anEvent(114.11, 22.55, { occurredAt: new Date().toISOString() });
      await postJson(`${gw.url}/api/ingest/events`, { events: [e] }, LUOHU_KEY);
      const { events } = (await (await fetch(`${gw.url}/api/events`, { headers: { authorization: `Bearer ${duty}` } })).json()) as { events: EventView[] };
      const id = events.find((v) => v.sourceId === e.id)!.id;
      for (const [a, extra] of [['accept', {}], ['file', {}], ['dispatch', { assignee: 'CG' }]] as const) {
        expect((await postJson(`${gw.url}/api/events/${id}/transitions`, { action: a, ...extra }, duty)).status).toBe(200);
      }
      const d = (await (await fetch(`${gw.url}/api/events/${id}`, { headers: { authorization: `Bearer ${duty}` } })).json()) as EventView;
      // 0102 exposed garbage: one working day, which can only start after the 20 days off
      expect(Date.parse(d.deadline!) - Date.now()).toBeGreaterThan(19 * 86_400_000);
    } finally {
      await gw.close();
    }
    fs.writeFileSync(file, JSON.stringify({ hours: [{ from: '18:00', to: '09:00' }] }));
    await expect(startTestGateway({ calendarFile: file })).rejects.toThrow(/working calendar .*calendar\.json: working hours: 18:00–09:00/);
  });
});
