'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { actionError, ok, rethrowNavigation, type FormState } from '@/lib/actions/result';
import { getClientIp, requireActionRole } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { RoutingStrategySchema } from '@/lib/schemas/requests';
import { DEFAULT_STRATEGY_SETTING_KEY } from '@/lib/server/execution/submit';
import { saveSetting } from '@/lib/server/settings';

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
    const viewer = await requireActionRole('admin');
    const { strategy } = RoutingSettingSchema.parse({ strategy: formData.get('strategy') });
    await saveSetting(
      getDb(),
      DEFAULT_STRATEGY_SETTING_KEY,
      { strategy },
      {
        viewer,
        ipAddress: await getClientIp(),
      },
    );
    revalidatePath('/settings');
    revalidatePath('/requests');
    return ok({ message: `Requests without a strategy are now routed by ${strategy}.` });
  } catch (error) {
    rethrowNavigation(error);
    return actionError(error, 'updateRoutingDefault');
  }
}
