// The vocabulary of the case workflow as clients see it: action names, who acted, audit rows.
// The machine itself (from → to, guards) is gateway/src/domain/workflow.ts.
import { z } from 'zod';
import { EVENT_STATUSES } from './statuses.js';

export const CASE_ACTIONS = [
  'verify',
  'confirm',
  'accept',
  'invalidate',
  'file',
  'reject',
  'dispatch',
  'start',
  'return',
  'feedback',
  'check',
  'pass',
  'fail',
  'self-handle',
  'suspend',
  'resume',
  'supervise',
  'escalate',
  'backlog',
  'unbacklog',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CaseActionSchema = z.enum(CASE_ACTIONS);

/** The workflow roles a source system's key may hold. */
export const SOURCE_ROLES = ['inspector', 'department'] as const;
export type SourceRole = (typeof SOURCE_ROLES)[number];

export const ActorSchema = z.union([
  // a grid worker acts by the id of the city's worker registry (the mobile app)
  z.object({ kind: z.enum(['duty', 'leader', 'system', 'worker']), id: z.string() }),
  z.object({ kind: z.literal('source'), role: z.enum(SOURCE_ROLES), id: z.string() }),
]);
export type Actor = z.infer<typeof ActorSchema>;

/** One stored transition of a case (its timeline): who, when, from, to, note, attachments. */
export const AuditRowSchema = z.object({
  action: CaseActionSchema,
  at: z.string(),
  actor: ActorSchema,
  from: z.enum(EVENT_STATUSES),
  to: z.enum(EVENT_STATUSES),
  /** the assignee after the action */
  assignee: z.string().nullable(),
  note: z.string().nullable(),
  attachments: z.array(z.string()),
}).meta({ id: 'AuditRow' });
export type AuditRow = z.infer<typeof AuditRowSchema>;
