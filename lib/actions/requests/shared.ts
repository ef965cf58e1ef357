import type { ActionAudit } from '../run-action';
import type { AuditAction } from '@/lib/db/repositories/audit';
import type { Prisma } from '@/lib/db/generated/prisma/client';

export {
  RequestIdSchema,
  TaskRefSchema,
} from '@/app/(dashboard)/requests/[id]/_components/request-params';

export interface Notice {
  message: string;
}

export function requestAudit(
  action: AuditAction,
  requestId: string,
  metadata: Prisma.InputJsonObject,
): ActionAudit {
  return { action, targetType: 'request', targetId: requestId, metadata };
}

/** The pages that show a request. */
export function requestPaths(id: string): string[] {
  return [`/requests/${id}`, '/requests', '/'];
}
