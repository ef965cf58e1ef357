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
import { SUMMARY_TEXT_CHARS, TRACE_FORMATS } from '@/lib/engine/graph';

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
  summary: z.enum(['0', '1'], { error: 'summary is 0 or 1.' }).default('0').meta({
    description:
      'json only: 1 sends each task as the request page draws it, without its input, output, routing explanation and attempt details (GET /api/v1/requests/{id}/tasks/{taskId} has them).',
  }),
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

/** An attempt as the request page's live view carries it (`summary=1`). */
const AttemptSummarySchema = z.object({
  number: z.number().int(),
  agent: z.string().nullable().meta({ description: 'The agent’s name; null once deleted.' }),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: epoch,
  finishedAt: epoch.nullable(),
  latencyMs: z.number().nullable(),
  costMicros: micros,
});

const TraceAttemptSchema = AttemptSummarySchema.extend({
  agentId: z.string().nullable(),
  agentDisplayName: z.string().nullable(),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  errorKind: z.enum(ERROR_KINDS).nullable(),
  error: z.string().nullable(),
  remoteTaskId: z.string().nullable(),
  remoteCancel: z
    .object({ ok: z.boolean(), state: z.string().nullable(), error: z.string().nullable() })
    .nullable()
    .meta({ description: 'The CancelTask sent to a remote A2A agent and its outcome.' }),
});

/** What a task's summary and its full form share. */
const taskFields = {
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
  waiting: z.boolean(),
  votes: z.array(z.object({ agent: z.string(), answer: z.string() })),
  winner: z.string().nullable(),
};

/** A task as the request page's live view carries it (`summary=1`). */
export const TaskSummarySchema = z
  .object({
    ...taskFields,
    error: z
      .string()
      .nullable()
      .meta({
        description: `At most ${SUMMARY_TEXT_CHARS} characters (the task in full has it all).`,
      }),
    attempts: z.array(AttemptSummarySchema),
    outputPreview: z
      .string()
      .nullable()
      .meta({ description: `One line of the output, at most ${SUMMARY_TEXT_CHARS} characters.` }),
  })
  .meta({ id: 'TaskSummary' });

/** A task in full: in the trace, and `GET /api/v1/requests/{id}/tasks/{taskId}`. */
export const TraceTaskSchema = z
  .object({
    ...taskFields,
    error: z.string().nullable(),
    attempts: z.array(TraceAttemptSchema),
    outputPreview: z.string().nullable().meta({ description: 'One line of the output.' }),
    input: z.unknown(),
    output: z.unknown(),
    routing: z.unknown().meta({
      description:
        'The routing explanation: strategy, chosen agent, candidates with scores and reasons, excluded agents with reasons.',
    }),
  })
  .meta({ id: 'TraceTask' });

const requestFields = {
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
};

export const RequestTraceSchema = z
  .object({ ...requestFields, tasks: z.array(TraceTaskSchema) })
  .meta({ id: 'RequestTrace' });

/** `summary=1`: every task as a summary (what the request page's live view reads). */
export const RequestTraceSummarySchema = z
  .object({ ...requestFields, tasks: z.array(TaskSummarySchema) })
  .meta({ id: 'RequestTraceSummary' });

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
