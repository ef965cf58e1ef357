import { describe, expect, it } from 'vitest';
import { RequestTraceSchema, RequestTraceSummarySchema } from '@/lib/schemas/trace';
import { buildTraceJson } from '@/lib/engine/graph';
import { toSnapshot, toTrace } from './request-trace';
import type { RequestWithTasks } from './requests';

const agent = { id: 'agent-1', name: 'remote-writer', displayName: 'Remote writer' };

function detail(remoteCancel: unknown): RequestWithTasks {
  return {
    id: '0193f0a0-0000-7000-8000-000000000001',
    input: 'Write it',
    workflow: null,
    title: null,
    submittedBy: 'system',
    strategy: 'cheapest',
    planner: 'heuristic',
    requiresApproval: false,
    budgetLimit: null,
    status: 'cancelled',
    result: null,
    error: 'Cancelled by an operator.',
    deadlineAt: null,
    costTotal: 5n,
    attemptCount: 1,
    createdAt: new Date(0),
    startedAt: new Date(10),
    finishedAt: new Date(40),
    durationMs: 30,
    tasks: [
      {
        id: '0193f0a0-0000-7000-8000-000000000002',
        ref: 'write_1',
        description: 'Write',
        capability: 'write',
        mode: 'single',
        options: null,
        status: 'cancelled',
        dependsOn: [],
        agent,
        routing: null,
        input: { text: 'Write it' },
        output: null,
        error: 'Cancelled by an operator.',
        estimatedCost: 7n,
        maxAttempts: 3,
        timeoutMs: 60_000,
        startedAt: new Date(12),
        finishedAt: new Date(40),
        attempts: [
          {
            id: 'attempt-1',
            number: 1,
            status: 'cancelled',
            agent,
            startedAt: new Date(12),
            finishedAt: new Date(40),
            latencyMs: 28,
            tokensIn: 3,
            tokensOut: 4,
            cost: 5n,
            errorKind: null,
            error: null,
            remoteTaskId: 'remote-9',
            remoteCancel,
            output: 'a partial answer',
          },
        ],
      },
    ],
  };
}

describe('toTrace and toSnapshot', () => {
  it('carries what the drawer shows in full: agent links and the remote cancel outcome', () => {
    const snapshot = toTrace(
      detail({ remoteTaskId: 'remote-9', ok: true, state: 'canceled' }),
      '42',
    );
    const [attempt] = snapshot.tasks[0]!.attempts;
    expect(attempt).toMatchObject({
      agent: 'remote-writer',
      agentId: 'agent-1',
      agentDisplayName: 'Remote writer',
      remoteTaskId: 'remote-9',
      remoteCancel: { ok: true, state: 'canceled', error: null },
      costMicros: '5',
    });
    // The attempt's own output is not sent: the task's output is what the page shows.
    expect(attempt).not.toHaveProperty('output');
    expect(snapshot.tasks[0]).toMatchObject({ estimatedCostMicros: '7', timeoutMs: 60_000 });
  });

  it('reads a failed or missing remote cancel, and matches the documented trace schema', () => {
    const failed = toTrace(
      detail({ remoteTaskId: 'remote-9', ok: false, error: 'HTTP 500' }),
      '42',
    );
    expect(failed.tasks[0]!.attempts[0]!.remoteCancel).toEqual({
      ok: false,
      state: null,
      error: 'HTTP 500',
    });
    const none = toTrace(detail(null), '42');
    expect(none.tasks[0]!.attempts[0]!.remoteCancel).toBeNull();
    expect(toTrace(detail({ garbage: true }), '42').tasks[0]!.attempts[0]!.remoteCancel).toBe(null);

    // The OpenAPI document is built from this schema: every field sent is documented, and valid.
    const json = buildTraceJson(failed);
    expect(RequestTraceSchema.safeParse(json).error?.issues ?? []).toEqual([]);
    const taskShape = RequestTraceSchema.shape.tasks.element.shape;
    expect(Object.keys(json.tasks[0]!).sort()).toEqual(Object.keys(taskShape).sort());
    expect(Object.keys(json.tasks[0]!.attempts[0]!).sort()).toEqual(
      Object.keys(taskShape.attempts.element.shape).sort(),
    );
  });

  it('sends the page summaries only, and documents every field of them', () => {
    const long = detail(null);
    long.tasks[0]!.error = 'e'.repeat(1_000);
    long.tasks[0]!.output = { text: 'o'.repeat(1_000) };
    long.tasks[0]!.routing = { strategy: 'cheapest', candidates: [], excluded: [] };
    const summary = toSnapshot(long, '42');
    const [task] = summary.tasks;
    expect(task).not.toHaveProperty('input');
    expect(task).not.toHaveProperty('output');
    expect(task).not.toHaveProperty('routing');
    expect(task!.error).toHaveLength(200);
    expect(task!.outputPreview).toHaveLength(200);
    expect(task!.attempts[0]).toEqual({
      number: 1,
      agent: 'remote-writer',
      status: 'cancelled',
      startedAt: 12,
      finishedAt: 40,
      latencyMs: 28,
      costMicros: '5',
    });
    const json = buildTraceJson(summary);
    expect(RequestTraceSummarySchema.safeParse(json).error?.issues ?? []).toEqual([]);
    const taskShape = RequestTraceSummarySchema.shape.tasks.element.shape;
    expect(Object.keys(json.tasks[0]!).sort()).toEqual(Object.keys(taskShape).sort());
    expect(Object.keys(json.tasks[0]!.attempts[0]!).sort()).toEqual(
      Object.keys(taskShape.attempts.element.shape).sort(),
    );
    // The full trace keeps everything (the export, and the drawer's read).
    const full = toTrace(long, '42').tasks[0]!;
    expect(full.error).toHaveLength(1_000);
    expect(full.output).toEqual({ text: 'o'.repeat(1_000) });
  });
});
