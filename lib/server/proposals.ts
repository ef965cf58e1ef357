/**
 * Agent proposals: when the LLM planner needs a capability no agent offers, it proposes a
 * specialised agent (a model and a system prompt on the planner's own endpoint). Nothing is
 * registered until an operator approves; approval registers an `openai` agent through the normal
 * registration path (validation, encrypted secret, first status transition, audit entry), priced
 * like the planner (see `plannerPrice`).
 */
import { decryptSecret } from '@/lib/crypto/secrets';
import type { ProposalStatus } from '@/lib/db/generated/prisma/enums';
import type { PrismaClient } from '@/lib/db/prisma';
import type { Attribution } from '@/lib/db/repositories/agent-mutations';
import { AppError } from '@/lib/errors';
import { RegisterAgentSchema } from '@/lib/schemas/agents';
import { registerAgent } from './agents';

export type ProposalDecision = 'approve' | 'reject';

export interface ProposalView {
  id: string;
  /** The request whose planning produced it. */
  requestId: string | null;
  name: string;
  capability: string;
  description: string;
  model: string;
  systemPrompt: string;
  status: ProposalStatus;
  /** The planner agent whose endpoint and secret the new agent reuses; null once it is gone. */
  baseAgent: { id: string; name: string } | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** The agent registered from it (approved proposals). */
  agentId: string | null;
  createdAt: Date;
}

/** How many proposals a list shows at most; the planner proposes a handful per request. */
export const PROPOSALS_LIST_LIMIT = 100;

/** Proposals, newest first, optionally of one status. */
export async function listProposals(
  db: PrismaClient,
  filter: { status?: ProposalStatus } = {},
): Promise<ProposalView[]> {
  const rows = await db.agentProposal.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: PROPOSALS_LIST_LIMIT,
    select: {
      id: true,
      requestId: true,
      baseAgentId: true,
      name: true,
      capability: true,
      description: true,
      model: true,
      systemPrompt: true,
      status: true,
      decidedBy: true,
      decidedAt: true,
      agentId: true,
      createdAt: true,
    },
  });
  const baseIds = [...new Set(rows.flatMap((row) => (row.baseAgentId ? [row.baseAgentId] : [])))];
  const bases = baseIds.length
    ? await db.agent.findMany({
        where: { id: { in: baseIds }, deletedAt: null },
        select: { id: true, name: true },
      })
    : [];
  const baseById = new Map(bases.map((base) => [base.id, base]));
  return rows.map(({ baseAgentId, ...row }) => ({
    ...row,
    baseAgent: (baseAgentId && baseById.get(baseAgentId)) || null,
  }));
}

/**
 * Approves or rejects a pending proposal. Refused with CONFLICT when it was already decided, or —
 * for approval — when its base agent has been unregistered (there is no endpoint to reuse).
 */
export async function decideProposal(
  db: PrismaClient,
  id: string,
  decision: ProposalDecision,
  by: Attribution,
  now = new Date(),
): Promise<{ status: ProposalStatus; agentId: string | null }> {
  const proposal = await db.agentProposal.findUnique({ where: { id } });
  if (!proposal) throw new AppError('NOT_FOUND', 'No such agent proposal.');
  if (proposal.status !== 'pending') {
    throw new AppError('CONFLICT', `This proposal was already ${proposal.status}.`);
  }

  if (decision === 'reject') {
    await claim(db, id, 'rejected', by, now);
    return { status: 'rejected', agentId: null };
  }

  const base = proposal.baseAgentId
    ? await db.agent.findFirst({
        where: { id: proposal.baseAgentId, deletedAt: null, kind: 'openai' },
        select: {
          id: true,
          endpointUrl: true,
          secretCiphertext: true,
          config: true,
          priceProvider: true,
          priceModel: true,
          priceInputPerMTok: true,
          priceOutputPerMTok: true,
          pricePerCall: true,
        },
      })
    : null;
  if (!base?.endpointUrl) {
    throw new AppError(
      'CONFLICT',
      'The planner agent this proposal was based on is no longer registered, so there is no endpoint to reuse. Reject it, or register the agent by hand.',
    );
  }
  const payload = RegisterAgentSchema.safeParse({
    ...(await plannerPrice(db, base)),
    kind: 'openai',
    name: proposal.name,
    endpointUrl: base.endpointUrl,
    description: proposal.description,
    config: { model: proposal.model, systemPrompt: proposal.systemPrompt },
    capabilities: [{ name: proposal.capability, description: proposal.description }],
    ...(base.secretCiphertext && {
      secret: decryptSecret(base.secretCiphertext, `agent:${base.id}`),
    }),
  });
  if (!payload.success) {
    const issue = payload.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError(
      'VALIDATION_FAILED',
      `The proposed agent cannot be registered as it is (${where}${issue.message}). Reject it, or register the agent by hand.`,
    );
  }

  // Claimed first, so two operators approving at once register one agent; given back on failure.
  await claim(db, id, 'approved', by, now);
  let agentId: string;
  try {
    ({ id: agentId } = await registerAgent(db, payload.data, by));
  } catch (error) {
    await db.agentProposal.updateMany({
      where: { id, status: 'approved', agentId: null },
      data: { status: 'pending', decidedBy: null, decidedAt: null },
    });
    throw error;
  }
  await db.agentProposal.update({ where: { id }, data: { agentId } });
  return { status: 'approved', agentId };
}

/**
 * The price an approved proposal's agent inherits from its planner (issue 9): the planner's model
 * price — the price-table pair the planner references, else the price-table row of the planner's
 * own model (`config.model`, when exactly one provider lists it) — or, without one, the planner
 * agent's own token and per-call prices. Either way the new agent costs what the planner's calls
 * cost until an admin sets its own price.
 */
async function plannerPrice(
  db: PrismaClient,
  base: {
    config: unknown;
    priceProvider: string | null;
    priceModel: string | null;
    priceInputPerMTok: bigint;
    priceOutputPerMTok: bigint;
    pricePerCall: bigint;
  },
) {
  if (base.priceProvider && base.priceModel) {
    return { priceProvider: base.priceProvider, priceModel: base.priceModel };
  }
  const model =
    base.config && typeof base.config === 'object' && 'model' in base.config
      ? base.config.model
      : null;
  if (typeof model === 'string' && model.length > 0) {
    const providers = await db.modelPrice.findMany({
      where: { model },
      distinct: ['provider'],
      select: { provider: true },
      take: 2,
    });
    if (providers.length === 1) return { priceProvider: providers[0]!.provider, priceModel: model };
  }
  return {
    priceInputPerMTokMicros: Number(base.priceInputPerMTok),
    priceOutputPerMTokMicros: Number(base.priceOutputPerMTok),
    pricePerCallMicros: Number(base.pricePerCall),
  };
}

/** Moves a pending proposal to its decision; CONFLICT when someone else decided it first. */
async function claim(
  db: PrismaClient,
  id: string,
  status: Exclude<ProposalStatus, 'pending'>,
  by: Attribution,
  now: Date,
): Promise<void> {
  const { count } = await db.agentProposal.updateMany({
    where: { id, status: 'pending' },
    data: { status, decidedBy: by.actor, decidedAt: now },
  });
  if (count === 0) throw new AppError('CONFLICT', 'This proposal was already decided.');
}
