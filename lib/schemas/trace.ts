import { z } from 'zod';
import {
  AGENT_STATUSES,
  ATTEMPT_STATUSES,
  ERROR_KINDS,
  EXECUTION_MODES,
  REQUEST_STATUSES,
  ROUTING_STRATEGIES,
  TASK_STATUSES,
} from '@/lib/engine';
import { TRACE_FORMATS } from '@/lib/engine/graph';

/** Query of `GET /api/v1/requests/{id}/trace`. */
export const TraceQuerySchema = z.strictObject({
  format: z
    .enum(TRACE_FORMATS, { error: 'format is ascii, tree or json.' })
    .default('json')
    .meta({ description: 'ascii: boxes and arrows of the DAG; tree: indented attempts; json.' }),
  events: z
    .enum(['0', '1'], { error: 'events is 0 or 1.' })
    .default('0')
    .meta({ description: 'json only: 1 adds the event log (for replay).' }),
  download: z
    .enum(['0', '1'], { error: 'download is 0 or 1.' })
    .default('0')
    .meta({ description: '1: sent as an attachment (trace-<id>.<txt|json>).' }),
});

const epoch = z.number().int().meta({ description: 'Epoch milliseconds.' });
const micros = z
  .string()
  .regex(/^-?\d+$/)
  .meta({ description: 'Micro-dollars, as a string.' });

const TraceAttemptSchema = z.object({
  number: z.number().int(),
  agent: z.string().nullable().meta({ description: 'The agent’s name; null once deleted.' }),
  agentId: z.string().nullable(),
  agentDisplayName: z.string().nullable(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: epoch,
  finishedAt: epoch.nullable(),
  latencyMs: z.number().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costMicros: micros,
  errorKind: z.enum(ERROR_KINDS).nullable(),
  error: z.string().nullable(),
  remoteTaskId: z.string().nullable(),
  remoteCancel: z
    .object({ ok: z.boolean(), state: z.string().nullable(), error: z.string().nullable() })
    .nullable()
    .meta({ description: 'The CancelTask sent to a remote A2A agent and its outcome.' }),
});

const TraceTaskSchema = z.object({
  id: z.uuid(),
  ref: z.string(),
  description: z.string(),
  capability: z.string(),
  mode: z.enum(EXECUTION_MODES),
  status: z.enum(TASK_STATUSES),
  dependsOn: z.array(z.string()),
  agent: z.object({ id: z.string(), name: z.string(), displayName: z.string() }).nullable(),
  plannedAgent: z.string().nullable(),
  maxAttempts: z.number().int(),
  timeoutMs: z.number().int(),
  estimatedCostMicros: micros,
  startedAt: epoch.nullable(),
  finishedAt: epoch.nullable(),
  error: z.string().nullable(),
  waiting: z.boolean(),
  attempts: z.array(TraceAttemptSchema),
  votes: z.array(z.object({ agent: z.string(), answer: z.string() })),
  winner: z.string().nullable(),
  input: z.unknown(),
  output: z.unknown(),
  routing: z.unknown(),
});

export const RequestTraceSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(REQUEST_STATUSES),
    strategy: z.enum(ROUTING_STRATEGIES),
    createdAt: epoch,
    startedAt: epoch.nullable(),
    finishedAt: epoch.nullable(),
    costMicros: micros,
    error: z.string().nullable(),
    synthesizedBy: z.string().nullable(),
    hasResult: z.boolean(),
    lastEventId: z.string().meta({ description: 'The newest event this trace includes.' }),
    tasks: z.array(TraceTaskSchema),
    synthesis: z.object({ status: z.enum(TASK_STATUSES), synthesizedBy: z.string().nullable() }),
    events: z
      .array(
        z.object({
          id: z.string(),
          type: z.string(),
          taskId: z.string().nullable(),
          payload: z.unknown(),
          at: epoch,
        }),
      )
      .optional(),
  })
  .meta({ id: 'RequestTrace' });

/** `GET /api/v1/activity` (lib/db/repositories/activity.ts). */
export const LiveActivitySchema = z
  .object({
    at: z.iso.datetime(),
    running: z.object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.uuid(),
          summary: z.string(),
          startedAt: z.iso.datetime().nullable(),
          tasks: z.number().int(),
          finished: z.number().int(),
          active: z.number().int(),
        }),
      ),
    }),
    agents: z.record(z.enum(AGENT_STATUSES), z.number().int()),
    spendTodayMicros: micros,
    lastHour: z.array(
      z.object({ minute: z.iso.datetime(), status: z.enum(ATTEMPT_STATUSES), count: z.number() }),
    ),
  })
  .meta({ id: 'LiveActivity' });
