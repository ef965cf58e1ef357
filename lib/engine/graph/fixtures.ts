import { outputPreviewOf } from './summary';
import type { RequestTrace, TraceAttempt, TraceEvent, TraceTask } from './types';

/**
 * Snapshots and event logs shaped like the seed examples (README "Requests"), for the graph unit
 * tests: "Calculate 15 * 7 and count the words in 'Hello world'" runs two tasks in parallel,
 * "Calculate 25 * 4 and format the result as JSON" two in sequence. Times are fixed.
 */

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export function attempt(overrides: Partial<TraceAttempt> & { number: number }): TraceAttempt {
  return {
    agent: 'calculator',
    agentId: 'agent-calc',
    agentDisplayName: 'Calculator',
    status: 'succeeded',
    startedAt: T0 + 100,
    finishedAt: T0 + 112,
    latencyMs: 12,
    tokensIn: 0,
    tokensOut: 0,
    costMicros: '0',
    errorKind: null,
    error: null,
    remoteTaskId: null,
    remoteCancel: null,
    ...overrides,
  };
}

export function task(overrides: Partial<TraceTask> & { id: string; ref: string }): TraceTask {
  return {
    description: overrides.ref,
    capability: 'calculate',
    mode: 'single',
    status: 'succeeded',
    dependsOn: [],
    agent: { id: 'agent-calc', name: 'calculator', displayName: 'Calculator' },
    plannedAgent: null,
    maxAttempts: 3,
    timeoutMs: 60_000,
    estimatedCostMicros: '0',
    startedAt: T0 + 100,
    finishedAt: T0 + 112,
    error: null,
    waiting: false,
    attempts: [attempt({ number: 1 })],
    votes: [],
    winner: null,
    input: null,
    output: null,
    routing: null,
    outputPreview: outputPreviewOf(overrides.output ?? null),
    ...overrides,
  };
}

export function snapshot(overrides: Partial<RequestTrace> = {}): RequestTrace {
  return {
    id: 'req-1',
    status: 'succeeded',
    strategy: 'capability',
    createdAt: T0,
    startedAt: T0 + 50,
    finishedAt: T0 + 300,
    costMicros: '0',
    error: null,
    synthesizedBy: 'synthesizer',
    hasResult: true,
    lastEventId: '20',
    tasks: [],
    ...overrides,
  };
}

/** Two independent tasks (calculate ‖ count_words). */
export function parallelExample(): RequestTrace {
  return snapshot({
    tasks: [
      task({ id: 't-calc', ref: 'calculate_1', output: 105 }),
      task({
        id: 't-words',
        ref: 'count_words_2',
        capability: 'count_words',
        agent: { id: 'agent-text', name: 'text-tools', displayName: 'Text tools' },
        attempts: [attempt({ number: 1, agent: 'text-tools', latencyMs: 3, finishedAt: T0 + 103 })],
        finishedAt: T0 + 103,
        output: 2,
      }),
    ],
  });
}

/** calculate → format_json. */
export function sequentialExample(): RequestTrace {
  return snapshot({
    tasks: [
      task({ id: 't-calc', ref: 'calculate_1', output: 100 }),
      task({
        id: 't-json',
        ref: 'format_json_2',
        capability: 'format_json',
        dependsOn: ['calculate_1'],
        agent: { id: 'agent-json', name: 'json-formatter', displayName: 'JSON formatter' },
        startedAt: T0 + 150,
        finishedAt: T0 + 160,
        attempts: [
          attempt({
            number: 1,
            agent: 'json-formatter',
            startedAt: T0 + 150,
            finishedAt: T0 + 160,
            latencyMs: 10,
          }),
        ],
      }),
    ],
  });
}

let nextId = 0;
export function event(
  type: string,
  taskId: string | null,
  payload: Record<string, unknown>,
  at: number,
): TraceEvent {
  nextId += 1;
  return { id: String(nextId), type, taskId, payload, at };
}

/** The sequential example's event log as the engine writes it (ids 1…). */
export function sequentialEvents(): TraceEvent[] {
  nextId = 0;
  return [
    event('request.submitted', null, {}, T0),
    event('request.planned', null, { tasks: 2, planner: 'heuristic' }, T0 + 20),
    event('request.started', null, {}, T0 + 50),
    event('task.ready', 't-calc', { ref: 'calculate_1' }, T0 + 50),
    event(
      'task.routed',
      't-calc',
      { ref: 'calculate_1', strategy: 'capability', agents: ['calculator'] },
      T0 + 100,
    ),
    event(
      'attempt.started',
      't-calc',
      { ref: 'calculate_1', attempt: 1, agent: 'calculator' },
      T0 + 100,
    ),
    event(
      'attempt.succeeded',
      't-calc',
      { ref: 'calculate_1', attempt: 1, agent: 'calculator', latencyMs: 12, cost: '0' },
      T0 + 112,
    ),
    event('task.succeeded', 't-calc', { ref: 'calculate_1' }, T0 + 112),
    event('task.ready', 't-json', { ref: 'format_json_2' }, T0 + 112),
    event(
      'task.routed',
      't-json',
      { ref: 'format_json_2', strategy: 'capability', agents: ['json-formatter'] },
      T0 + 150,
    ),
    event(
      'attempt.started',
      't-json',
      { ref: 'format_json_2', attempt: 1, agent: 'json-formatter' },
      T0 + 150,
    ),
    event(
      'attempt.succeeded',
      't-json',
      { ref: 'format_json_2', attempt: 1, agent: 'json-formatter', latencyMs: 10, cost: '0' },
      T0 + 160,
    ),
    event('task.succeeded', 't-json', { ref: 'format_json_2' }, T0 + 160),
    event('request.succeeded', null, { synthesizedBy: 'synthesizer' }, T0 + 300),
  ];
}
