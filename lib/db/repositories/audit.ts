import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma';
import { clampPage, clampPageSize, type Page, type PageRequest } from './pagination';

/** What was done. Past-tense verbs, `<area>.<verb>`; listed so the audit view can label them. */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.setup_admin',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'token.created',
  'token.revoked',
  'agent.registered',
  'agent.updated',
  'agent.unregistered',
  'agent.status_changed',
  'request.submitted',
  'request.cancelled',
  'request.approved',
  'request.rejected',
  'task.cancelled',
  'task.retried',
  'task.skipped',
  'budget.changed',
  'settings.changed',
  'budget.created',
  'budget.updated',
  'budget.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  /** `user:<id>`, `token:<id>`, `system`, or `cli`. */
  actor: string;
  userId?: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  /** Never put secrets here. */
  metadata?: Prisma.InputJsonObject;
  ipAddress?: string | null;
}

type Db = PrismaClient | Prisma.TransactionClient;

export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<void> {
  await db.auditLog.create({
    data: {
      actor: entry.actor,
      userId: entry.userId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      metadata: entry.metadata ?? {},
      ipAddress: entry.ipAddress ?? null,
    },
  });
}

export interface AuditListItem {
  id: string;
  actor: string;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  metadata: Prisma.JsonValue;
  ipAddress: string | null;
  createdAt: Date;
}

/** Newest first. `actorLabel` names the user or token behind the actor id when still known. */
export async function findAuditLog(
  db: PrismaClient,
  request: PageRequest,
): Promise<Page<AuditListItem>> {
  const pageSize = clampPageSize(request.pageSize);
  const total = await db.auditLog.count();
  const page = clampPage(request.page, total, pageSize);
  const rows = await db.auditLog.findMany({
    select: {
      id: true,
      actor: true,
      action: true,
      targetType: true,
      targetId: true,
      metadata: true,
      ipAddress: true,
      createdAt: true,
      user: { select: { email: true } },
    },
    orderBy: { id: 'desc' },
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const tokenIds = rows.filter((r) => r.actor.startsWith('token:')).map((r) => r.actor.slice(6));
  const tokens = tokenIds.length
    ? await db.apiToken.findMany({
        where: { id: { in: tokenIds } },
        select: { id: true, name: true },
      })
    : [];
  const tokenNames = new Map(tokens.map((t) => [t.id, t.name]));
  const items = rows.map(({ id, user, ...row }) => ({
    ...row,
    id: id.toString(),
    actorLabel:
      user?.email ??
      (row.actor.startsWith('token:')
        ? `token “${tokenNames.get(row.actor.slice(6)) ?? row.actor.slice(6)}”`
        : row.actor),
  }));
  return { items, total, page, pageSize };
}
