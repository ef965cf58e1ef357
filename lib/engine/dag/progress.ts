import { TERMINAL_TASK_STATUSES, type TaskStatus } from '../types';

/**
 * Runtime view of a request's task graph: which tasks may start now, and whether the request is
 * stuck. Pure functions over task snapshots; the executor reads the rows, calls these, and acts.
 */

export interface TaskProgress {
  ref: string;
  status: TaskStatus;
  dependsOn: readonly string[];
}

export interface ProgressOptions {
  /**
   * Dependency statuses that let a dependent start. Default `['succeeded']`. An operator's "skip a
   * node" can be made to release its dependents by passing `['succeeded', 'skipped']`.
   */
  satisfiedBy?: readonly TaskStatus[];
}

const DEFAULT_SATISFIED_BY: readonly TaskStatus[] = ['succeeded'];

/** Statuses in which a task is under way or about to be (enqueued, running, waiting to retry). */
const ACTIVE_STATUSES: readonly TaskStatus[] = ['ready', 'running', 'retrying'];

const isTerminal = (status: TaskStatus) =>
  (TERMINAL_TASK_STATUSES as readonly TaskStatus[]).includes(status);

/** Refs of the `pending` tasks whose dependencies are all satisfied, in the order given. */
export function readyTasks(
  tasks: readonly TaskProgress[],
  options: ProgressOptions = {},
): string[] {
  const satisfiedBy = options.satisfiedBy ?? DEFAULT_SATISFIED_BY;
  const statusOf = new Map(tasks.map((task) => [task.ref, task.status]));
  return tasks
    .filter(
      (task) =>
        task.status === 'pending' &&
        task.dependsOn.every((dep) => {
          const status = statusOf.get(dep);
          return status !== undefined && satisfiedBy.includes(status);
        }),
    )
    .map((task) => task.ref);
}

export interface BlockedTask {
  ref: string;
  /** The unsatisfied dependencies, with their status (`missing` when the ref is not in the request). */
  waitingOn: { ref: string; status: TaskStatus | 'missing' }[];
}

export interface RuntimeDeadlock {
  /** Every unfinished task, with what it waits for. */
  blocked: BlockedTask[];
  /** e.g. "deadlock: 'c' waits for 'b' (failed); 'd' waits for 'c' (pending)". */
  message: string;
}

/**
 * Runtime deadlock detection: returns the deadlock when nothing is running, nothing can start and
 * the request is not finished — the request would wait forever. Returns null otherwise (including
 * when every task is terminal). Typical cause: a dependency failed or was cancelled and its
 * dependents were not settled.
 */
export function blockedBy(
  tasks: readonly TaskProgress[],
  options: ProgressOptions = {},
): RuntimeDeadlock | null {
  const satisfiedBy = options.satisfiedBy ?? DEFAULT_SATISFIED_BY;
  if (tasks.some((task) => ACTIVE_STATUSES.includes(task.status))) return null;
  if (readyTasks(tasks, options).length > 0) return null;
  const unfinished = tasks.filter((task) => !isTerminal(task.status));
  if (unfinished.length === 0) return null;

  const statusOf = new Map(tasks.map((task) => [task.ref, task.status]));
  const blocked = unfinished.map((task) => ({
    ref: task.ref,
    waitingOn: task.dependsOn
      .map((dep) => ({ ref: dep, status: statusOf.get(dep) ?? ('missing' as const) }))
      .filter(({ status }) => status === 'missing' || !satisfiedBy.includes(status)),
  }));
  const describe = ({ ref, waitingOn }: BlockedTask) =>
    `'${ref}' waits for ${waitingOn.map((dep) => `'${dep.ref}' (${dep.status})`).join(', ')}`;
  return { blocked, message: `deadlock: ${blocked.map(describe).join('; ')}` };
}
