import type { EventView } from '../../protocol/events.js';
import type { CaseDetail, DispatchCandidates } from '../../protocol/rest.js';
import type { Department, Worker } from '../../../datasets/load.js';
import { caseFacts, escalationScope, slaView, type ClassRule, type SlaRules } from '../domain/sla.js';
import { allowedActions, isActionName, newCase, replay, transition, type Actor, type TransitionErrorCode, type TransitionInput } from '../domain/workflow.js';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../domain/working-calendar.js';
import { raiseAlert } from '../db/alert-queries.js';
import type { Archive } from '../db/archive.js';
import { CaseStore } from '../db/case-store.js';
import { MediaStore, uploadNames } from '../db/media-store.js';
import type { Database } from '../db/database.js';
import type { Writer } from '../db/writer.js';
import { Errors, GatewayError } from '../errors.js';
import type { AreaIndex } from '../geo/areas.js';
import type { WorkerLocator } from '../geo/worker-locator.js';

/** A refused transition as the API answers it: 409 for the state, 403 for the role. */
function refusedError(code: TransitionErrorCode, message: string): GatewayError {
  return new GatewayError(code, message);
}

/**
 * The case workflow on stored events: each transition runs as a writer apply step (in seq
 * order with every other change), through the pure domain machine, and stores the new case,
 * its SLA deadline, its KPI facts and an audit row together.
 */
export class CaseService {
  private readonly departments = new Map<string, Department>();
  private readonly workers = new Map<string, Worker>();
  /** the phones' on-duty switches, over the registry's `onDuty` */
  private readonly duty = new Map<string, boolean>();
  private readonly store: CaseStore;

  constructor(
    db: Database,
    private readonly writer: Writer,
    private readonly areas: AreaIndex,
    private readonly rules: SlaRules,
    departments: readonly Department[],
    workers: readonly Worker[],
    private readonly locator: WorkerLocator,
    private readonly cal: WorkingCalendar = DEFAULT_CALENDAR,
    archive?: Archive,
  ) {
    for (const d of departments) this.departments.set(d.code, d);
    for (const w of workers) this.workers.set(w.id, w);
    this.store = new CaseStore(db, archive);
  }

  /** A worker switched on or off duty on their phone (or the stored switches at start). */
  setOnDuty(workerId: string, onDuty: boolean): void {
    this.duty.set(workerId, onDuty);
  }

  private onDuty(workerId: string): boolean {
    return this.duty.get(workerId) ?? this.workers.get(workerId)?.onDuty === true;
  }

  /** The SLA rule of a class; a class outside the table gets the strictest common limits. */
  ruleOf(category: string): ClassRule {
    return this.rules.ruleOf(category);
  }

  async transition(id: string, action: string, actor: Actor, scope: string, input: TransitionInput): Promise<EventView> {
    if (!isActionName(action)) throw Errors.validation('body', [{ path: 'action', message: `unknown action "${action}"` }]);
    if (action === 'dispatch' && !input.assignee?.trim()) throw Errors.validation('body', [{ path: 'assignee', message: 'dispatch needs an assignee (a department code or a grid worker id)' }]);
    return this.writer.apply(async ({ conn, nextSeq, now }) => {
      // A grid worker sees their grid's cases and those dispatched to them anywhere (scope is their grid).
      const c = await CaseStore.load(conn, id, actor.kind === 'worker' ? this.areas.cityCode : scope);
      if (!c || (actor.kind === 'worker' && !c.gridCode?.startsWith(scope) && c.state.assignee !== actor.id)) throw Errors.notFound(`event ${id}`);
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
      // the photos it carries are now the case's: visible to whoever sees the case
      await MediaStore.link(conn, uploadNames(input.attachments), id);
      // The clock escalated it: the tier above gets an alert on its screens.
      const alert =
        action === 'escalate' && actor.kind === 'system' && escalatedTo
          ? await raiseAlert({ conn, nextSeq, now }, { kind: 'overdue', scope: escalatedTo, areaCode: c.gridCode ?? c.streetCode, category: c.category, eventId: id, message: `案件超期未办结，已升级 overdue case escalated: ${view.title || c.category}` })
          : null;
      return { result: view, changes: { events: [view], alerts: alert ? [alert] : [] } };
    });
  }

  /** The case with its audit rows and the actions `actor` may take now (the state replayed from the log). */
  async detail(view: EventView, actor: Actor | null): Promise<CaseDetail> {
    const timeline = await this.store.timeline(view.id);
    const extras = await this.store.extras(view.id);
    const initial = timeline[0]?.from ?? view.status;
    const state = replay(newCase(view.occurredAt, initial === 'VERIFYING' ? 'VERIFYING' : 'REPORTED'), timeline);
    return { ...view, ...extras, timeline, actions: actor ? allowedActions(state, actor) : [] };
  }

  /** The department that owns the class, and the nearest on-duty grid workers by latest position. */
  candidates(view: EventView, limit = 10): DispatchCandidates {
    const dept = this.departments.get(this.ruleOf(view.category).department);
    // A district dispatches its own grid workers.
    const nearest = this.locator.nearest(view.lon, view.lat, limit, (p) => p.areaCode.startsWith(view.districtCode) && this.workers.has(p.workerId) && this.onDuty(p.workerId));
    const workers = nearest.map((p) => {
      const w = this.workers.get(p.workerId)!;
      return { id: w.id, name: w.name, gridCode: w.gridCode, lon: p.lon, lat: p.lat, ts: p.ts, distanceM: p.distanceM };
    });
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
