import { TERMINAL_REQUEST_STATUSES, type RequestStatus, type TaskStatus } from '@/lib/engine';
import type { TaskAction } from '@/lib/schemas/requests';

/**
 * The node actions an operator is offered, mirroring what lib/server/execution/control.ts accepts
 * so the page never shows a button that can only be refused: by task status (cancel while it can
 * still run, retry after it failed or was cancelled, skip anything not yet done or given up on), and
 * only while the request runs — or has failed, where retry and skip reopen it.
 */
const BY_TASK_STATUS = {
  pending: ['cancel', 'skip'],
  ready: ['cancel', 'skip'],
  retrying: ['cancel', 'skip'],
  running: ['cancel'],
  failed: ['retry', 'skip'],
  cancelled: ['retry', 'skip'],
  succeeded: [],
  skipped: [],
} as const satisfies Record<TaskStatus, readonly TaskAction[]>;

export function taskActionsFor(task: TaskStatus, request: RequestStatus): TaskAction[] {
  if (request === 'running') return [...BY_TASK_STATUS[task]];
  if (request === 'failed') return BY_TASK_STATUS[task].filter((action) => action !== 'cancel');
  return [];
}

export const TASK_ACTION_LABELS = {
  cancel: 'Cancel',
  retry: 'Retry',
  skip: 'Skip',
} as const satisfies Record<TaskAction, string>;

/** Whether the request can still change by itself (the page then follows it live). */
export function isRequestFinished(status: RequestStatus): boolean {
  return (TERMINAL_REQUEST_STATUSES as readonly RequestStatus[]).includes(status);
}
