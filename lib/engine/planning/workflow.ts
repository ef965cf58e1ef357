import { z } from 'zod';
import { REF_PATTERN, REF_RULE, validatePlan, type PlannedTask } from '../dag/validate';
import { EXECUTION_MODES } from '../types';
import { planningFailure, type PlanProblem, type PlanningResult } from './result';
import { issueText, prioritiseIssues, unknownKeysMessage } from './suggest';

/**
 * Explicit workflows: the operator (or an API client) writes the task graph as JSON instead of
 * free text. Example:
 *
 *   { "tasks": [
 *       { "ref": "product", "capability": "calculate", "input": "25 * 4" },
 *       { "ref": "as_json", "capability": "format_json", "dependsOn": ["product"] } ] }
 *
 * Unknown keys are errors, so a typo such as `depends_on` is reported rather than ignored.
 */

export const MAX_WORKFLOW_TASKS = 200;
export const MAX_TASK_ATTEMPTS = 10;
/** One hour: longer work belongs in an asynchronous agent, not one attempt. */
export const MAX_TASK_TIMEOUT_MS = 3_600_000;

const TASK_KEYS = [
  'ref',
  'capability',
  'description',
  'input',
  'dependsOn',
  'mode',
  'maxAttempts',
  'timeoutMs',
  'agents',
  'tag',
  'judge',
] as const;
const WORKFLOW_KEYS = ['title', 'tasks'] as const;

function presentKeys(input: unknown): string[] {
  return input !== null && typeof input === 'object' ? Object.keys(input) : [];
}

/** A strict object's refusal of unknown keys, naming each one and the key it probably stands for. */
function unknownKeysError(known: readonly string[]) {
  return {
    error: (issue: { code?: string; keys?: string[]; input?: unknown }) =>
      issue.code === 'unrecognized_keys' && issue.keys
        ? unknownKeysMessage(issue.keys, known, presentKeys(issue.input))
        : undefined,
  };
}

export const WorkflowTaskSchema = z
  .strictObject(
    {
      ref: z
        .string()
        .regex(REF_PATTERN, REF_RULE)
        .describe('Unique within the workflow; other tasks name it in dependsOn.'),
      capability: z.string().min(1).describe('The capability an agent must offer, e.g. calculate.'),
      description: z.string().max(2000).optional().describe('Shown in the UI. Default: the ref.'),
      input: z
        .unknown()
        .optional()
        .describe('Given to the agent with the outputs of the dependencies. Default: none.'),
      dependsOn: z
        .array(z.string())
        .max(MAX_WORKFLOW_TASKS)
        .optional()
        .describe('Refs of the tasks whose outputs this task needs. Default: [] (starts at once).'),
      mode: z
        .enum(EXECUTION_MODES)
        .optional()
        .describe('single (default), fan_out (every capable agent) or consensus (N agents vote).'),
      maxAttempts: z
        .int()
        .min(1)
        .max(MAX_TASK_ATTEMPTS)
        .optional()
        .describe("Attempts allowed, 1..10. Default: the engine's retry policy."),
      timeoutMs: z
        .int()
        .min(1)
        .max(MAX_TASK_TIMEOUT_MS)
        .optional()
        .describe("Per-attempt timeout in milliseconds, up to one hour. Default: the engine's."),
      agents: z
        .int()
        .min(2)
        .max(10)
        .optional()
        .describe('consensus: how many agents vote, 2..10. Default 3 (or every capable agent).'),
      tag: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .describe('fan_out / consensus: also use every agent with a capability carrying this tag.'),
      judge: z
        .string()
        .min(1)
        .optional()
        .describe(
          'consensus: capability of a judge agent that picks the answer. Default: majority.',
        ),
    },
    unknownKeysError(TASK_KEYS),
  )
  .describe('One task of a workflow.');

export const WorkflowSchema = z
  .strictObject(
    {
      title: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .describe("Shown in request lists. Default: built from the tasks' capabilities."),
      tasks: z.array(WorkflowTaskSchema).min(1).max(MAX_WORKFLOW_TASKS),
    },
    unknownKeysError(WORKFLOW_KEYS),
  )
  .describe('An explicit workflow: 1..200 tasks forming a dependency graph without cycles.');

export type Workflow = z.infer<typeof WorkflowSchema>;
export type WorkflowTask = z.infer<typeof WorkflowTaskSchema>;

/** Zod issues as plan problems, each naming its path (`tasks.1.dependsOn.0`). */
export function problemsFromZod(error: z.ZodError): PlanProblem[] {
  return prioritiseIssues(error.issues).map((issue) => {
    const path = issue.path.map(String).join('.');
    return {
      code: 'INVALID_FIELD',
      message: issueText(issue),
      ...(path && { path }),
    };
  });
}

/** Parses JSON text when given a string; otherwise passes the value through. */
export function parseJsonInput(
  json: unknown,
): { ok: true; value: unknown } | { ok: false; problem: PlanProblem } {
  if (typeof json !== 'string') return { ok: true, value: json };
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
    return { ok: false, problem: { code: 'INVALID_JSON', message: `not valid JSON${detail}` } };
  }
}

export function toPlannedTask(task: WorkflowTask): PlannedTask {
  return {
    ref: task.ref,
    description: task.description ?? task.ref,
    capability: task.capability,
    dependsOn: task.dependsOn ?? [],
    mode: task.mode ?? 'single',
    ...(task.input !== undefined && { input: task.input }),
    ...(task.maxAttempts !== undefined && { maxAttempts: task.maxAttempts }),
    ...(task.timeoutMs !== undefined && { timeoutMs: task.timeoutMs }),
    ...((task.agents !== undefined || task.tag !== undefined || task.judge !== undefined) && {
      options: {
        ...(task.agents !== undefined && { agents: task.agents }),
        ...(task.tag !== undefined && { tag: task.tag }),
        ...(task.judge !== undefined && { judge: task.judge }),
      },
    }),
  };
}

/**
 * Turns an explicit workflow (JSON text or a parsed value) into a validated plan. Schema problems
 * come first as INVALID_WORKFLOW (every issue, with its path); a well-formed workflow is then checked
 * with `validatePlan` against the capabilities registered agents offer (INVALID_PLAN).
 */
export function planFromWorkflow(json: unknown, capabilities: ReadonlySet<string>): PlanningResult {
  const parsedJson = parseJsonInput(json);
  if (!parsedJson.ok) return planningFailure('INVALID_WORKFLOW', [parsedJson.problem]);
  const parsed = WorkflowSchema.safeParse(parsedJson.value);
  if (!parsed.success) return planningFailure('INVALID_WORKFLOW', problemsFromZod(parsed.error));

  const tasks = parsed.data.tasks.map(toPlannedTask);
  const validation = validatePlan({ tasks }, capabilities);
  if (!validation.ok) return planningFailure('INVALID_PLAN', validation.errors);
  return { ok: true, tasks, order: validation.order };
}

/** Longest workflow title kept, in characters (the `title` field's own limit). */
export const MAX_WORKFLOW_TITLE_LENGTH = 200;
/** Capabilities named per stage of a built title before the rest are counted ("+2"). */
const TITLE_CAPABILITIES_PER_STAGE = 3;

/**
 * The title request lists show for a workflow: its own `title`, or its capabilities stage by stage
 * ("calculate, count_words → format_json"). A stage is the tasks at the same depth (longest chain
 * of dependencies before them); each capability is named once per stage, at most three, then "+N".
 * Total over malformed input: unknown refs are ignored and a cycle counts as depth 0.
 */
export function workflowTitle(workflow: {
  title?: string;
  tasks: readonly Pick<WorkflowTask, 'ref' | 'capability' | 'dependsOn'>[];
}): string {
  const own = workflow.title?.trim();
  if (own) return clip(own);
  const byRef = new Map(workflow.tasks.map((task) => [task.ref, task]));
  const depth = new Map<string, number>();
  const depthOf = (ref: string, visiting: Set<string>): number => {
    const known = depth.get(ref);
    if (known !== undefined) return known;
    const task = byRef.get(ref);
    if (!task || visiting.has(ref)) return 0;
    visiting.add(ref);
    let level = 0;
    for (const dep of task.dependsOn ?? []) {
      if (byRef.has(dep) && dep !== ref) level = Math.max(level, depthOf(dep, visiting) + 1);
    }
    visiting.delete(ref);
    depth.set(ref, level);
    return level;
  };
  const stages: string[][] = [];
  for (const task of workflow.tasks) {
    const level = depthOf(task.ref, new Set());
    const stage = (stages[level] ??= []);
    if (!stage.includes(task.capability)) stage.push(task.capability);
  }
  const text = stages
    .filter((stage) => stage.length > 0)
    .map((stage) => {
      const shown = stage.slice(0, TITLE_CAPABILITIES_PER_STAGE).join(', ');
      const rest = stage.length - TITLE_CAPABILITIES_PER_STAGE;
      return rest > 0 ? `${shown} +${rest}` : shown;
    })
    .join(' → ');
  return clip(text || 'Workflow');
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= MAX_WORKFLOW_TITLE_LENGTH
    ? oneLine
    : `${oneLine.slice(0, MAX_WORKFLOW_TITLE_LENGTH - 1)}…`;
}
