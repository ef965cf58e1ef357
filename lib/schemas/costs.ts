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
