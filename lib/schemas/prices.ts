import { z } from 'zod';

const PriceMicrosSchema = z
  .number({ error: 'Enter the price in micro-dollars per 1M tokens (an integer).' })
  .int('Micro-dollar amounts are whole numbers (no fractions of a micro-dollar).')
  .min(0, 'Prices cannot be negative.')
  .max(1e15, 'That price is too large (at most 10^15 micro-dollars).');

const NameSchema = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(200, 'At most 200 characters.');

/** One schema for Settings → Pricing, its action and POST /api/v1/prices. */
export const CreatePriceSchema = z
  .object({
    provider: NameSchema('provider'),
    model: NameSchema('model'),
    inputPerMTokMicros: PriceMicrosSchema,
    outputPerMTokMicros: PriceMicrosSchema,
    effectiveFrom: z.iso
      .datetime({ offset: true, error: 'Enter the date the price takes effect (ISO 8601).' })
      .transform((value) => new Date(value)),
  })
  .meta({ id: 'CreatePrice' });
export type CreatePriceInput = z.infer<typeof CreatePriceSchema>;

export const UpdatePriceSchema = z
  .object({
    inputPerMTokMicros: PriceMicrosSchema.optional(),
    outputPerMTokMicros: PriceMicrosSchema.optional(),
  })
  .meta({ id: 'UpdatePrice' });
export type UpdatePriceInput = z.infer<typeof UpdatePriceSchema>;

export const PriceSchema = z
  .object({
    id: z.uuid(),
    provider: z.string(),
    model: z.string(),
    inputPerMTokMicros: z.number().int(),
    outputPerMTokMicros: z.number().int(),
    effectiveFrom: z.string(),
  })
  .meta({ id: 'Price' });
