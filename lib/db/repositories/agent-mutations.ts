import { randomUUID } from 'node:crypto';
import { encryptSecret } from '@/lib/crypto/secrets';
import {
  transition,
  type Actor,
  type AgentKind,
  type AgentStatus,
  type StatusEffect,
} from '@/lib/engine';
import { AppError } from '@/lib/errors';
import type { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../prisma';
import { sqlErrorCode, type SqlTx } from '../sql';
import { recordAudit } from './audit';

type Tx = Prisma.TransactionClient;

export interface CapabilityInput {
  name: string;
  description: string;
  inputTypes: string[];
  outputTypes: string[];
  tags: string[];
  examples: string[];
  /** MCP tools: the tool's input JSON Schema. */
  inputSchema?: Prisma.InputJsonObject;
}

/** A validated agent (lib/schemas/agents.ts). Money in micro-dollars. */
export interface AgentInput {
  name: string;
  displayName: string;
  description: string;
  version: string;
  kind: AgentKind;
  endpointUrl: string | null;
  config: Prisma.InputJsonObject;
  maxConcurrentTasks: number;
  weight: number;
  priceInputPerMTok: bigint;
  priceOutputPerMTok: bigint;
  pricePerCall: bigint;
  /** A model price row (provider, model) from model_prices; both or neither. */
  priceProvider?: string | null;
  priceModel?: string | null;
  healthCheckIntervalS: number;
  autoRecover: boolean;
  capabilities: CapabilityInput[];
  /** A2A: the card read at registration (MCP: the server's tool list), and its hash (drift). */
  card?: Prisma.InputJsonObject | null;
  cardHash?: string | null;
}

export interface Attribution {
  actor: Actor;
  userId: string | null;
}

/** Who changed what, for audit metadata: field names only (never values, which may be secret). */
function changedFields(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
}

async function assertNameFree(db: PrismaClient | Tx, name: string, exceptId?: string) {
  const taken = await db.agent.findFirst({
    where: { name, deletedAt: null, ...(exceptId && { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (taken) {
    throw new AppError('ALREADY_EXISTS', `An agent named "${name}" is already registered.`, {
      fields: { name: 'This name is taken by another agent; pick another.' },
    });
  }
}

/**
 * Registers an agent: the row, its capabilities, its first status transition (→ ACTIVE) and an audit
 * entry, in one transaction. The secret is encrypted bound to the new agent's id.
 */
export async function createAgent(
  db: PrismaClient,
  input: AgentInput & { secret?: string | null },
  by: Attribution,
): Promise<{ id: string }> {
  const id = randomUUID();
  const { capabilities, secret, card, cardHash, ...fields } = input;
  return db
    .$transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      await tx.agent.create({
        data: {
          id,
          ...fields,
          card: card ?? undefined,
          cardHash: cardHash ?? null,
          secretCiphertext: secret ? encryptSecret(secret, `agent:${id}`) : null,
          capabilities: { create: capabilities },
          statusTransitions: {
            create: { from: null, to: 'ACTIVE', reason: 'Registered', actor: by.actor },
          },
        },
      });
      await recordAudit(tx, {
        actor: by.actor,
        userId: by.userId,
        action: 'agent.registered',
        targetType: 'agent',
        targetId: id,
        metadata: { name: input.name, kind: input.kind, capabilities: capabilities.length },
      });
      return { id };
    })
    .catch(mapUniqueViolation);
}

/**
 * Edits an agent. `secret`: undefined keeps it, null removes it, a string replaces it. Capabilities,
 * when given, replace the whole set.
 */
export async function updateAgent(
  db: PrismaClient,
  id: string,
  patch: Partial<AgentInput> & { secret?: string | null },
  by: Attribution,
): Promise<void> {
  const { capabilities, secret, card, cardHash, kind: _kind, ...fields } = patch;
  await db
    .$transaction(async (tx) => {
      const existing = await tx.agent.findFirst({
        where: { id, deletedAt: null },
        select: { id: true },
      });
      if (!existing) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
      if (fields.name) await assertNameFree(tx, fields.name, id);
      await tx.agent.update({
        where: { id },
        data: {
          ...fields,
          ...(card !== undefined && { card: card ?? undefined }),
          ...(cardHash !== undefined && { cardHash, cardDriftAt: null }),
          ...(secret !== undefined && {
            secretCiphertext: secret ? encryptSecret(secret, `agent:${id}`) : null,
          }),
        },
      });
      if (capabilities) await replaceCapabilities(tx, id, capabilities);
      await recordAudit(tx, {
        actor: by.actor,
        userId: by.userId,
        action: 'agent.updated',
        targetType: 'agent',
        targetId: id,
        metadata: { fields: changedFields(patch) },
      });
    })
    .catch(mapUniqueViolation);
}

/**
 * Unregisters (soft-deletes) an agent, keeping its history. Refused while it has work in flight:
 * drain it first (maintenance), so no task loses its agent mid-call.
 */
export async function unregisterAgent(
  db: PrismaClient,
  id: string,
  by: Attribution,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const [agent] = await tx.$queryRaw<{ name: string; in_flight: number }[]>`
      SELECT name, in_flight FROM agents WHERE id = ${id}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!agent) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
    const running = await tx.task.count({
      where: { assignedAgentId: id, status: { in: ['running', 'retrying'] } },
    });
    const inFlight = Math.max(agent.in_flight, running);
    if (inFlight > 0) {
      throw new AppError(
        'CONFLICT',
        `"${agent.name}" has ${inFlight} task${inFlight === 1 ? '' : 's'} in flight. Put it into maintenance to drain it, then unregister it.`,
      );
    }
    await tx.agent.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordAudit(tx, {
      actor: by.actor,
      userId: by.userId,
      action: 'agent.unregistered',
      targetType: 'agent',
      targetId: id,
      metadata: { name: agent.name },
    });
  });
}

export interface StatusChange {
  from: AgentStatus;
  to: AgentStatus;
  /** True when maintenance was asked for but the agent drains first. */
  draining: boolean;
}

/**
 * Changes an agent's status through the lifecycle rules (lib/engine/status). The agent's row is
 * locked for the change, so concurrent changes to one agent serialize: each sees the previous one's
 * result, and the history has no lost or out-of-order entries.
 */
export async function changeAgentStatus(
  db: PrismaClient,
  id: string,
  request: { to: AgentStatus; reason: string },
  by: Attribution,
): Promise<StatusChange> {
  return db.$transaction(async (tx) => {
    const [agent] = await tx.$queryRaw<{ status: AgentStatus; in_flight: number }[]>`
      SELECT status, in_flight FROM agents WHERE id = ${id}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!agent) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
    const result = transition(agent.status, {
      to: request.to,
      reason: request.reason,
      actor: by.actor,
      inFlight: agent.in_flight,
    });
    if (!result.ok) throw new AppError('CONFLICT', result.message);
    await applyEffects(tx, id, result.effects);
    if (by.actor.startsWith('user:') || by.actor.startsWith('token:')) {
      await recordAudit(tx, {
        actor: by.actor,
        userId: by.userId,
        action: 'agent.status_changed',
        targetType: 'agent',
        targetId: id,
        metadata: {
          from: agent.status,
          to: result.next,
          requested: request.to,
          reason: request.reason,
        },
      });
    }
    return {
      from: agent.status,
      to: result.next,
      draining: result.next === 'DRAINING' && request.to === 'MAINTENANCE',
    };
  });
}

/**
 * Persists what the status engine decided (caller holds the row lock): each recorded transition in
 * order (a completed drain records two), and the health reset when an agent returns to service.
 */
export async function applyEffects(
  tx: SqlTx,
  agentId: string,
  effects: readonly StatusEffect[],
): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'record_transition': {
        const now = new Date();
        // Raw SQL (one statement) so the executor's hot path can run it on its own connection.
        await tx.$executeRaw`
          WITH changed AS (
            UPDATE agents SET status = ${effect.to}::agent_status,
                              status_reason = ${effect.reason || null}, status_changed_at = ${now},
                              updated_at = ${now}
            WHERE id = ${agentId}::uuid
            RETURNING id
          )
          INSERT INTO status_transitions (agent_id, "from", "to", reason, actor, created_at)
          SELECT id, ${effect.from}::agent_status, ${effect.to}::agent_status, ${effect.reason},
                 ${effect.actor}, ${now}
          FROM changed`;
        break;
      }
      case 'reset_health':
        await tx.$executeRaw`
          UPDATE agents SET consecutive_failures = 0, consecutive_successes = 0,
                            circuit_state = 'closed', circuit_opened_at = NULL, circuit_failures = 0,
                            updated_at = now()
          WHERE id = ${agentId}::uuid`;
        break;
      case 'drain_then_maintenance':
        // Nothing to write now: the agent is DRAINING (recorded above); the in-flight counter's
        // owner calls onInFlightChanged when it reaches 0.
        break;
      default:
        effect satisfies never;
    }
  }
}

/** Replaces an agent's capabilities with `capabilities` (edit, or a drift re-import). */
async function replaceCapabilities(
  tx: Tx,
  agentId: string,
  capabilities: readonly CapabilityInput[],
): Promise<void> {
  await tx.capability.deleteMany({ where: { agentId } });
  await tx.capability.createMany({
    data: capabilities.map((capability) => ({ ...capability, agentId })),
  });
}

/**
 * Marks a drift the operator has looked at (clears the badge). `capabilities`, when given, replace
 * the agent's (an MCP server's tools as last listed), in the same transaction.
 */
export async function acknowledgeCardDrift(
  db: PrismaClient,
  id: string,
  by: Attribution,
  capabilities?: CapabilityInput[],
): Promise<void> {
  await db.$transaction(async (tx) => {
    const result = await tx.agent.updateMany({
      where: { id, deletedAt: null },
      data: { cardDriftAt: null },
    });
    if (result.count === 0) throw new AppError('NOT_FOUND', 'No registered agent has this id.');
    if (capabilities) await replaceCapabilities(tx, id, capabilities);
    await recordAudit(tx, {
      actor: by.actor,
      userId: by.userId,
      action: 'agent.updated',
      targetType: 'agent',
      targetId: id,
      metadata: {
        fields: ['cardDriftAcknowledged', ...(capabilities ? ['capabilities'] : [])],
      },
    });
  });
}

function mapUniqueViolation(error: unknown): never {
  if (sqlErrorCode(error) === 'unique_violation') {
    throw new AppError('ALREADY_EXISTS', 'An agent with this name is already registered.', {
      fields: { name: 'This name is taken by another agent; pick another.' },
    });
  }
  throw error;
}
