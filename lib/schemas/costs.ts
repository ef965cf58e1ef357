import { z } from 'zod';

export const COST_GROUPS = ['agent', 'day', 'kind', 'capability', 'request'] as const;

const DateParam = (field: string) =>
  z.iso
    .datetime({ offset: true, error: `${field} must be an ISO 8601 date-time.` })
    .transform((value) => new Date(value))
    .optional();

/** Query of GET /api/v1/costs and /api/v1/costs.csv: a half-open window [from, to). */
export const CostsQuerySchema = z
  .object({
    groupBy: z
      .enum(COST_GROUPS, { error: 'groupBy is agent, day, kind, capability or request.' })
      .default('day'),
    from: DateParam('from'),
    to: DateParam('to'),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, {
    path: ['to'],
    message: 'to must be after from.',
  });
export type CostsQuery = z.infer<typeof CostsQuerySchema>;

export const CostGroupSchema = z
  .object({
    key: z
      .string()
      .nullable()
      .meta({ description: 'Agent id, UTC day, kind, capability or request id.' }),
    label: z.string().nullable(),
    amountMicros: z.number().int(),
    reportedMicros: z.number().int(),
    tokensIn: z.number().int(),
    tokensOut: z.number().int(),
    entries: z.number().int(),
  })
  .meta({ id: 'CostGroup' });

const DayParam = (field: string) =>
  z.iso.date({ error: `${field} must be a date like 2026-12-06.` }).optional();

/** Longest range the Costs review shows at once (a year and a day, for leap years). */
export const COSTS_REVIEW_MAX_DAYS = 366;

/**
 * The Costs review page's URL (`?stack=&granularity=&from=&to=`): shareable, UTC calendar days,
 * `from` and `to` both included. Unset values take the page's defaults (the last 30 days).
 */
export const CostsReviewParamsSchema = z
  .object({
    stack: z.enum(['kind', 'agent'], { error: 'stack is kind or agent.' }).default('kind'),
    granularity: z
      .enum(['day', 'week', 'month'], { error: 'granularity is day, week or month.' })
      .default('day'),
    from: DayParam('from'),
    to: DayParam('to'),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from.' });
    }
    if (q.from && q.to) {
      const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
      if (days > COSTS_REVIEW_MAX_DAYS) {
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: `Pick at most ${COSTS_REVIEW_MAX_DAYS} days.`,
        });
      }
    }
  });
export type CostsReviewParams = z.infer<typeof CostsReviewParamsSchema>;
