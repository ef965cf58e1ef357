import { z } from 'zod';
import { BUDGET_MODES, BUDGET_PERIODS, BUDGET_SCOPES } from '@/lib/engine';

/** Micro-dollars (1 USD = 1,000,000) as a JSON integer: whole, not negative, at most 10^15. */
export const LimitMicrosSchema = z
  .number({ error: 'Enter the limit in micro-dollars (an integer).' })
  .int('Micro-dollar amounts are whole numbers (no fractions of a micro-dollar).')
  .positive('The limit must be more than 0.')
  .max(1e15, 'That limit is too large (at most 10^15 micro-dollars).');

const ThresholdsSchema = z
  .array(
    z
      .number({ error: 'Thresholds are whole percentages.' })
      .int('Thresholds are whole percentages.')
      .min(1, 'A threshold is between 1 and 100 %.')
      .max(100, 'A threshold is between 1 and 100 %.'),
  )
  .max(10, 'At most 10 thresholds.')
  .transform((values) => [...new Set(values)].sort((a, b) => a - b));

/** One schema for the Costs page form, the server action and POST /api/v1/budgets. */
export const CreateBudgetSchema = z
  .object({
    name: z
      .string({ error: 'Enter a name for the budget.' })
      .trim()
      .min(1, 'Enter a name for the budget.')
      .max(100, 'At most 100 characters.'),
    scope: z.enum(BUDGET_SCOPES, { error: 'Scope is global, agent, capability or request.' }),
    /** Agent or request id for those scopes. */
    scopeId: z.uuid('Enter the id (a UUID) of the agent or request.').nullish(),
    /** Capability name for the capability scope. */
    capability: z.string().trim().min(1).max(100).nullish(),
    limitMicros: LimitMicrosSchema,
    period: z.enum(BUDGET_PERIODS, { error: 'Period is total, day or month.' }).default('total'),
    mode: z.enum(BUDGET_MODES, { error: 'Mode is warn, pause or stop.' }).default('stop'),
    thresholds: ThresholdsSchema.default([50, 80, 100]),
  })
  .superRefine((value, ctx) => {
    if ((value.scope === 'agent' || value.scope === 'request') && !value.scopeId) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopeId'],
        message: `A ${value.scope} budget needs the ${value.scope}'s id.`,
      });
    }
    if (value.scope === 'capability' && !value.capability) {
      ctx.addIssue({
        code: 'custom',
        path: ['capability'],
        message: 'A capability budget needs the capability name.',
      });
    }
  })
  .meta({ id: 'CreateBudget' });
export type CreateBudgetInput = z.infer<typeof CreateBudgetSchema>;

/** PATCH: name, limit, mode and thresholds may change; scope and period define the budget. */
export const UpdateBudgetSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name for the budget.').max(100).optional(),
    limitMicros: LimitMicrosSchema.optional(),
    mode: z.enum(BUDGET_MODES, { error: 'Mode is warn, pause or stop.' }).optional(),
    thresholds: ThresholdsSchema.optional(),
  })
  .meta({ id: 'UpdateBudget' });
export type UpdateBudgetInput = z.infer<typeof UpdateBudgetSchema>;

export const BudgetSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scope: z.enum(BUDGET_SCOPES),
    scopeId: z.uuid().nullable(),
    capability: z.string().nullable(),
    limitMicros: z.number().int(),
    period: z.enum(BUDGET_PERIODS),
    mode: z.enum(BUDGET_MODES),
    thresholds: z.array(z.number().int()),
    spentMicros: z.number().int().meta({ description: 'Settled cost in the current period.' }),
    reservedMicros: z.number().int().meta({ description: 'Estimates held by calls in flight.' }),
    periodStart: z.string().meta({ description: 'UTC start of the current period.' }),
  })
  .meta({ id: 'Budget' });

export const RequestCostsSchema = z
  .object({
    requestId: z.uuid(),
    totalMicros: z.number().int(),
    reportedMicros: z.number().int().meta({ description: 'Costs the agents reported.' }),
    estimatedMicros: z.number().int().meta({ description: 'Costs computed from prices.' }),
    byKind: z.array(
      z.object({
        kind: z.enum(['planning', 'agent', 'tool', 'routing']),
        amountMicros: z.number().int(),
        reportedMicros: z.number().int(),
        tokensIn: z.number().int(),
        tokensOut: z.number().int(),
      }),
    ),
    byAgent: z.array(
      z.object({
        agentId: z
          .uuid()
          .nullable()
          .meta({ description: 'Null for costs not tied to an agent (planning, routing).' }),
        name: z.string().nullable(),
        displayName: z.string().nullable(),
        isUnregistered: z.boolean(),
        amountMicros: z.number().int(),
        reportedMicros: z.number().int(),
        tokensIn: z.number().int(),
        tokensOut: z.number().int(),
      }),
    ),
    byTask: z.array(
      z.object({
        taskId: z.uuid(),
        ref: z.string(),
        capability: z.string(),
        estimatedMicros: z.number().int().nullable().meta({ description: 'Estimate at routing.' }),
        actualMicros: z.number().int(),
        reportedMicros: z.number().int(),
        tokensIn: z.number().int(),
        tokensOut: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'RequestCosts' });
