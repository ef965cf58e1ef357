import type { AttemptStatus, RequestStatus, TaskStatus } from '../types';
import { cutText } from './summary';
import {
  compareEventIds,
  type AttemptSummary,
  type RequestSnapshot,
  type TaskSummary,
  type TraceEvent,
} from './types';

/**
 * Folding the event log over a snapshot. The same reducer moves the live page forward as events
 * arrive over SSE and rebuilds any past moment for the replay slider: start from the plan with every
 * task pending (`planOf`) and apply the events up to the chosen id (`reconstructAt`).
 *
 * The reducer reads only the event types and payload keys the execution engine writes
 * (lib/server/execution/*): `ref`, `attempt`, `agent`, `latencyMs`, `cost`, `error`, `reason`,
 * `action`. Unknown types are ignored, so a newer engine never breaks an older page. It folds
 * summaries (what the page draws); a task's details are read again when an event for it arrives
 * while its drawer is open.
 */

const TASK_STATUS_EVENTS: Record<string, TaskStatus> = {
  'task.ready': 'ready',
  'task.retrying': 'retrying',
  'task.succeeded': 'succeeded',
  'task.failed': 'failed',
  'task.cancelled': 'cancelled',
  'task.skipped': 'skipped',
};

const REQUEST_STATUS_EVENTS: Record<string, RequestStatus> = {
  'request.submitted': 'planning',
  'request.awaiting_approval': 'awaiting_approval',
  'request.started': 'running',
  'request.succeeded': 'succeeded',
  'request.failed': 'failed',
  'request.cancelled': 'cancelled',
  'request.rejected': 'cancelled',
};

const ATTEMPT_STATUS_EVENTS: Record<string, AttemptStatus> = {
  'attempt.succeeded': 'succeeded',
  'attempt.failed': 'failed',
  'attempt.cancelled': 'cancelled',
};

const TERMINAL_TASK: ReadonlySet<TaskStatus> = new Set([
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
]);

function record(payload: unknown): Record<string, unknown> {
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The request as it stood before anything ran: every task pending with no attempt, the request
 * planning, nothing spent. Plan facts (refs, edges, modes, the planned agent) are kept.
 */
export function planOf(snapshot: RequestSnapshot): RequestSnapshot {
  return {
    ...snapshot,
    status: 'planning',
    startedAt: null,
    finishedAt: null,
    costMicros: '0',
    error: null,
    synthesizedBy: null,
    hasResult: false,
    lastEventId: '0',
    // Field by field: a full trace given here must not carry its (later) details into the plan.
    tasks: snapshot.tasks.map((task) => ({
      id: task.id,
      ref: task.ref,
      description: task.description,
      capability: task.capability,
      mode: task.mode,
      dependsOn: task.dependsOn,
      plannedAgent: task.plannedAgent,
      maxAttempts: task.maxAttempts,
      timeoutMs: task.timeoutMs,
      estimatedCostMicros: task.estimatedCostMicros,
      status: 'pending',
      agent: null,
      startedAt: null,
      finishedAt: null,
      error: null,
      waiting: false,
      attempts: [],
      votes: [],
      winner: null,
      outputPreview: null,
    })),
  };
}

/**
 * Applies one event. Returns the same object when the event is already folded in (its id is not
 * after `lastEventId`) or changes nothing, so React can skip a re-render. `details` is the newest
 * known snapshot: what an event does not carry (a finished task's output preview and votes, exact
 * row times) is taken from it.
 */
export function applyEvent(
  snapshot: RequestSnapshot,
  event: TraceEvent,
  details?: RequestSnapshot,
): RequestSnapshot {
  if (compareEventIds(event.id, snapshot.lastEventId) <= 0) return snapshot;
  const next: RequestSnapshot = { ...snapshot, lastEventId: event.id };
  const payload = record(event.payload);

  const requestStatus = REQUEST_STATUS_EVENTS[event.type];
  if (requestStatus) {
    next.status = requestStatus;
    if (requestStatus === 'running') {
      next.startedAt ??= details?.startedAt ?? event.at;
      next.finishedAt = null;
      next.error = null;
    }
    if (
      requestStatus === 'succeeded' ||
      requestStatus === 'failed' ||
      requestStatus === 'cancelled'
    ) {
      next.finishedAt =
        details && details.status === requestStatus ? (details.finishedAt ?? event.at) : event.at;
      next.error = str(payload.reason) ?? next.error;
      const by = str(payload.synthesizedBy);
      if (by) {
        next.synthesizedBy = by;
        next.hasResult = true;
      } else if (requestStatus === 'failed' && details?.hasResult) {
        next.synthesizedBy = details.synthesizedBy;
        next.hasResult = true;
      }
    }
    return next;
  }

  if (!event.taskId) return next;
  const index = snapshot.tasks.findIndex((task) => task.id === event.taskId);
  if (index < 0) return next;
  const task = updateTask(snapshot.tasks[index]!, event, payload, detailsOf(details, event.taskId));
  if (task === snapshot.tasks[index]) return next;
  const tasks = snapshot.tasks.slice();
  tasks[index] = task;
  next.tasks = tasks;
  if (event.type === 'attempt.succeeded') {
    const cost = str(payload.cost);
    if (cost && /^\d+$/.test(cost)) {
      next.costMicros = (BigInt(next.costMicros) + BigInt(cost)).toString();
    }
  }
  return next;
}

function detailsOf(details: RequestSnapshot | undefined, taskId: string): TaskSummary | undefined {
  return details?.tasks.find((task) => task.id === taskId);
}

function updateTask(
  task: TaskSummary,
  event: TraceEvent,
  payload: Record<string, unknown>,
  details: TaskSummary | undefined,
): TaskSummary {
  const status = TASK_STATUS_EVENTS[event.type];
  if (status) {
    const terminal = TERMINAL_TASK.has(status);
    const known = details && details.status === status ? details : undefined;
    const error = str(payload.error) ?? str(payload.reason);
    return {
      ...task,
      status,
      waiting: false,
      finishedAt: terminal ? (known?.finishedAt ?? event.at) : null,
      error:
        status === 'ready' ? null : error !== null ? cutText(error) : terminal ? task.error : null,
      ...(status === 'succeeded' && known
        ? { outputPreview: known.outputPreview, votes: known.votes, winner: known.winner }
        : {}),
    };
  }
  switch (event.type) {
    case 'task.waiting':
      return { ...task, waiting: true };
    case 'task.reset': {
      if (payload.action === 'cancel') return task;
      // Retry and skip reopen the task (skip then marks it skipped in the same transaction).
      return { ...task, status: 'pending', error: null, finishedAt: null, waiting: false };
    }
    case 'attempt.started': {
      const number = num(payload.attempt);
      if (number === null || task.attempts.some((a) => a.number === number)) {
        return { ...task, status: 'running', waiting: false };
      }
      const agentName = str(payload.agent);
      // The attempt row's own start time is exact; the event's is its transaction's clock.
      const known = details?.attempts.find((a) => a.number === number);
      const attempt: AttemptSummary = {
        number,
        agent: agentName,
        status: 'running',
        startedAt: known?.startedAt ?? event.at,
        finishedAt: null,
        latencyMs: null,
        costMicros: '0',
      };
      const knownAgent =
        details?.agent && details.agent.name === agentName
          ? details.agent
          : agentName
            ? { id: '', name: agentName, displayName: agentName }
            : task.agent;
      return {
        ...task,
        status: 'running',
        waiting: false,
        startedAt: task.startedAt ?? details?.startedAt ?? event.at,
        agent: task.agent && task.agent.name === agentName ? task.agent : knownAgent,
        attempts: [...task.attempts, attempt].sort((a, b) => a.number - b.number),
      };
    }
    default:
      break;
  }
  const attemptStatus = ATTEMPT_STATUS_EVENTS[event.type];
  if (attemptStatus) {
    const number = num(payload.attempt);
    const position = task.attempts.findIndex((a) => a.number === number);
    if (position < 0) return task;
    const known = details?.attempts.find((a) => a.number === number);
    const current = task.attempts[position]!;
    const finishedAt =
      known && known.status === attemptStatus ? (known.finishedAt ?? event.at) : event.at;
    const attempt: AttemptSummary = {
      ...current,
      status: attemptStatus,
      finishedAt,
      latencyMs: num(payload.latencyMs) ?? known?.latencyMs ?? finishedAt - current.startedAt,
      costMicros: str(payload.cost) ?? known?.costMicros ?? current.costMicros,
    };
    const attempts = task.attempts.slice();
    attempts[position] = attempt;
    return { ...task, attempts };
  }
  return task;
}

/** Applies events in id order (already-folded ones are skipped). */
export function applyEvents(
  snapshot: RequestSnapshot,
  events: readonly TraceEvent[],
  details?: RequestSnapshot,
): RequestSnapshot {
  let current = snapshot;
  for (const event of events) current = applyEvent(current, event, details);
  return current;
}

/**
 * The request as it stood right after event `atEventId`: the plan of `snapshot` with every event up
 * to and including that id applied. `atEventId` "0" (or before the first event) is the plan itself,
 * every task pending.
 */
export function reconstructAt(
  snapshot: RequestSnapshot,
  events: readonly TraceEvent[],
  atEventId: string,
): RequestSnapshot {
  const upTo = events.filter((event) => compareEventIds(event.id, atEventId) <= 0);
  return applyEvents(planOf(snapshot), upTo, snapshot);
}
