/**
 * Instance settings an admin changes in the dashboard (Settings → Routing, Planner): one row in
 * `settings` per key, each change audited as `settings.changed`.
 */
import type { Viewer } from '@/lib/auth/viewer';
import { viewerUserId } from '@/lib/auth/viewer';
import type { Prisma } from '@/lib/db/generated/prisma/client';
import type { PrismaClient } from '@/lib/db/prisma';
import { recordAudit } from '@/lib/db/repositories/audit';

export async function saveSetting(
  db: PrismaClient,
  key: string,
  value: Prisma.InputJsonObject,
  by: { viewer: Viewer; ipAddress: string | null; metadata?: Prisma.InputJsonObject },
): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  await recordAudit(db, {
    actor: by.viewer.actor,
    userId: viewerUserId(by.viewer),
    action: 'settings.changed',
    targetType: 'setting',
    targetId: key,
    metadata: by.metadata ?? value,
    ipAddress: by.ipAddress,
  });
}
