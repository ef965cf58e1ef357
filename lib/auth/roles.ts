import { USER_ROLES, type UserRole } from '@/lib/engine';

/**
 * Roles are ordered: each one can do everything the one before it can.
 * - viewer: reads everything.
 * - operator: registers and edits agents, changes agent status, submits, cancels and approves
 *   requests.
 * - admin: users, API tokens, budgets and settings.
 */
const RANK = { viewer: 1, operator: 2, admin: 3 } as const satisfies Record<UserRole, number>;

export { USER_ROLES, type UserRole };

export function hasRole(role: UserRole, required: UserRole): boolean {
  return RANK[role] >= RANK[required];
}

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS = {
  viewer: 'Viewer',
  operator: 'Operator',
  admin: 'Admin',
} as const satisfies Record<UserRole, string>;

export const ROLE_DESCRIPTIONS = {
  viewer: 'Reads everything; changes nothing.',
  operator:
    'Registers and edits agents, changes agent status, submits, cancels and approves requests.',
  admin: 'Everything, plus users, API tokens, budgets and settings.',
} as const satisfies Record<UserRole, string>;
