import { formatUsd, type BudgetPeriod, type Micros } from '@/lib/engine';

/** How a budget's current period reads in a sentence ("$6.25 of $5.00 this month"). */
export const PERIOD_PHRASES = {
  day: 'today (UTC)',
  month: 'this month (UTC)',
  total: 'in total',
} as const satisfies Record<BudgetPeriod, string>;

/** One line per budget over its limit; nothing when there is none. */
function Banner({ label, lines }: { label: string; lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <section
      aria-label={label}
      className="rounded-lg border border-status-awaiting-approval/40 bg-status-awaiting-approval/10 px-5 py-4 text-sm text-ink"
    >
      <ul className="space-y-1">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Costs page and Overview: every `warn` budget over its limit in its current period. Such a budget
 * lets work continue, so this banner is the only place an operator notices it.
 */
export function WarnBudgetsBanner({
  budgets,
}: {
  budgets: readonly {
    id: string;
    name: string;
    period: BudgetPeriod;
    spent: Micros;
    limit: Micros;
  }[];
}) {
  return (
    <Banner
      label="Budget warnings"
      lines={budgets.map(
        (b) =>
          `Budget ${b.name} is over its limit (${formatUsd(b.spent)} of ${formatUsd(b.limit)} ${PERIOD_PHRASES[b.period]}) — work continues because its mode is warn.`,
      )}
    />
  );
}

/** Request page: the `warn` budgets this request's own calls took past their limit. */
export function RequestWarnBanner({
  overruns,
}: {
  overruns: readonly { budgetId: string; budget: string; spent: Micros; limit: Micros }[];
}) {
  return (
    <Banner
      label="Budget warnings"
      lines={overruns.map(
        (o) =>
          `Budget ${o.budget} went over its limit during this request (${formatUsd(o.spent)} of ${formatUsd(o.limit)}) — work continued because its mode is warn.`,
      )}
    />
  );
}
