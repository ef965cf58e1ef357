import 'server-only';
import { revalidatePath } from 'next/cache';
import type { UserRole } from '@/lib/auth/roles';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId, type Viewer } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import { recordAudit, type AuditAction } from '@/lib/db/repositories/audit';
import { actionError, ok, requireForm, rethrowNavigation, type ActionResult } from './result';

/** What the audit log records of a successful action (actor, user and IP are added here). */
export interface ActionAudit {
  action: AuditAction;
  targetType: string;
  targetId: string;
  metadata?: Prisma.InputJsonObject;
}

export interface ActionContext {
  viewer: Viewer;
  db: ReturnType<typeof getDb>;
}

/**
 * One server action, as the steps every action repeats: who may run it, how its input is read
 * (a ZodError or a VALIDATION_FAILED AppError becomes field errors), the call, what is audited,
 * which pages are revalidated, and what the caller gets back.
 */
export interface ActionSpec<I, R, T> {
  /** Names the action in the log when something unexpected fails. */
  name: string;
  role: UserRole;
  /** The action's FormData argument, checked to be one before `parse` reads it. */
  form?: unknown;
  parse: () => I | Promise<I>;
  call: (input: I, context: ActionContext) => Promise<R>;
  /** Null when there is nothing to record (e.g. nothing changed). */
  audit?: (result: R, input: I) => ActionAudit | null;
  revalidate?: readonly string[] | ((result: R, input: I) => readonly string[]);
  result: (result: R, input: I) => T;
  /** Payload field → form input, for field errors the server reports (e.g. scopeId → target). */
  fieldNames?: Readonly<Record<string, string>>;
}

/** Runs an action: role check → parse → call → audit → revalidate → result (or a failure value). */
export async function runAction<I, R, T>(spec: ActionSpec<I, R, T>): Promise<ActionResult<T>> {
  try {
    const viewer = await requireActionRole(spec.role);
    if ('form' in spec) requireForm(spec.form);
    const input = await spec.parse();
    const db = getDb();
    const result = await spec.call(input, { viewer, db });
    const entry = spec.audit?.(result, input);
    if (entry) {
      await recordAudit(db, {
        actor: viewer.actor,
        userId: viewerUserId(viewer),
        ...entry,
        ipAddress: await getClientIp(),
      });
    }
    const paths =
      typeof spec.revalidate === 'function' ? spec.revalidate(result, input) : spec.revalidate;
    for (const path of paths ?? []) revalidatePath(path);
    return ok(spec.result(result, input));
  } catch (error) {
    rethrowNavigation(error);
    return renameFields(actionError(error, spec.name), spec.fieldNames);
  }
}

function renameFields<T>(
  failure: ActionResult<T>,
  names: Readonly<Record<string, string>> | undefined,
): ActionResult<T> {
  if (failure.ok || !names || !failure.fieldErrors) return failure;
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(failure.fieldErrors)) {
    fieldErrors[names[key] ?? key] ??= message;
  }
  return { ...failure, fieldErrors };
}

/** FormData values as the schemas expect them: absent fields undefined, so defaults apply. */
export function fieldsOf(
  formData: FormData,
  keys: readonly string[],
): Record<string, string | undefined> {
  return Object.fromEntries(
    keys.map((key) => {
      const value = formData.get(key);
      return [key, typeof value === 'string' ? value : undefined];
    }),
  );
}
