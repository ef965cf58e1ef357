import { type ExecutionMode } from '../types';

/**
 * Plan validation: every plan (heuristic, LLM or explicit workflow) passes through `validatePlan`
 * before anything runs. It reports every problem it finds, not just the first, so an operator can fix
 * a workflow in one go.
 */

/** A task reference: short, URL- and log-safe, unique within a plan. */
export const REF_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

export const REF_RULE =
  'a ref is 1–64 characters: letters, digits, "_", "." or "-", not starting with "." or "-"';

/** One node of a planned request, before it is persisted as a Task. */
export interface PlannedTask {
  /** Unique within the plan; other tasks name it in `dependsOn`. */
  ref: string;
  description: string;
  /** The capability an agent must offer to run this task. */
  capability: string;
  /** Refs of the tasks whose outputs this task needs. Empty: it can start at once. */
  dependsOn: string[];
  input?: unknown;
  /** Default `single`. */
  mode?: ExecutionMode;
  /** Attempts allowed for this task (1..10); default: the engine's retry policy. */
  maxAttempts?: number;
  /** Per-attempt timeout; default: the engine's. */
  timeoutMs?: number;
  /** fan_out / consensus options. */
  options?: TaskModeOptions;
}

/** How fan_out and consensus pick their agents, and how consensus decides. */
export interface TaskModeOptions {
  /** consensus: how many agents vote (default 3, fewer when fewer are available). */
  agents?: number;
  /** fan_out / consensus: also take every agent whose capability carries this tag. */
  tag?: string;
  /** consensus: capability of a judge agent that picks the answer instead of a majority vote. */
  judge?: string;
}

/** The fields validation looks at; anything shaped like this can be validated. */
export type PlanNode = Pick<PlannedTask, 'ref' | 'capability' | 'dependsOn' | 'options'>;

export const PLAN_ERROR_CODES = [
  /** The plan has no tasks. */
  'EMPTY_PLAN',
  /** A ref does not match REF_PATTERN. */
  'INVALID_REF',
  /** Two tasks share a ref. */
  'DUPLICATE_REF',
  /** A task depends on a ref that is not in the plan. */
  'UNKNOWN_REF',
  /** A task lists itself in `dependsOn`. */
  'SELF_DEPENDENCY',
  /** Tasks wait on each other in a circle: none of them could ever start. */
  'CYCLE',
  /** No registered agent offers the capability a task needs. */
  'UNKNOWN_CAPABILITY',
] as const;
export type PlanErrorCode = (typeof PLAN_ERROR_CODES)[number];

export interface PlanError {
  code: PlanErrorCode;
  /** Human-readable, safe to show to an operator. */
  message: string;
  /** The task the error is about (the first task of the cycle for CYCLE). */
  ref?: string;
  /** Where in the plan, e.g. `tasks.1.dependsOn.0`; absent for CYCLE, which spans tasks. */
  path?: string;
  /** For CYCLE: the refs in dependency order, each depending on the next, the last on the first. */
  cycle?: string[];
}

export type PlanValidation = { ok: true; order: string[] } | { ok: false; errors: PlanError[] };

/**
 * Checks a plan and returns its tasks in a topological order (every task after all of its
 * dependencies; among tasks free to go, plan order first), or every error found.
 *
 * Cycles are reported once per strongly connected component, as the shortest cycle through the
 * earliest-declared task of that component, arrows reading "depends on": `deadlock: a → b → a`.
 */
export function validatePlan(
  plan: { readonly tasks: readonly PlanNode[] },
  availableCapabilities: ReadonlySet<string>,
): PlanValidation {
  const { tasks } = plan;
  if (tasks.length === 0) {
    return {
      ok: false,
      errors: [{ code: 'EMPTY_PLAN', message: 'the plan has no tasks', path: 'tasks' }],
    };
  }

  const errors: PlanError[] = [];
  const indexOf = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (!REF_PATTERN.test(task.ref)) {
      errors.push({
        code: 'INVALID_REF',
        message: `task ${index + 1} has an invalid ref '${task.ref}': ${REF_RULE}`,
        ref: task.ref,
        path: `tasks.${index}.ref`,
      });
    }
    if (indexOf.has(task.ref)) {
      errors.push({
        code: 'DUPLICATE_REF',
        message: `ref '${task.ref}' is used by more than one task (tasks ${indexOf.get(task.ref)! + 1} and ${index + 1})`,
        ref: task.ref,
        path: `tasks.${index}.ref`,
      });
    } else {
      indexOf.set(task.ref, index);
    }
  });

  // Edges of the graph, from each ref's first task to its distinct, known, non-self dependencies.
  const edges = new Map<string, string[]>();
  tasks.forEach((task, index) => {
    if (!availableCapabilities.has(task.capability)) {
      errors.push({
        code: 'UNKNOWN_CAPABILITY',
        message: `task '${task.ref}' needs '${task.capability}': no registered agent offers '${task.capability}'`,
        ref: task.ref,
        path: `tasks.${index}.capability`,
      });
    }
    const judge = task.options?.judge;
    if (judge !== undefined && !availableCapabilities.has(judge)) {
      errors.push({
        code: 'UNKNOWN_CAPABILITY',
        message: `task '${task.ref}' names judge '${judge}': no registered agent offers '${judge}'`,
        ref: task.ref,
        path: `tasks.${index}.judge`,
      });
    }
    const deps: string[] = [];
    task.dependsOn.forEach((dep, depIndex) => {
      const path = `tasks.${index}.dependsOn.${depIndex}`;
      if (dep === task.ref) {
        errors.push({
          code: 'SELF_DEPENDENCY',
          message: `task '${task.ref}' depends on itself`,
          ref: task.ref,
          path,
        });
      } else if (!indexOf.has(dep)) {
        errors.push({
          code: 'UNKNOWN_REF',
          message: `task '${task.ref}' depends on '${dep}', which is not in the plan`,
          ref: task.ref,
          path,
        });
      } else if (!deps.includes(dep)) {
        deps.push(dep);
      }
    });
    if (indexOf.get(task.ref) === index) edges.set(task.ref, deps);
  });

  const order = topologicalOrder(edges, indexOf);
  if (order.length < edges.size) {
    const sorted = new Set(order);
    errors.push(...findCycles(edges, indexOf, sorted));
  }

  return errors.length > 0 ? { ok: false, errors } : { ok: true, order };
}

/** Kahn's algorithm; among tasks whose dependencies are all placed, the earliest-declared goes next. */
function topologicalOrder(
  edges: ReadonlyMap<string, readonly string[]>,
  indexOf: ReadonlyMap<string, number>,
): string[] {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [ref, deps] of edges) {
    waiting.set(ref, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), ref]);
  }
  const byPlanOrder = (a: string, b: string) => indexOf.get(a)! - indexOf.get(b)!;
  const free = [...edges.keys()].filter((ref) => waiting.get(ref) === 0).sort(byPlanOrder);
  const order: string[] = [];
  while (free.length > 0) {
    const ref = free.shift()!;
    order.push(ref);
    for (const dependent of dependents.get(ref) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) {
        free.push(dependent);
        free.sort(byPlanOrder);
      }
    }
  }
  return order;
}

/** One CYCLE error per strongly connected component among the tasks Kahn could not place. */
function findCycles(
  edges: ReadonlyMap<string, readonly string[]>,
  indexOf: ReadonlyMap<string, number>,
  sorted: ReadonlySet<string>,
): PlanError[] {
  const stuck = [...edges.keys()]
    .filter((ref) => !sorted.has(ref))
    .sort((a, b) => indexOf.get(a)! - indexOf.get(b)!);
  const stuckSet = new Set(stuck);
  const reverse = new Map<string, string[]>();
  for (const ref of stuck) {
    for (const dep of edges.get(ref)!) {
      if (stuckSet.has(dep)) reverse.set(dep, [...(reverse.get(dep) ?? []), ref]);
    }
  }
  const forward = (ref: string) => edges.get(ref)!.filter((dep) => stuckSet.has(dep));

  const covered = new Set<string>();
  const errors: PlanError[] = [];
  for (const start of stuck) {
    if (covered.has(start)) continue;
    const cycle = shortestCycleThrough(start, forward);
    if (!cycle) continue; // Waits on a cycle without being part of one; the cycle is reported.
    const ahead = reachable(start, forward);
    for (const ref of reachable(start, (r) => reverse.get(r) ?? [])) {
      if (ahead.has(ref)) covered.add(ref);
    }
    errors.push({
      code: 'CYCLE',
      message: `deadlock: ${[...cycle, cycle[0]].join(' → ')}`,
      ref: start,
      cycle,
    });
  }
  return errors;
}

function reachable(start: string, next: (ref: string) => readonly string[]): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const ref of next(queue.shift()!)) {
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
    }
  }
  return seen;
}

/** Breadth-first, following `dependsOn` in declared order, so the answer is deterministic. */
function shortestCycleThrough(
  start: string,
  next: (ref: string) => readonly string[],
): string[] | null {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const ref = queue.shift()!;
    for (const dep of next(ref)) {
      if (dep === start) {
        const path = [ref];
        for (let head = ref; head !== start; head = parent.get(head)!) {
          path.unshift(parent.get(head)!);
        }
        return path;
      }
      if (!parent.has(dep)) {
        parent.set(dep, ref);
        queue.push(dep);
      }
    }
  }
  return null;
}
