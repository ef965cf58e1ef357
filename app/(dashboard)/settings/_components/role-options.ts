import { ROLE_LABELS, USER_ROLES } from '@/lib/auth/roles';

/** The role choices of every settings form, least privilege first (and the default). */
export const ROLE_OPTIONS = USER_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
