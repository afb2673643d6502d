import type { EventStatus, EventView } from '../../protocol/events.js';
import { DEMO_PASSWORD } from '../auth/identities.js';
import type { Logger } from '../log.js';

export interface CaseDriverOptions {
  url: string;
  cityCode: string;
  /** the department that owns each event class */
  departmentOf: (category: string) => string;
  rand: () => number;
  log: Logger;
  /** mean seconds a case waits in each step (compressed time: the real limits are hours and days) */
  meanDwellS?: number;
  /** share of cases left alone at intake, so the filing + dispatch clock runs out and they escalate */
  stuckShare?: number;
}

const OPEN: EventStatus[] = ['REPORTED', 'VERIFYING', 'ACCEPTED', 'FILED', 'DISPATCHED', 'PROCESSING', 'HANDLED', 'CHECKING'];
const TICK_MS = 1000;
const MAX_PER_TICK = 40;

type Who = 'duty' | 'district';

/** The next action for a case in a status, with who takes it: a duty officer or the district's inspector/department system. */
function nextAction(status: EventStatus, r: number): [string, Who] | null {
  switch (status) {
    case 'REPORTED':
      return r < 0.85 ? ['accept', 'duty'] : r < 0.9 ? ['verify', 'duty'] : r < 0.95 ? ['self-handle', 'district'] : ['invalidate', 'duty'];
    case 'VERIFYING':
      return r < 0.85 ? ['confirm', 'district'] : ['invalidate', 'duty'];
    case 'ACCEPTED':
      return r < 0.95 ? ['file', 'duty'] : ['reject', 'duty'];
    case 'FILED':
      return ['dispatch', 'duty'];
    case 'DISPATCHED':
      return r < 0.9 ? ['start', 'district'] : ['return', 'district'];
    case 'PROCESSING':
      return ['feedback', 'district'];
    case 'HANDLED':
      return ['check', 'duty'];
    case 'CHECKING':
      return r < 0.85 ? ['pass', r < 0.4 ? 'district' : 'duty'] : ['fail', 'duty'];
    default:
      return null;
  }
}

/** A stable pseudo-random number for an id, so the same cases stay stuck across ticks. */
function idHash(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/**
 * Moves simulated cases through the closed loop over the real REST route, as the city's duty
 * officer and as each district's inspector and department systems; dwell times are drawn
 * (exponential) around a compressed mean, some checks fail (rework), some dispatches come
 * back (return), and a share of cases is left at intake until the clock escalates them.
 */
export async function startCaseDriver(o: CaseDriverOptions): Promise<{ stop(): void }> {
  const meanDwellS = o.meanDwellS ?? 45;
  const stuckShare = o.stuckShare ?? 0.08;
  const res = await fetch(`${o.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `duty-${o.cityCode}`, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`case driver cannot log in as duty-${o.cityCode}: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  const pTick = 1 - Math.exp(-TICK_MS / 1000 / meanDwellS);
  let running = false;
  let stopped = false;

  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const q = await fetch(`${o.url}/api/events?status=${OPEN.join(',')}&limit=2000`, { headers: { authorization: `Bearer ${token}` } });
      if (!q.ok) return;
      const { events } = (await q.json()) as { events: EventView[] };
      const due = events.filter((e) => !(e.status === 'REPORTED' && idHash(e.id) < stuckShare) && o.rand() < pTick).slice(0, MAX_PER_TICK);
      for (const e of due) {
        const step = nextAction(e.status, o.rand());
        if (!step) continue;
        const [action, who] = step;
        const body: Record<string, string> = { action };
        if (action === 'dispatch') body.assignee = o.departmentOf(e.category);
        if (action === 'return') body.note = '非本单位职责 not our duty';
        if (action === 'fail') body.note = '核查未通过，返工 rework';
        const auth = who === 'duty' ? token : `demo-source-${e.districtCode}`;
        const r = await fetch(`${o.url}/api/events/${e.id}/transitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` },
          body: JSON.stringify(body),
        });
        // 409: a person (or the clock) moved it first; anything else is worth a line in the log
        if (!r.ok && r.status !== 409) o.log.warn({ status: r.status, action, id: e.id, body: await r.text() }, 'simulated transition refused');
      }
    } catch (err) {
      o.log.warn({ err }, 'case driver tick failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

