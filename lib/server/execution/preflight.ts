/**
 * Submission preflight: a request the planner would certainly fail is refused with field errors
 * before anything is written (docs/workflows.md, ADR 0055), instead of being saved as a Failed
 * request. Workflows are checked against the capabilities they name; free text against the whole
 * catalog with the heuristic planner. The LLM planner is not run here: it may propose agents, so
 * its requests stay asynchronous and are planned by the plan job as before.
 *
 * The plan job still plans authoritatively: an agent deleted between preflight and planning fails
 * the request there, as it always did.
 */
import type { PrismaClient } from '@/lib/db/prisma';
import { planFromWorkflow, planHeuristically, type PlanningError } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import type { SubmitRequestInput } from '@/lib/schemas/requests';
import { loadCatalog, PLANNER_SETTING_KEY } from './plan';

/** Shown on `planner` when an LLM planner could plan the text and propose a missing agent. */
export const LLM_PLANNER_OFFER =
  'The LLM planner can plan this request and propose an agent for the missing capability.';

/** Throws VALIDATION_FAILED naming the field when `input` cannot be planned; otherwise returns. */
export async function preflightRequest(db: PrismaClient, input: SubmitRequestInput): Promise<void> {
  if (input.workflow) {
    const named = [...new Set(input.workflow.tasks.map((task) => task.capability))];
    const found = await db.capability.findMany({
      where: { name: { in: named }, agent: { deletedAt: null } },
      select: { name: true },
      distinct: ['name'],
    });
    const result = planFromWorkflow(input.workflow, new Set(found.map((c) => c.name)));
    if (!result.ok) throw workflowRefusal(result.error);
    return;
  }
  if (input.planner === 'llm') return;
  const result = planHeuristically(input.input ?? '', await loadCatalog(db));
  if (result.ok) return;
  const fields: Record<string, string> = { input: sentence(result.error.message) };
  if (result.error.code === 'NO_MATCHING_CAPABILITY' && (await llmPlannerConfigured(db))) {
    fields.planner = LLM_PLANNER_OFFER;
  }
  throw new AppError('VALIDATION_FAILED', `This request cannot be planned: ${fields.input}`, {
    fields,
  });
}

function workflowRefusal(error: PlanningError): AppError {
  const message = sentence(error.message);
  const fields: Record<string, string> = { workflow: message };
  for (const problem of error.problems) {
    if (problem.path) fields[`workflow.${problem.path}`] ??= sentence(problem.message);
  }
  return new AppError('VALIDATION_FAILED', `The workflow cannot be planned: ${message}`, {
    fields,
  });
}

/** Whether Settings → Planner names a live agent (the LLM planner would call it). */
async function llmPlannerConfigured(db: PrismaClient): Promise<boolean> {
  const setting = await db.setting.findUnique({ where: { key: PLANNER_SETTING_KEY } });
  const agentId = (setting?.value as { agentId?: unknown } | null)?.agentId;
  if (typeof agentId !== 'string' || !UUID.test(agentId)) return false;
  const agent = await db.agent.findFirst({
    where: { id: agentId, deletedAt: null, kind: 'openai' },
    select: { id: true },
  });
  return agent !== null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
