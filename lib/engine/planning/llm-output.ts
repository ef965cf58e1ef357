import { z } from 'zod';
import { REF_PATTERN, REF_RULE, validatePlan, type PlannedTask } from '../dag/validate';
import { EXECUTION_MODES } from '../types';
import { planningFailure, type PlanProblem, type PlanningResult } from './result';
import { parseJsonInput, problemsFromZod } from './workflow';

/**
 * What the LLM planner must answer with (its prompt embeds this shape). Unlike a hand-written
 * workflow, unknown keys are tolerated and dropped: models add commentary fields, and a retry costs
 * more than ignoring them. Every task needs a description, because the UI shows it and the model
 * otherwise tends to leave tasks unexplained.
 */
export const LlmPlannedTaskSchema = z.object({
  ref: z.string().regex(REF_PATTERN, REF_RULE),
  capability: z.string().min(1),
  description: z.string().min(1).max(2000),
  dependsOn: z.array(z.string()).max(200).default([]),
  input: z.unknown().optional(),
  mode: z.enum(EXECUTION_MODES).default('single'),
});

/** A specialised agent the planner suggests when no registered agent offers a needed capability. */
export const LlmProposedAgentSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a lower-case slug'),
  capability: z.string().min(1),
  description: z.string().min(1).max(2000),
  model: z.string().min(1),
  systemPrompt: z.string().min(1).max(20_000),
});

export const LlmPlanSchema = z.object({
  tasks: z.array(LlmPlannedTaskSchema).min(1).max(200),
  /** Optional; recorded with the plan for operators, never executed. */
  reasoning: z.string().max(10_000).optional(),
  /** Default []. Each proposal waits for an operator's approval before it is registered. */
  proposedAgents: z.array(LlmProposedAgentSchema).max(10).default([]),
});

export type LlmPlan = z.infer<typeof LlmPlanSchema>;
export type LlmProposedAgent = z.infer<typeof LlmProposedAgentSchema>;

export type LlmPlanParse =
  { ok: true; plan: LlmPlan } | { ok: false; message: string; problems: PlanProblem[] };

const FENCE = /```[ \t]*(?:json|JSON)?[ \t]*\r?\n?([\s\S]*?)```/;

/**
 * The JSON inside a model's answer: the first ``` fenced block if there is one, else the span from
 * the first "{" to the last "}" (models sometimes wrap the object in prose), else the text itself.
 */
export function extractJson(text: string): string {
  const fenced = FENCE.exec(text);
  if (fenced) return (fenced[1] ?? '').trim();
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  return first >= 0 && last > first ? text.slice(first, last + 1) : text.trim();
}

/**
 * Parses an LLM planner's answer. The error message lists every problem with its path, ready to be
 * sent back to the model when the planner retries.
 */
export function parseLlmPlan(text: string): LlmPlanParse {
  const json = parseJsonInput(extractJson(text));
  if (!json.ok) return { ok: false, message: json.problem.message, problems: [json.problem] };
  const parsed = LlmPlanSchema.safeParse(json.value);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error);
    return { ok: false, message: problems.map((p) => p.message).join('; '), problems };
  }
  return { ok: true, plan: parsed.data };
}

/** Parse, then `validatePlan` against the capabilities agents offer; the planner's last step. */
export function planFromLlmOutput(text: string, capabilities: ReadonlySet<string>): PlanningResult {
  const parsed = parseLlmPlan(text);
  if (!parsed.ok) return planningFailure('INVALID_WORKFLOW', parsed.problems);
  const tasks: PlannedTask[] = parsed.plan.tasks.map((task) => ({
    ref: task.ref,
    description: task.description,
    capability: task.capability,
    dependsOn: task.dependsOn,
    mode: task.mode,
    ...(task.input !== undefined && { input: task.input }),
  }));
  const validation = validatePlan({ tasks }, capabilities);
  if (!validation.ok) return planningFailure('INVALID_PLAN', validation.errors);
  return { ok: true, tasks, order: validation.order };
}
