'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, ok, rethrowNavigation, type FormState } from '@/lib/actions/result';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { viewerUserId } from '@/lib/auth/viewer';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/db/repositories/audit';
import { RoutingStrategySchema } from '@/lib/schemas/requests';
import { DEFAULT_STRATEGY_SETTING_KEY } from '@/lib/server/execution/submit';

const RoutingSettingSchema = z.object({ strategy: RoutingStrategySchema });

/**
 * Sets the routing strategy of requests that name none (admin): the `routing` setting
 * `{ strategy }`, read by submitRequest (REST and A2A submissions; the form preselects it).
 */
export async function updateRoutingDefaultAction(
  _previous: FormState<{ message: string }>,
  formData: FormData,
): Promise<FormState<{ message: string }>> {
  try {
    const { strategy } = RoutingSettingSchema.parse({ strategy: formData.get('strategy') });
    const viewer = await requireActionRole('admin');
    const db = getDb();
    const value = { strategy };
    await db.setting.upsert({
      where: { key: DEFAULT_STRATEGY_SETTING_KEY },
      create: { key: DEFAULT_STRATEGY_SETTING_KEY, value },
      update: { value },
    });
    await recordAudit(db, {
      actor: viewer.actor,
      userId: viewerUserId(viewer),
      action: 'settings.changed',
      targetType: 'setting',
      targetId: DEFAULT_STRATEGY_SETTING_KEY,
      metadata: value,
      ipAddress: await getClientIp(),
    });
    revalidatePath('/settings');
    revalidatePath('/requests');
    return ok({ message: `Requests without a strategy are now routed by ${strategy}.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateRoutingDefault');
  }
}
