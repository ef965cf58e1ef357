import { describe, expect, it } from 'vitest';
import { ALLOWED_TRANSITIONS, AGENT_STATUSES } from '@/lib/engine';
import { statusActionsFor } from './status-actions';

describe('statusActionsFor', () => {
  it.each([
    ['ACTIVE', true, false, ['DEGRADED', 'INACTIVE', 'FAILED']],
    ['DEGRADED', true, true, ['INACTIVE', 'FAILED']],
    ['DRAINING', false, true, []],
    ['MAINTENANCE', false, true, ['FAILED']],
    ['INACTIVE', true, true, []],
    ['FAILED', true, false, ['INACTIVE']],
  ] as const)('%s: maintenance %s, return %s, others %j', (status, maintenance, back, others) => {
    expect(statusActionsFor(status)).toEqual({
      canPutIntoMaintenance: maintenance,
      canReturnToService: back,
      otherTargets: others,
    });
  });

  it('never offers a change the lifecycle refuses', () => {
    for (const status of AGENT_STATUSES) {
      const actions = statusActionsFor(status);
      const offered = [
        ...actions.otherTargets,
        ...(actions.canPutIntoMaintenance ? (['MAINTENANCE'] as const) : []),
        ...(actions.canReturnToService ? (['ACTIVE'] as const) : []),
      ];
      for (const target of offered) expect(ALLOWED_TRANSITIONS[status]).toContain(target);
    }
  });
});
