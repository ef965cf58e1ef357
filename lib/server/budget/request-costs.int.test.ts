/**
 * A request's cost breakdown (the request page's Costs card and GET /api/v1/requests/{id}/costs)
 * over ledger rows written by hand: real PostgreSQL, every number asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createTestDb, uniqueName } from '@/lib/testing/db';
import { requestCosts } from './budgets';

const db = createTestDb();
let requestId: string;
let alpha: { id: string; name: string };
let beta: { id: string; name: string };
let taskA: string;
let taskB: string;
let taskC: string;

beforeAll(async () => {
  const agent = (prefix: string, displayName: string) =>
    db.agent.create({
      data: {
        name: uniqueName(prefix),
        displayName,
        kind: 'webhook',
        endpointUrl: 'http://127.0.0.1:9/hook',
      },
      select: { id: true, name: true },
    });
  alpha = await agent('alpha', 'Alpha');
  beta = await agent('beta', 'Beta');
  const request = await db.request.create({
    data: { input: 'x', submittedBy: 'test', costTotal: 4_600_700n },
  });
  requestId = request.id;
  const task = (ref: string, estimatedCost: bigint) =>
    db.task.create({
      data: { requestId, ref, description: ref, capability: `cap_${ref}`, estimatedCost },
      select: { id: true },
    });
  taskA = (await task('a', 3_000_000n)).id;
  taskB = (await task('b', 500n)).id;
  // A task that never ran: listed with nothing spent.
  taskC = (await task('c', 0n)).id;
  await db.costEntry.createMany({
    data: [
      { requestId, kind: 'planning', amount: 700n, tokensIn: 300, tokensOut: 40 },
      // Task a: a first attempt estimated from prices, a second one the agent reported.
      {
        requestId,
        taskId: taskA,
        agentId: alpha.id,
        kind: 'agent',
        amount: 1_000_000n,
        tokensIn: 1_000,
        tokensOut: 200,
      },
      {
        requestId,
        taskId: taskA,
        agentId: alpha.id,
        kind: 'agent',
        amount: 3_000_000n,
        tokensIn: 2_000,
        tokensOut: 400,
        isReported: true,
      },
      {
        requestId,
        taskId: taskB,
        agentId: beta.id,
        kind: 'tool',
        amount: 600_000n,
        tokensIn: 10,
        tokensOut: 5,
      },
    ],
  });
  // Another request's spend by the same agent stays out.
  const other = await db.request.create({ data: { input: 'y', submittedBy: 'test' } });
  await db.costEntry.create({
    data: { requestId: other.id, agentId: alpha.id, kind: 'agent', amount: 9_999_999n },
  });
  // Unregistered agents keep their spend, marked.
  await db.agent.update({ where: { id: beta.id }, data: { deletedAt: new Date() } });
});

afterAll(async () => {
  await db.$disconnect();
});

describe('requestCosts', () => {
  it('splits the total into reported and estimated, and breaks it down by kind, agent and task', async () => {
    const costs = await requestCosts(db, requestId);
    expect(costs).toMatchObject({
      requestId,
      totalMicros: 4_600_700,
      reportedMicros: 3_000_000,
      estimatedMicros: 1_600_700,
    });
    expect(costs.byKind).toEqual([
      {
        kind: 'agent',
        amountMicros: 4_000_000,
        reportedMicros: 3_000_000,
        tokensIn: 3_000,
        tokensOut: 600,
      },
      { kind: 'tool', amountMicros: 600_000, reportedMicros: 0, tokensIn: 10, tokensOut: 5 },
      { kind: 'planning', amountMicros: 700, reportedMicros: 0, tokensIn: 300, tokensOut: 40 },
    ]);
    expect(costs.byAgent).toEqual([
      {
        agentId: alpha.id,
        name: alpha.name,
        displayName: 'Alpha',
        isUnregistered: false,
        amountMicros: 4_000_000,
        reportedMicros: 3_000_000,
        tokensIn: 3_000,
        tokensOut: 600,
      },
      {
        agentId: beta.id,
        name: beta.name,
        displayName: 'Beta',
        isUnregistered: true,
        amountMicros: 600_000,
        reportedMicros: 0,
        tokensIn: 10,
        tokensOut: 5,
      },
      {
        agentId: null,
        name: null,
        displayName: null,
        isUnregistered: false,
        amountMicros: 700,
        reportedMicros: 0,
        tokensIn: 300,
        tokensOut: 40,
      },
    ]);
    expect(costs.byTask).toEqual([
      {
        taskId: taskA,
        ref: 'a',
        capability: 'cap_a',
        estimatedMicros: 3_000_000,
        actualMicros: 4_000_000,
        reportedMicros: 3_000_000,
        tokensIn: 3_000,
        tokensOut: 600,
      },
      {
        taskId: taskB,
        ref: 'b',
        capability: 'cap_b',
        estimatedMicros: 500,
        actualMicros: 600_000,
        reportedMicros: 0,
        tokensIn: 10,
        tokensOut: 5,
      },
      {
        taskId: taskC,
        ref: 'c',
        capability: 'cap_c',
        estimatedMicros: 0,
        actualMicros: 0,
        reportedMicros: 0,
        tokensIn: 0,
        tokensOut: 0,
      },
    ]);
  });

  it('is empty for a request that spent nothing, and NOT_FOUND for an unknown id', async () => {
    const idle = await db.request.create({ data: { input: 'z', submittedBy: 'test' } });
    expect(await requestCosts(db, idle.id)).toEqual({
      requestId: idle.id,
      totalMicros: 0,
      reportedMicros: 0,
      estimatedMicros: 0,
      byKind: [],
      byAgent: [],
      byTask: [],
    });
    await expect(requestCosts(db, '00000000-0000-7000-8000-000000000000')).rejects.toEqual(
      new AppError('NOT_FOUND', 'No request has this id.'),
    );
  });
});
