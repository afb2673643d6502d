/** The roles of people (zod-free, so the screen can import the list). */
export const ROLES = ['leader', 'duty', 'operator', 'participant', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** The roles of command-center staff, scoped to an area; `worker` (a grid worker on the phone) is scoped to a grid and linked to the city's worker registry. */
export const STAFF_ROLES = ['leader', 'duty', 'operator', 'participant'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
