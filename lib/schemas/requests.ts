/**
 * Request payloads: submission (form, REST, A2A), lists and per-node actions. One schema per
 * operation, shared by the Requests form, the server actions, the REST API and the OpenAPI document.
 */
import { z } from 'zod';
import {
  REQUEST_STATUSES,
  ROUTING_STRATEGIES,
  WorkflowSchema,
  parseUsd,
  workflowIssueText,
  type RoutingStrategy,
} from '@/lib/engine';
import { PageQuerySchema } from './common';

export const MAX_REQUEST_INPUT_CHARS = 20_000;
/** A request deadline is at most a day away. */
export const MAX_DEADLINE_SECONDS = 86_400;

export const RoutingStrategySchema = z
  .enum(ROUTING_STRATEGIES, {
    error: `Choose a routing strategy: ${ROUTING_STRATEGIES.join(', ')}.`,
  })
  .meta({ description: 'How tasks are routed to agents.', example: 'capability' });

export const DEFAULT_ROUTING_STRATEGY: RoutingStrategy = 'capability';

const InputTextSchema = z
  .string({ error: 'Enter what the request should do.' })
  .trim()
  .min(1, 'Enter what the request should do.')
  .max(MAX_REQUEST_INPUT_CHARS, `Keep the request under ${MAX_REQUEST_INPUT_CHARS} characters.`)
  .meta({
    description: 'What to do, in plain language; the planner turns it into tasks.',
    example: "Calculate 15 * 7 and count the words in 'Hello world'",
  });

/** The REST / A2A body. Exactly one of `input` and `workflow`. */
export const SubmitRequestSchema = z
  .strictObject({
    input: InputTextSchema.optional(),
    workflow: WorkflowSchema.optional().meta({
      description: 'An explicit task graph instead of `input` (docs/workflows.md).',
    }),
    planner: z
      .enum(['heuristic', 'llm'], { error: 'Choose a planner: heuristic or llm.' })
      .optional()
      .meta({ description: 'For `input`: heuristic (default, no LLM) or llm.' }),
    strategy: RoutingStrategySchema.optional(),
    budgetMicros: z
      .int({ error: 'budgetMicros must be a whole number of micro-dollars.' })
      .min(1, 'budgetMicros must be positive.')
      .max(Number.MAX_SAFE_INTEGER, 'budgetMicros is too large.')
      .optional()
      .meta({ description: 'Spending limit in micro-dollars (1 USD = 1,000,000).' }),
    requiresApproval: z
      .boolean({ error: 'requiresApproval must be true or false.' })
      .optional()
      .meta({ description: 'Wait for an operator to approve the plan before anything runs.' }),
    deadlineSeconds: z
      .int({ error: 'deadlineSeconds must be a whole number.' })
      .min(1, 'deadlineSeconds must be at least 1.')
      .max(MAX_DEADLINE_SECONDS, `deadlineSeconds is at most ${MAX_DEADLINE_SECONDS} (a day).`)
      .optional()
      .meta({
        description:
          'The request fails when it is not finished this many seconds after submission.',
      }),
  })
  .superRefine((value, ctx) => {
    if (value.input === undefined && value.workflow === undefined) {
      ctx.addIssue({ code: 'custom', path: ['input'], message: 'Give either input or workflow.' });
    }
    if (value.input !== undefined && value.workflow !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['workflow'],
        message: 'Give either input or workflow, not both.',
      });
    }
    if (value.workflow !== undefined && value.planner !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['planner'],
        message: 'A workflow is already a plan: leave planner out.',
      });
    }
  })
  .meta({ id: 'SubmitRequest' });
export type SubmitRequestInput = z.infer<typeof SubmitRequestSchema>;

/** The Requests page form: text fields, converted to SubmitRequestInput. */
export const SubmitRequestFormSchema = z
  .object({
    kind: z.enum(['text', 'workflow'], { error: 'Choose text or workflow.' }).default('text'),
    input: z.string().default(''),
    workflow: z.string().default(''),
    planner: z.enum(['heuristic', 'llm'], { error: 'Choose a planner.' }).default('heuristic'),
    strategy: RoutingStrategySchema.default(DEFAULT_ROUTING_STRATEGY),
    budget: z.string().trim().default(''),
    requiresApproval: z.stringbool().default(false),
    deadlineSeconds: z.string().trim().default(''),
  })
  .transform((form, ctx): SubmitRequestInput => {
    const out: SubmitRequestInput = {
      strategy: form.strategy,
      requiresApproval: form.requiresApproval,
    };
    if (form.kind === 'text') {
      const text = InputTextSchema.safeParse(form.input);
      if (!text.success) {
        ctx.addIssue({ code: 'custom', path: ['input'], message: text.error.issues[0]!.message });
      } else {
        out.input = text.data;
        out.planner = form.planner;
      }
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(form.workflow);
      } catch (error) {
        const detail = error instanceof SyntaxError ? `: ${error.message}` : '';
        ctx.addIssue({
          code: 'custom',
          path: ['workflow'],
          message: `The workflow is not valid JSON${detail}.`,
        });
        return z.NEVER;
      }
      const workflow = WorkflowSchema.safeParse(parsed);
      if (!workflow.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['workflow'],
          message: workflowIssueText(workflow.error.issues),
        });
      } else {
        out.workflow = workflow.data;
      }
    }
    if (form.budget !== '') {
      const micros = parseUsd(form.budget);
      if (micros === null || micros <= 0n) {
        ctx.addIssue({
          code: 'custom',
          path: ['budget'],
          message: 'Enter a positive amount in USD, e.g. 0.50.',
        });
      } else {
        out.budgetMicros = Number(micros);
      }
    }
    if (form.deadlineSeconds !== '') {
      const seconds = Number(form.deadlineSeconds);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_DEADLINE_SECONDS) {
        ctx.addIssue({
          code: 'custom',
          path: ['deadlineSeconds'],
          message: `Enter whole seconds between 1 and ${MAX_DEADLINE_SECONDS}.`,
        });
      } else {
        out.deadlineSeconds = seconds;
      }
    }
    return out;
  });

/** `Idempotency-Key` header: a retry with the same key returns the same request. */
export const IdempotencyKeySchema = z
  .string()
  .trim()
  .min(1, 'Idempotency-Key must not be empty.')
  .max(200, 'Idempotency-Key is at most 200 characters.')
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key may only contain visible ASCII characters.');

export const RequestListQuerySchema = PageQuerySchema.extend({
  status: z
    .enum(REQUEST_STATUSES, { error: `status is one of ${REQUEST_STATUSES.join(', ')}.` })
    .optional(),
  strategy: z.enum(ROUTING_STRATEGIES, { error: 'Unknown routing strategy.' }).optional(),
  q: z.string().trim().max(200, 'q is at most 200 characters.').optional(),
});

export const ApproveRequestSchema = z
  .strictObject({
    decision: z
      .enum(['approve', 'reject'], { error: 'decision is approve or reject.' })
      .default('approve'),
    reason: z.string().trim().max(1000, 'reason is at most 1000 characters.').optional(),
  })
  .meta({ id: 'ApproveRequest' });

export const CancelRequestSchema = z
  .strictObject({
    reason: z.string().trim().max(1000, 'reason is at most 1000 characters.').optional(),
  })
  .meta({ id: 'CancelRequest' });

export const TASK_ACTIONS = ['cancel', 'retry', 'skip'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
export const TaskActionSchema = z
  .strictObject({
    action: z.enum(TASK_ACTIONS, { error: 'action is cancel, retry or skip.' }),
  })
  .meta({ id: 'TaskAction' });

export const RequestIdSchema = z.object({ id: z.uuid('The request id must be a UUID.') });
export const TaskIdSchema = z.object({
  id: z.uuid('The request id must be a UUID.'),
  taskId: z.uuid('The task id must be a UUID.'),
});
