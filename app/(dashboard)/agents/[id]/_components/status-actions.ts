import { ALLOWED_TRANSITIONS, type AgentStatus } from '@/lib/engine';

export interface StatusActions {
  /** Offer "Put into maintenance" (it drains first when tasks are in flight). */
  canPutIntoMaintenance: boolean;
  /** Offer "Return to service" (→ ACTIVE). */
  canReturnToService: boolean;
  /** The remaining legal targets, for the "Change status" control. */
  otherTargets: AgentStatus[];
}

/**
 * Which status changes the agent page offers: only what the lifecycle allows from `status`
 * (ALLOWED_TRANSITIONS), with maintenance and return to service as the two main buttons. A
 * DRAINING agent is not offered maintenance: it gets there by itself when its tasks finish.
 */
export function statusActionsFor(status: AgentStatus): StatusActions {
  const allowed = ALLOWED_TRANSITIONS[status];
  const canPutIntoMaintenance = status !== 'DRAINING' && allowed.includes('MAINTENANCE');
  const canReturnToService = allowed.includes('ACTIVE');
  return {
    canPutIntoMaintenance,
    canReturnToService,
    otherTargets: allowed.filter(
      (target) =>
        target !== 'ACTIVE' &&
        target !== 'MAINTENANCE' &&
        // DRAINING on its own is what maintenance does when tasks run; asking for it is the same.
        target !== 'DRAINING',
    ),
  };
}
