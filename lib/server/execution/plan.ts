/**
 * The plan job (architecture.md §3.2–3.3): turns a submitted request into a validated task graph
 * with the heuristic, LLM or workflow planner, persists it, and either starts it or waits for an
 * operator's approval with each task's routed agent and estimated cost.
 */
import type { AgentTarget } from '@/lib/agents/types';
import { Prisma } from '@/lib/db/generated/prisma/client';
import {
  estimateCallCost,
  estimateTokens,
  planFromLlmOutput,
  planFromWorkflow,
  parseLlmPlan,
  planHeuristically,
  route,
  type CapabilityInfo,
  type LlmProposedAgent,
  type PlannedTask,
  type PlanningResult,
  type RoutingDecision,
  type RoutingStrategy,
} from '@/lib/engine';
import { logger } from '@/lib/logger';
import { toAgentTarget } from '../agent-target';
import { loadCandidates } from './candidates';
import { inTx, type ExecutionDeps } from './deps';
import { appendEvents, type NewEvent } from './events';
import { lockRequest, promoteReadyTasks } from './settle';
import { chargeBudgets, requeueOpenTasks } from '../budget/reservations';

/** Settings key naming the openai-kind agent the LLM planner uses: `{ "agentId": "…" }`. */
export const PLANNER_SETTING_KEY = 'planner';
/** The LLM planner gets this many tries at valid JSON before Baton falls back to the heuristic. */
export const LLM_PLAN_TRIES = 2;
const LLM_PLAN_TIMEOUT_MS = 60_000;

/** Capabilities of live agents, merged by name, with examples (the heuristic planner reads them). */
export async function loadCatalog(db: Prisma.TransactionClient): Promise<CapabilityInfo[]> {
  const rows = await db.capability.findMany({
    where: { agent: { deletedAt: null } },
    select: { name: true, description: true, tags: true, examples: true },
    orderBy: [{ name: 'asc' }, { agent: { name: 'asc' } }],
  });
  const byName = new Map<string, CapabilityInfo & { tags: string[]; examples: string[] }>();
  for (const row of rows) {
    const entry = byName.get(row.name) ?? {
      name: row.name,
      description: '',
      tags: [],
      examples: [],
    };
    entry.description ||= row.description;
    entry.tags = [...new Set([...entry.tags, ...row.tags])];
    entry.examples = [...new Set([...entry.examples, ...row.examples])];
    byName.set(row.name, entry);
  }
  return [...byName.values()];
}

interface PlanOutcome {
  result: PlanningResult;
  /** Shown with the plan: which planner produced it and why a fallback happened. */
  note: string | null;
  proposals: LlmProposedAgent[];
  plannerAgentId: string | null;
  costMicros: bigint;
  tokensIn: number;
  tokensOut: number;
}

export async function planRequest(deps: ExecutionDeps, requestId: string): Promise<void> {
  const { db } = deps;
  const request = await db.request.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      status: true,
      input: true,
      workflow: true,
      planner: true,
      requiresApproval: true,
    },
  });
  if (!request || request.status !== 'planning') return;

  const catalog = await loadCatalog(db);
  const names = new Set(catalog.map((c) => c.name));
  let outcome: PlanOutcome;
  const base = {
    note: null,
    proposals: [],
    plannerAgentId: null,
    costMicros: 0n,
    tokensIn: 0,
    tokensOut: 0,
  };
  if (request.planner === 'workflow') {
    outcome = { ...base, result: planFromWorkflow(request.workflow, names) };
  } else if (request.planner === 'llm') {
    outcome = await planWithLlm(deps, request.input ?? '', catalog);
  } else {
    outcome = { ...base, result: planHeuristically(request.input ?? '', catalog) };
  }

  const now = deps.now();
  await inTx(db, async (tx) => {
    const locked = await lockRequest(tx, requestId);
    if (!locked || locked.status !== 'planning') return;
    if (outcome.costMicros > 0n || outcome.tokensIn > 0) {
      await tx.costEntry.create({
        data: {
          requestId,
          agentId: outcome.plannerAgentId,
          kind: 'planning',
          tokensIn: outcome.tokensIn,
          tokensOut: outcome.tokensOut,
          amount: outcome.costMicros,
        },
      });
      await tx.request.update({
        where: { id: requestId },
        data: { costTotal: { increment: outcome.costMicros } },
      });
      await chargeBudgets(tx, {
        requestId,
        agentId: outcome.plannerAgentId,
        amount: outcome.costMicros,
        now,
      });
    }
    const proposalEvents: NewEvent[] = [];
    for (const proposal of outcome.proposals) {
      if (names.has(proposal.capability)) continue;
      const row = await tx.agentProposal.create({
        data: { requestId, baseAgentId: outcome.plannerAgentId, ...proposal },
        select: { id: true },
      });
      proposalEvents.push({
        requestId,
        type: 'agent.proposed',
        payload: { proposalId: row.id, name: proposal.name, capability: proposal.capability },
      });
    }
    if (!outcome.result.ok) {
      const proposed = outcome.proposals.filter((p) => !names.has(p.capability));
      const hint =
        proposed.length > 0
          ? ` The planner proposed ${proposed.map((p) => `'${p.name}' (${p.capability})`).join(', ')}: approve it under Agents, then submit again.`
          : '';
      const message = `Planning failed: ${outcome.result.error.message}.${hint}`;
      await tx.request.update({
        where: { id: requestId },
        data: { status: 'failed', error: message, finishedAt: now },
      });
      await appendEvents(tx, [
        ...proposalEvents,
        {
          requestId,
          type: 'request.plan_failed',
          payload: {
            code: outcome.result.error.code,
            problems: outcome.result.error.problems,
            note: outcome.note,
          },
        },
        { requestId, type: 'request.failed', payload: { reason: message } },
      ]);
      return;
    }
    await persistPlan(deps, tx, requestId, outcome.result.tasks, outcome.result.order);
    await appendEvents(tx, [
      ...proposalEvents,
      {
        requestId,
        type: 'request.planned',
        payload: {
          tasks: outcome.result.tasks.length,
          planner: request.planner,
          note: outcome.note,
        },
      },
    ]);
    if (request.requiresApproval) {
      await previewRouting(deps, tx, requestId, locked.strategy, locked.budget_limit_micros);
      await tx.request.update({ where: { id: requestId }, data: { status: 'awaiting_approval' } });
      await appendEvents(tx, [{ requestId, type: 'request.awaiting_approval' }]);
    } else {
      await startRequest(tx, requestId, now);
    }
  });
}

/** Moves a planned (or approved) request to running and enqueues the tasks that can start. */
export async function startRequest(tx: Prisma.TransactionClient, requestId: string, now: Date) {
  await tx.request.update({
    where: { id: requestId },
    data: { status: 'running', startedAt: now },
  });
  await appendEvents(tx, [{ requestId, type: 'request.started' }]);
  // Resuming after a budget pause: tasks left ready or retrying get their job back. Before the
  // promotion, which enqueues the tasks it makes ready: requeued after it, each of those would be
  // added twice (the second add replacing the first: twice the queue's work per task).
  await requeueOpenTasks(tx, requestId);
  await promoteReadyTasks(tx, requestId);
}

async function persistPlan(
  deps: ExecutionDeps,
  tx: Prisma.TransactionClient,
  requestId: string,
  tasks: readonly PlannedTask[],
  order: readonly string[],
): Promise<void> {
  const byRef = new Map(tasks.map((task) => [task.ref, task]));
  // One statement for all tasks, in topological order, so ids (UUIDv7, generated in order) list
  // the graph in a readable order.
  const created = await tx.task.createManyAndReturn({
    data: order.map((ref) => {
      const task = byRef.get(ref)!;
      return {
        requestId,
        ref: task.ref,
        description: task.description,
        capability: task.capability,
        input: task.input === undefined ? Prisma.DbNull : (task.input as Prisma.InputJsonValue),
        mode: task.mode ?? 'single',
        options: task.options ? (task.options as Prisma.InputJsonValue) : Prisma.DbNull,
        maxAttempts: task.maxAttempts ?? deps.retryPolicy.maxAttempts,
        ...(task.timeoutMs !== undefined && { timeoutMs: task.timeoutMs }),
      };
    }),
    select: { id: true, ref: true },
  });
  const idOf = new Map(created.map((row) => [row.ref, row.id]));
  const edges = tasks.flatMap((task) =>
    task.dependsOn.map((dep) => ({ taskId: idOf.get(task.ref)!, dependsOnId: idOf.get(dep)! })),
  );
  if (edges.length > 0) await tx.taskDependency.createMany({ data: edges });
}

/**
 * For the approval gate: routes every task as it would be routed now (without taking a slot or
 * moving the round-robin cursor) and stores the agent, the estimate and the explanation.
 */
async function previewRouting(
  deps: ExecutionDeps,
  tx: Prisma.TransactionClient,
  requestId: string,
  strategy: RoutingStrategy,
  budget: bigint | null,
): Promise<void> {
  const tasks = await tx.task.findMany({
    where: { requestId },
    select: { id: true, capability: true, description: true, input: true, options: true },
  });
  const now = deps.now().getTime();
  for (const task of tasks) {
    const tag = (task.options as { tag?: string } | null)?.tag ?? null;
    const loaded = await loadCandidates(tx, task.capability, tag);
    const text = typeof task.input === 'string' ? task.input : task.description;
    const decision = route(
      { capability: task.capability, input: text },
      loaded.map((l) => l.candidate),
      strategy,
      { random: deps.random, now, budgetRemaining: budget },
    );
    const estimate = decision.chosen ? estimateCallCost(decision.chosen, estimateTokens(text)) : 0n;
    await tx.task.update({
      where: { id: task.id },
      data: {
        assignedAgentId: decision.chosen?.id ?? null,
        estimatedCost: estimate,
        routing: routingJson(decision, { preview: true }) as Prisma.InputJsonValue,
      },
    });
  }
}

/** The routing explanation as stored on the task (and shown on the request page). */
export function routingJson(
  decision: RoutingDecision,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    strategy: decision.strategy,
    chosen: decision.chosen ? { agentId: decision.chosen.id, name: decision.chosen.name } : null,
    candidates: decision.ranked,
    excluded: decision.excluded,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// LLM planner

export function plannerPrompt(catalog: readonly CapabilityInfo[]): string {
  const capabilities = catalog
    .map(
      (c) =>
        `- ${c.name}: ${c.description || '(no description)'}${c.tags.length ? ` [tags: ${c.tags.join(', ')}]` : ''}`,
    )
    .join('\n');
  return [
    'You are the planner of Baton, an orchestrator of AI agents. Split the user request into tasks.',
    'Answer with ONE JSON object and nothing else, of this shape:',
    '{"tasks":[{"ref":"short_id","capability":"<one of the capabilities>","description":"what this task does","dependsOn":["ref of a task whose output it needs"],"input":"the instruction for the agent"}],',
    ' "reasoning":"optional, short","proposedAgents":[{"name":"slug","capability":"new_capability","description":"…","model":"model name","systemPrompt":"…"}]}',
    'Rules: refs are lower-case letters, digits and underscores; dependsOn only names earlier refs; no cycles;',
    'use only these capabilities:',
    capabilities || '(none registered)',
    'When a needed capability is missing, still plan it and add a proposedAgents entry for it.',
  ].join('\n');
}

async function planWithLlm(
  deps: ExecutionDeps,
  input: string,
  catalog: readonly CapabilityInfo[],
): Promise<PlanOutcome> {
  const names = new Set(catalog.map((c) => c.name));
  const fallback = (note: string, extra: Partial<PlanOutcome> = {}): PlanOutcome => ({
    result: planHeuristically(input, catalog),
    note: `${note}; planned with the heuristic planner instead`,
    proposals: [],
    plannerAgentId: null,
    costMicros: 0n,
    tokensIn: 0,
    tokensOut: 0,
    ...extra,
  });
  const setting = await deps.db.setting.findUnique({ where: { key: PLANNER_SETTING_KEY } });
  const agentId = (setting?.value as { agentId?: unknown } | null)?.agentId;
  const agent =
    typeof agentId === 'string'
      ? await deps.db.agent.findFirst({ where: { id: agentId, deletedAt: null, kind: 'openai' } })
      : null;
  if (!agent) return fallback('No LLM planner agent is configured (Settings → Planner)');
  if (agent.status !== 'ACTIVE' && agent.status !== 'DEGRADED') {
    return fallback(`The planner agent '${agent.name}' is ${agent.status}`);
  }
  const base = toAgentTarget(agent) as AgentTarget<'openai'>;
  const target: AgentTarget<'openai'> = {
    ...base,
    config: { ...base.config, systemPrompt: plannerPrompt(catalog) },
  };
  const adapter = deps.adapters('openai');
  let tokensIn = 0;
  let tokensOut = 0;
  let problem = '';
  for (let attempt = 1; attempt <= LLM_PLAN_TRIES; attempt++) {
    const text = problem
      ? `${input}\n\nYour previous answer was rejected: ${problem}. Answer again with valid JSON only.`
      : input;
    const result = await adapter.invoke(target, {
      taskId: `plan-${crypto.randomUUID()}`,
      attempt,
      idempotencyKey: crypto.randomUUID(),
      capability: 'plan',
      input: { text },
      signal: new AbortController().signal,
      timeoutMs: LLM_PLAN_TIMEOUT_MS,
    });
    if (!result.ok) {
      return fallback(`The LLM planner failed (${result.errorKind}: ${result.error})`, {
        plannerAgentId: agent.id,
        tokensIn,
        tokensOut,
        costMicros: costOf(agent, tokensIn, tokensOut),
      });
    }
    tokensIn += result.usage?.tokensIn ?? 0;
    tokensOut += result.usage?.tokensOut ?? 0;
    const parsed = parseLlmPlan(result.text);
    const planned = planFromLlmOutput(result.text, names);
    const costMicros = costOf(agent, tokensIn, tokensOut);
    if (planned.ok || (parsed.ok && planned.error.code === 'INVALID_PLAN')) {
      // A valid shape whose capabilities are missing still carries proposals worth keeping.
      const proposals = parsed.ok ? parsed.plan.proposedAgents : [];
      if (planned.ok || proposals.length > 0 || attempt === LLM_PLAN_TRIES) {
        if (!planned.ok && proposals.length === 0) {
          return fallback(`The LLM plan was invalid twice (${planned.error.message})`, {
            plannerAgentId: agent.id,
            tokensIn,
            tokensOut,
            costMicros,
          });
        }
        return {
          result: planned,
          note: `planned by the LLM planner '${agent.name}'`,
          proposals,
          plannerAgentId: agent.id,
          costMicros,
          tokensIn,
          tokensOut,
        };
      }
      problem = planned.error.message;
    } else {
      problem = planned.ok ? '' : planned.error.message;
    }
    logger.info({ attempt, problem }, 'LLM plan rejected');
  }
  return fallback(`The LLM plan was invalid ${LLM_PLAN_TRIES} times (${problem})`, {
    plannerAgentId: agent.id,
    tokensIn,
    tokensOut,
    costMicros: costOf(agent, tokensIn, tokensOut),
  });
}

function costOf(
  agent: { priceInputPerMTok: bigint; priceOutputPerMTok: bigint; pricePerCall: bigint },
  tokensIn: number,
  tokensOut: number,
): bigint {
  return estimateCallCost(agent, { inputTokens: tokensIn, outputTokens: tokensOut });
}
