import { z } from 'zod';
import { USER_ROLES } from '@/lib/engine';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/auth/constants';

/** One schema per form/API payload; the same object validates the form, the action and REST. */

export const EmailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'Email addresses are at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address, like ops@example.com.' }));

export const NewPasswordSchema = z
  .string({ error: 'Enter a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

export const RoleSchema = z.enum(USER_ROLES, { error: 'Choose viewer, operator or admin.' });

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(MAX_PASSWORD_LENGTH),
});

export const CreateUserSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'Names are at most 100 characters.'),
  role: RoleSchema,
  password: NewPasswordSchema,
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** First-run setup: the first user is always an admin. */
export const SetupAdminSchema = CreateUserSchema.omit({ role: true })
  .extend({ confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match.',
  });

/** Tokens live at most this long (an expiry further out is refused rather than clamped). */
export const MAX_TOKEN_LIFETIME_DAYS = 3650;
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * When a token stops working: an ISO 8601 date-time with a zone (`2027-01-31T18:00:00Z`) or a date
 * (`2027-01-31`, meaning the end of that day, UTC). Empty or absent: never. Past dates, unparseable
 * values and dates more than MAX_TOKEN_LIFETIME_DAYS ahead are refused with a field error — an
 * expiry Baton cannot honour must never turn into a token that does not expire.
 */
export const TokenExpirySchema = z
  .union([z.string({ error: 'expiresAt must be a date such as 2027-01-31, or null.' }), z.null()], {
    error: 'expiresAt must be a date such as 2027-01-31, or null.',
  })
  .optional()
  .transform((value, context): Date | null => {
    const text = value?.trim() ?? '';
    if (text === '') return null;
    const day = ISO_DATE.test(text) ? new Date(`${text}T00:00:00Z`) : null;
    const date =
      day && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text) // not 02-31
        ? new Date(day.getTime() + DAY_MS)
        : ISO_DATE_TIME.test(text)
          ? new Date(text)
          : null;
    if (!date || Number.isNaN(date.getTime())) {
      context.addIssue({
        code: 'custom',
        message: `"${text.slice(0, 40)}" is not a date: use 2027-01-31 or 2027-01-31T18:00:00Z.`,
      });
      return z.NEVER;
    }
    const now = Date.now();
    if (date.getTime() <= now) {
      context.addIssue({ code: 'custom', message: 'The expiry must be in the future.' });
      return z.NEVER;
    }
    if (date.getTime() > now + MAX_TOKEN_LIFETIME_DAYS * DAY_MS) {
      context.addIssue({
        code: 'custom',
        message: `Tokens expire within ${MAX_TOKEN_LIFETIME_DAYS / 365} years at most.`,
      });
      return z.NEVER;
    }
    return date;
  });

export const CreateApiTokenSchema = z
  .object({
    name: z
      .string({ error: 'Give the token a name, e.g. "CI pipeline".' })
      .trim()
      .min(1, 'Give the token a name, e.g. "CI pipeline".')
      .max(100, 'Names are at most 100 characters.'),
    role: RoleSchema,
    expiresAt: TokenExpirySchema,
  })
  // Unknown fields are refused, not dropped: a misspelt `expiresAt` must not yield an immortal token.
  .strict();

export const UpdateUserRoleSchema = z.object({ userId: z.uuid('Unknown user.'), role: RoleSchema });
