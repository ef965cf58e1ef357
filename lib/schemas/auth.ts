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

export const CreateApiTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the token a name, e.g. "CI pipeline".')
    .max(100, 'Names are at most 100 characters.'),
  role: RoleSchema,
});

export const UpdateUserRoleSchema = z.object({ userId: z.uuid('Unknown user.'), role: RoleSchema });
