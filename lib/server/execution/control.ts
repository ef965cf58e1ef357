/**
 * Operator actions on a request: cancel it, approve or reject its plan, and cancel / retry / skip
 * one node. Each runs in one transaction under the request's lock and appends its events; the
 * callers (server actions, REST routes) check the role first.
 */
import { Prisma } from '@/lib/db/generated/prisma/client';
import { AppError } from '@/lib/errors';
import type { PrismaClient } from '@/lib/db/prisma';
import type { RequestStatus, TaskStatus } from '@/lib/engine';
import type { TaskAction } from '@/lib/schemas/requests';
import { appendEvents } from './events';
import { startRequest } from './plan';
import {
  CASCADE_SKIP_PREFIX,
  checkRequestProgress,
  descendantsOf,
  lockRequest,
  promoteReadyTasks,
  skipDependents,
  stopRequest,
} from './settle';
import { inTx } from './deps';
import { findActorLabels } from '../agent-list';

/** "ops@example.com" for `user:<id>`: the request's error names the person, not an id. */
async function actorName(tx: Prisma.TransactionClient, actor: string): Promise<string> {
  return (await findActorLabels(tx, [actor])).get(actor) ?? actor;
}

const TERMINAL: RequestStatus[] = ['succeeded', 'failed', 'cancelled'];

export async function cancelRequest(
  db: PrismaClient,
  requestId: string,
  actor: string,
  reason?: string,
  now = new Date(),
): Promise<{ status: RequestStatus }> {
  return inTx(db, async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request) throw new AppError('NOT_FOUND', 'No such request.');
    if (TERMINAL.includes(request.status)) {
      throw new AppError(
        'CONFLICT',
        `The request already ${request.status === 'cancelled' ? 'was cancelled' : request.status}.`,
      );
    }
    const who = await actorName(tx, actor);
    const why = reason ? `cancelled by ${who}: ${reason}` : `cancelled by ${who}`;
    await stopRequest(tx, requestId, 'cancelled', why, now, [
      {
        requestId,
        type: 'request.cancel_requested',
        payload: { by: actor, reason: reason ?? null },
      },
    ]);
    return { status: 'cancelled' as const };
  });
}

export async function decideApproval(
  db: PrismaClient,
  requestId: string,
  decision: 'approve' | 'reject',
  actor: string,
  reason?: string,
  now = new Date(),
): Promise<{ status: RequestStatus }> {
  return inTx(db, async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request) throw new AppError('NOT_FOUND', 'No such request.');
    if (request.status !== 'awaiting_approval') {
      throw new AppError('CONFLICT', `The request is ${request.status}, not awaiting approval.`);
    }
    if (decision === 'reject') {
      const who = await actorName(tx, actor);
      const why = reason ? `rejected by ${who}: ${reason}` : `rejected by ${who}`;
      await stopRequest(tx, requestId, 'cancelled', why, now, [
        { requestId, type: 'request.rejected', payload: { by: actor, reason: reason ?? null } },
      ]);
      return { status: 'cancelled' as const };
    }
    await appendEvents(tx, [{ requestId, type: 'request.approved', payload: { by: actor } }]);
    await startRequest(tx, requestId, now);
    return { status: 'running' as const };
  });
}

/** Allowed node actions by task status. */
const ACTIONS: Record<TaskAction, TaskStatus[]> = {
  cancel: ['pending', 'ready', 'retrying', 'running'],
  retry: ['failed', 'cancelled'],
  skip: ['pending', 'ready', 'retrying', 'failed', 'cancelled'],
};

export async function taskAction(
  db: PrismaClient,
  requestId: string,
  taskId: string,
  action: TaskAction,
  actor: string,
  now = new Date(),
): Promise<{ status: TaskStatus }> {
  return inTx(db, async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request) throw new AppError('NOT_FOUND', 'No such request.');
    const task = await tx.task.findFirst({
      where: { id: taskId, requestId },
      select: { id: true, ref: true, status: true, error: true },
    });
    if (!task) throw new AppError('NOT_FOUND', 'No such task in this request.');
    if (!ACTIONS[action].includes(task.status)) {
      throw new AppError('CONFLICT', `Cannot ${action} task '${task.ref}': it is ${task.status}.`);
    }
    const reopens = action !== 'cancel' && request.status === 'failed';
    if (request.status === 'cancelled' || request.status === 'succeeded') {
      throw new AppError('CONFLICT', `The request is ${request.status}.`);
    }
    if (request.status === 'planning' || request.status === 'awaiting_approval') {
      throw new AppError('CONFLICT', 'The request has not started yet.');
    }
    if (action === 'cancel' && request.status !== 'running') {
      throw new AppError('CONFLICT', `The request is ${request.status}.`);
    }
    if (reopens) {
      await tx.request.update({
        where: { id: requestId },
        data: { status: 'running', error: null, result: Prisma.DbNull, finishedAt: null },
      });
    }
    const events = [
      {
        requestId,
        taskId,
        type: 'task.reset' as const,
        payload: { ref: task.ref, action, by: actor },
      },
    ];
    if (action === 'cancel') {
      // The running call is aborted on the NOTIFY this status change sends (a trigger), when it commits.
      await tx.task.update({
        where: { id: taskId },
        data: { status: 'cancelled', error: `cancelled by ${actor}`, finishedAt: now },
      });
      await appendEvents(tx, [
        {
          requestId,
          taskId,
          type: 'task.cancelled',
          payload: { ref: task.ref, by: actor, was: task.status },
        },
      ]);
      await skipDependents(tx, requestId, { ...task, status: 'cancelled' }, now);
      await checkRequestProgress(tx, requestId, now);
      return { status: 'cancelled' as const };
    }
    // retry and skip: dependents skipped because of this task get another chance.
    const unskip = (await descendantsOf(tx, taskId)).filter(
      (d) => d.status === 'skipped' && d.error?.startsWith(CASCADE_SKIP_PREFIX),
    );
    if (unskip.length > 0) {
      await tx.task.updateMany({
        where: { id: { in: unskip.map((d) => d.id) } },
        data: { status: 'pending', error: null, finishedAt: null },
      });
    }
    if (action === 'retry') {
      await tx.task.update({
        where: { id: taskId },
        data: { status: 'pending', error: null, finishedAt: null, attemptCount: 0 },
      });
    } else {
      await tx.task.update({
        where: { id: taskId },
        data: { status: 'skipped', error: `skipped by ${actor}`, finishedAt: now },
      });
    }
    await appendEvents(tx, [
      ...(reopens
        ? [{ requestId, type: 'request.started' as const, payload: { reopenedBy: actor } }]
        : []),
      ...events,
      ...(action === 'skip'
        ? [
            {
              requestId,
              taskId,
              type: 'task.skipped' as const,
              payload: { ref: task.ref, by: actor },
            },
          ]
        : []),
    ]);
    await promoteReadyTasks(tx, requestId);
    await checkRequestProgress(tx, requestId, now);
    return { status: action === 'retry' ? ('ready' as const) : ('skipped' as const) };
  });
}
