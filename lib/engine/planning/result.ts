import { type PlanError, type PlannedTask } from '../dag/validate';

/** What a planner knows about a capability; routing's registry supplies these. */
export interface CapabilityInfo {
  name: string;
  description: string;
  tags: readonly string[];
  examples: readonly string[];
}

export const PLANNING_ERROR_CODES = [
  /** The request text has no clause to plan. */
  'EMPTY_REQUEST',
  /** Heuristic planner: no capability matches a clause. */
  'NO_MATCHING_CAPABILITY',
  /** Heuristic planner: two or more capabilities match a clause equally well. */
  'AMBIGUOUS_CLAUSE',
  /** A workflow or LLM output is not JSON, or does not fit its schema. */
  'INVALID_WORKFLOW',
  /** The plan is well-formed but `validatePlan` rejects it (cycle, unknown ref or capability…). */
  'INVALID_PLAN',
] as const;
export type PlanningErrorCode = (typeof PLANNING_ERROR_CODES)[number];

/** One concrete problem: a schema issue (`INVALID_FIELD`, `INVALID_JSON`) or a plan error. */
export interface PlanProblem {
  code: PlanError['code'] | 'INVALID_FIELD' | 'INVALID_JSON';
  message: string;
  /** e.g. `tasks.1.dependsOn.0`. */
  path?: string;
  ref?: string;
}

export interface PlanningError {
  code: PlanningErrorCode;
  /** One line for an operator; lists every problem. */
  message: string;
  /** The clause the heuristic planner could not plan. */
  clause?: string;
  problems: PlanProblem[];
}

export type PlanningResult =
  | { ok: true; tasks: PlannedTask[]; /** Topological order of the refs. */ order: string[] }
  | { ok: false; error: PlanningError };

export function planningFailure(
  code: PlanningErrorCode,
  problems: PlanProblem[],
  extra: { clause?: string; message?: string } = {},
): PlanningResult {
  const message = extra.message ?? problems.map((problem) => problem.message).join('; ');
  return {
    ok: false,
    error: { code, message, problems, ...(extra.clause !== undefined && { clause: extra.clause }) },
  };
}
