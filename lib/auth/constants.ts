/** Limits shared by the auth server code and the forms (safe to import from client components). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;
