/**
 * How the price table shows a row: its state relative to now, its effective date, and its prices
 * as the dollars an admin would type back into the edit form. Pure: shared by server and client.
 */
import { formatDate, formatDateTime } from '@/lib/format';

export const PRICE_STATES = ['in_effect', 'scheduled', 'superseded'] as const;
export type PriceState = (typeof PRICE_STATES)[number];

export const PRICE_STATE_LABELS = {
  in_effect: 'In effect',
  scheduled: 'Scheduled',
  superseded: 'Superseded',
} as const satisfies Record<PriceState, string>;

/**
 * `in_effect`: the row agents naming this provider + model are priced from now (the server says
 * which); otherwise `scheduled` if its date is still ahead, else `superseded` by a later row.
 */
export function priceState(
  price: { id: string; effectiveFrom: string },
  inEffectIds: ReadonlySet<string>,
  now: Date,
): PriceState {
  if (inEffectIds.has(price.id)) return 'in_effect';
  return Date.parse(price.effectiveFrom) > now.getTime() ? 'scheduled' : 'superseded';
}

/** "2026-12-01" for the start of a UTC day (what the form creates), else "2026-12-01 14:30 UTC". */
export function formatEffectiveFrom(iso: string): string {
  const date = new Date(iso);
  return date.getTime() % 86_400_000 === 0 ? formatDate(date) : formatDateTime(date);
}

/** Integer micro-dollars as typed dollars: 3_000_000 → "3", 150_000 → "0.15", 1 → "0.000001". */
export function microsToDollarsText(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / 1_000_000);
  const fraction = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
