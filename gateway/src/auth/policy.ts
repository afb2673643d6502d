import type { Role } from './identities.js';

const EVERYONE = ['leader', 'duty', 'operator', 'participant'] as const satisfies readonly Role[];
/** Staff and the grid workers' phones. */
const ANYONE = [...EVERYONE, 'worker'] as const satisfies readonly Role[];

/**
 * Who may do what, in one table: every REST route and socket handler names its permission
 * here and nowhere decides by role on its own. Scope is checked apart (every query is
 * narrowed to the caller's scope in SQL).
 */
export const PERMISSIONS = {
  'events.read': EVERYONE,
  'stats.read': EVERYONE,
  'areas.read': ANYONE,
  'categories.read': ANYONE,
  'session.read': ANYONE,
  'screen.watch': EVERYONE,
  // positions, the camera index and stat feeds of the caller's scope
  'feeds.read': EVERYONE,
  'audit.read': ['leader'],
  // early warning: every role sees the alerts of its scope; duty officers acknowledge them
  'alerts.read': EVERYONE,
  'alerts.ack': ['duty'],
  // the workflow table (domain/workflow.ts) further decides which action each may take
  'cases.transition': ['duty', 'leader'],
  'cases.candidates': ['duty', 'leader'],
  // the monthly assessment bulletin (月度考核通报): what leaders issue and duty officers prepare
  'reports.read': ['leader', 'duty'],
  // the layout editor: open it, publish and restore layouts (operators arrange the walls)
  'layouts.edit': ['operator'],
  // the grid worker's phone: my tasks, reporting cases (信息采集), positions while on duty;
  // the cases themselves are read and moved through the case routes, narrowed to what is theirs
  'worker.tasks': ['worker'],
  'worker.report': ['worker'],
  'worker.positions': ['worker'],
  // photos: uploaded by whoever attaches them, served to those whose scope holds their case
  'media.upload': ['duty', 'leader', 'worker'],
  'media.read': ANYONE,
  // conference sessions (视频会商) between centers: open, join, present (API.md)
  'conferences.take': ['leader', 'duty', 'participant'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
