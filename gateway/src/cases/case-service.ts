import type { EventView } from '../../protocol/events.js';
import type { Category, Department, Worker } from '../../../datasets/load.js';
import { caseFacts, escalationScope, slaView, type SlaRule } from '../domain/sla.js';
import { allowedActions, isActionName, newCase, replay, transition, type ActionName, type Actor, type AuditRow, type TransitionInput } from '../domain/workflow.js';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../domain/working-calendar.js';
import { raiseAlert } from '../db/alert-queries.js';
import { CaseStore } from '../db/case-store.js';
import type { Database } from '../db/database.js';
import type { Writer } from '../db/writer.js';
import { Errors, GatewayError } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';

export interface CaseDetail extends EventView {
  timeline: AuditRow[];
  actions: ActionName[];
}

export interface DispatchCandidates {
  department: { code: string; name: string } | null;
  workers: { id: string; name: string; gridCode: string; lon: number; lat: number; ts: string; distanceM: number }[];
}

/** A refused transition as the API answers it: 409 for the state, 403 for the role. */
function refusedError(code: string, message: string): GatewayError {
  if (code === 'ROLE_NOT_ALLOWED') return new GatewayError(403, code, message);
  return new GatewayError(409, code, message);
}

function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}

/**
 * The case workflow on stored events: each transition runs as a writer apply step (in seq
 * order with every other change), through the pure domain machine, and stores the new case,
 * its SLA deadline, its KPI facts and an audit row together.
 */
export class CaseService {
  private readonly rules = new Map<string, SlaRule & { department: string }>();
  private readonly departments = new Map<string, Department>();
  private readonly store: CaseStore;

  constructor(
    private readonly db: Database,
    private readonly writer: Writer,
    private readonly areas: AreaIndex,
    categories: readonly Category[],
    departments: readonly Department[],
    private readonly workers: readonly Worker[],
    private readonly cal: WorkingCalendar = DEFAULT_CALENDAR,
  ) {
    for (const c of categories) if (c.kind === 'event') this.rules.set(c.code, c);
    for (const d of departments) this.departments.set(d.code, d);
    this.store = new CaseStore(db);
  }

  /** The SLA rule of a class; a class outside the table gets the strictest common limits. */
  ruleOf(category: string): SlaRule & { department: string } {
    return this.rules.get(category) ?? { limits: { normal: { hours: 1, unit: 'working_days' }, urgent: { hours: 4, unit: 'working_hours' } }, dispatchMinutes: { normal: 30, urgent: 10 }, department: '' };
  }

  async transition(id: string, action: string, actor: Actor, scope: string, input: TransitionInput): Promise<EventView> {
    if (!isActionName(action)) throw Errors.validation('body', [{ path: 'action', message: `unknown action "${action}"` }]);
    if (action === 'dispatch' && !input.assignee?.trim()) throw Errors.validation('body', [{ path: 'assignee', message: 'dispatch needs an assignee (a department code or a grid worker id)' }]);
    return this.writer.apply(async ({ conn, nextSeq, now }) => {
      const c = await CaseStore.load(conn, id, scope);
      if (!c) throw Errors.notFound(`event ${id}`);
      const at = new Date(now);
      const r = transition(c.state, action, actor, input, at);
      if (!r.ok) throw refusedError(r.code, r.message);
      const rule = this.ruleOf(c.category);
      const sla = slaView(r.next, rule, c.urgency, at, this.cal);
      const department = action === 'dispatch' ? (this.departments.has(r.next.assignee ?? '') ? r.next.assignee : rule.department || null) : null;
      const escalatedTo = action === 'escalate' ? escalationScope(c.gridCode ?? c.streetCode) : null;
      const view = await CaseStore.save(
        conn,
        { id, seq: nextSeq(), state: r.next, deadline: sla.deadline, facts: caseFacts(r.next, rule, c.urgency, at, this.cal), department, escalatedTo },
        r.audit,
      );
      // The clock escalated it: the tier above gets an alert on its screens.
      const alert =
        action === 'escalate' && actor.kind === 'system' && escalatedTo
          ? await raiseAlert({ conn, nextSeq, now }, { kind: 'overdue', scope: escalatedTo, areaCode: c.gridCode ?? c.streetCode, category: c.category, eventId: id, message: `案件超期未办结，已升级 overdue case escalated: ${view.title || c.category}` })
          : null;
      return { result: view, events: [view], extra: { alerts: alert ? [alert] : [] } };
    });
  }

  /** The case with its audit rows and the actions `actor` may take now (the state replayed from the log). */
  async detail(view: EventView, actor: Actor | null): Promise<CaseDetail> {
    const timeline = await this.store.timeline(view.id);
    const initial = timeline[0]?.from ?? view.status;
    const state = replay(newCase(view.occurredAt, initial === 'VERIFYING' ? 'VERIFYING' : 'REPORTED'), timeline);
    return { ...view, timeline, actions: actor ? allowedActions(state, actor) : [] };
  }

  /** The department that owns the class, and the nearest on-duty grid workers by latest position. */
  async candidates(view: EventView, limit = 10): Promise<DispatchCandidates> {
    const code = this.ruleOf(view.category).department;
    const dept = this.departments.get(code);
    const onDuty = new Map(this.workers.filter((w) => w.onDuty).map((w) => [w.id, w]));
    const latest = await this.db.query<{ worker_id: string; lon: number; lat: number; ts_ms: bigint }>(
      `SELECT worker_id, arg_max(lon, ts) AS lon, arg_max(lat, ts) AS lat, epoch_ms(max(ts)) AS ts_ms
       FROM positions WHERE starts_with(area_code, $1) GROUP BY worker_id`,
      [view.districtCode],
    );
    const workers = latest
      .filter((p) => onDuty.has(p.worker_id))
      .map((p) => {
        const w = onDuty.get(p.worker_id)!;
        return { id: w.id, name: w.name, gridCode: w.gridCode, lon: p.lon, lat: p.lat, ts: new Date(Number(p.ts_ms)).toISOString(), distanceM: Math.round(haversineM(view.lon, view.lat, p.lon, p.lat)) };
      })
      .sort((a, b) => a.distanceM - b.distanceM)
      .slice(0, limit);
    return { department: dept ? { code: dept.code, name: dept.name } : null, workers };
  }

  /** Escalates open cases past their deadline to the tier above (system actor); returns how many. */
  async escalateOverdue(now = Date.now(), limit = 200): Promise<EventView[]> {
    const due = await this.store.overdueNotEscalated(now, limit);
    const out: EventView[] = [];
    for (const { id } of due) {
      try {
        out.push(await this.transition(id, 'escalate', { kind: 'system', id: 'sla-clock' }, this.areas.cityCode, { note: '超期自动升级 overdue: escalated to the tier above' }));
      } catch (err) {
        // raced with a person closing or escalating it: nothing to do
        if (!(err instanceof GatewayError) || err.statusCode >= 500) throw err;
      }
    }
    return out;
  }
}
