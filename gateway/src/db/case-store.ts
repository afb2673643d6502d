import type { DuckDBConnection } from '@duckdb/node-api';
import type { EventStatus, EventView, Urgency } from '../../protocol/events.js';
import type { CaseFacts } from '../domain/kpi.js';
import { newCase, type AuditRow, type CaseState } from '../domain/workflow.js';
import { scopeClause, toView, VIEW_COLUMNS, type ViewRow } from './event-queries.js';
import { applyRollupDelta } from './kpi-queries.js';
import type { Archive } from './archive.js';
import type { Database, SqlParams } from './database.js';
import { TERMINAL_SQL } from './sql.js';

/** What the workflow needs of a stored case. */
export interface StoredCase {
  id: string;
  category: string;
  urgency: Urgency;
  status: EventStatus;
  streetCode: string;
  districtCode: string;
  gridCode: string | null;
  state: CaseState;
}

interface CaseRow {
  id: string;
  category: string;
  urgency: string;
  status: string;
  street_code: string;
  district_code: string;
  grid_code: string | null;
  occurred_ms: bigint;
  case_state: string | null;
}

const ts = (d: Date | null) => (d === null ? null : d.getTime() / 1000);

/** Reads and writes cases inside a writer apply step (its own connection, one transaction). */
export class CaseStore {
  constructor(
    private readonly db: Database,
    private readonly archive?: Archive,
  ) {}

  /** The case in the caller's scope, its state replayed from the stored JSON (a new event starts fresh). */
  static async load(conn: DuckDBConnection, id: string, scope: string): Promise<StoredCase | null> {
    const params: SqlParams = [id];
    const rows = (
      await conn.runAndReadAll(
        `SELECT id, category, urgency, status, street_code, district_code, grid_code, epoch_ms(occurred_at) AS occurred_ms, case_state
         FROM events WHERE id = $1 AND ${scopeClause(scope, params)}`,
        params,
      )
    ).getRowObjectsJS() as unknown as CaseRow[];
    const r = rows[0];
    if (!r) return null;
    const state = r.case_state
      ? (JSON.parse(r.case_state) as CaseState)
      : newCase(new Date(Number(r.occurred_ms)), r.status === 'VERIFYING' ? 'VERIFYING' : 'REPORTED');
    return {
      id: r.id,
      category: r.category,
      urgency: r.urgency as Urgency,
      status: r.status as EventStatus,
      streetCode: r.street_code,
      districtCode: r.district_code,
      gridCode: r.grid_code,
      state,
    };
  }

  /** Stores a transition: the case columns, its new seq, and the audit row, in one transaction. */
  static async save(
    conn: DuckDBConnection,
    c: { id: string; seq: number; state: CaseState; deadline: string | null; facts: CaseFacts; department: string | null; escalatedTo: string | null },
    audit: AuditRow,
  ): Promise<EventView> {
    const s = c.state;
    const f = c.facts;
    await conn.run('BEGIN TRANSACTION');
    try {
      // The KPI rollups move with the case: its old contribution out, the new one in.
      await applyRollupDelta(conn, [c.id], -1);
      await conn.run(
        `UPDATE events SET seq = $2, status = $3, case_state = $4, assignee = $5, department = coalesce($6, department),
           updated_at = to_timestamp($7), deadline = to_timestamp($8), valid = $9,
           filed_at = to_timestamp($10), filed_on_time = $11, dispatched_at = to_timestamp($12), dispatched_on_time = $13,
           returned = $14, handled_at = to_timestamp($15), handle_deadline = to_timestamp($16), handled_on_time = $17,
           closed_at = to_timestamp($18), close_deadline = to_timestamp($19), closed_on_time = $20,
           suspended_ever = $21, reworked = $22, suspended = $23, supervised = $24, escalated = $25, backlog = $26,
           escalated_to = coalesce($27, escalated_to)
         WHERE id = $1`,
        [
          c.id,
          c.seq,
          s.status,
          JSON.stringify(s),
          s.assignee,
          c.department,
          Date.parse(s.updatedAt) / 1000,
          c.deadline === null ? null : Date.parse(c.deadline) / 1000,
          f.valid,
          ts(f.filedAt),
          f.filedOnTime,
          ts(f.dispatchedAt),
          f.dispatchedOnTime,
          f.returned,
          ts(f.handledAt),
          ts(f.handleDeadline),
          f.handledOnTime,
          ts(f.closedAt),
          ts(f.closeDeadline),
          f.closedOnTime,
          f.suspended,
          f.reworked,
          s.suspended,
          s.supervised,
          s.escalated,
          s.backlog,
          c.escalatedTo,
        ],
      );
      await applyRollupDelta(conn, [c.id], 1);
      const actorKind = audit.actor.kind;
      await conn.run(
        `INSERT INTO event_transitions (seq, event_id, at_time, actor, actor_kind, role, action, from_status, to_status, note, assignee, detail)
         VALUES ($1, $2, to_timestamp($3), $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          c.seq,
          c.id,
          Date.parse(audit.at) / 1000,
          audit.actor.id,
          actorKind,
          audit.actor.kind === 'source' ? audit.actor.role : null,
          audit.action,
          audit.from,
          audit.to,
          audit.note,
          audit.assignee,
          audit.attachments.length ? JSON.stringify({ attachments: audit.attachments }) : null,
        ],
      );
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
    const rows = (await conn.runAndReadAll(`SELECT ${VIEW_COLUMNS} FROM events WHERE id = $1`, [c.id])).getRowObjectsJS() as unknown as ViewRow[];
    return toView(rows[0]!, Date.now());
  }

  /** The audit rows of a case, oldest first: they replay to its current state. */
  async timeline(id: string): Promise<AuditRow[]> {
    const rows = await this.db.query<{ action: string; at_ms: bigint; actor: string; actor_kind: string; role: string | null; from_status: string; to_status: string; note: string | null; assignee: string | null; detail: string | null }>(
      `SELECT action, epoch_ms(at_time) AS at_ms, actor, actor_kind, role, from_status, to_status, note, assignee, detail
       FROM ${this.archive ? await this.archive.source('event_transitions') : 'event_transitions'} WHERE event_id = $1 ORDER BY seq`, // archived cases too
      [id],
    );
    return rows.map((r) => ({
      action: r.action as AuditRow['action'],
      at: new Date(Number(r.at_ms)).toISOString(),
      actor: r.actor_kind === 'source' ? { kind: 'source', role: r.role as 'inspector' | 'department', id: r.actor } : { kind: r.actor_kind as 'duty' | 'leader' | 'system' | 'worker', id: r.actor },
      from: r.from_status as EventStatus,
      to: r.to_status as EventStatus,
      assignee: r.assignee,
      note: r.note,
      attachments: r.detail ? ((JSON.parse(r.detail) as { attachments?: string[] }).attachments ?? []) : [],
    }));
  }

  /** What the case panel shows beyond the EventView: the description, the assignee and the report's photos. */
  async extras(id: string): Promise<{ description: string | null; assignee: string | null; media: string[] }> {
    const rows = await this.db.query<{ description: string | null; assignee: string | null; media: string | null }>('SELECT description, assignee, media FROM events WHERE id = $1', [id]);
    const r = rows[0];
    return { description: r?.description ?? null, assignee: r?.assignee ?? null, media: r?.media ? (JSON.parse(r.media) as string[]) : [] };
  }

  /** Open cases past their deadline and not yet escalated (for the escalation tick). */
  async overdueNotEscalated(nowMs: number, limit: number): Promise<{ id: string; scope: string }[]> {
    const rows = await this.db.query<{ id: string; district_code: string }>(
      `SELECT id, district_code FROM events
       WHERE deadline < to_timestamp($1) AND NOT escalated AND status NOT IN ${TERMINAL_SQL}
       ORDER BY deadline LIMIT $2`,
      [nowMs / 1000, limit],
    );
    return rows.map((r) => ({ id: r.id, scope: r.district_code }));
  }
}
