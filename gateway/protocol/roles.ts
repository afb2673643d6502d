/** The roles of people (zod-free, so the screen can import the list). */
export const ROLES = ['leader', 'duty', 'operator', 'participant'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
