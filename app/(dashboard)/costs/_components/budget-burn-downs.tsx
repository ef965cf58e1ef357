import { Card, CardHeader } from '@/components/ui/card';
import { formatUsd } from '@/lib/engine';
import type { BurnDown } from '@/lib/engine/budget/burn-down';
import { BudgetAdminControls } from './budget-admin-controls';
import { BudgetBurnDownChart, type BurnDownPoint } from './budget-burn-down-chart';

export interface BudgetBurnDownView {
  id: string;
  name: string;
  period: 'total' | 'day' | 'month';
  mode: string;
  limitMicros: number;
  thresholds: number[];
  burn: BurnDown;
}

const dollars = (micros: bigint) => Number(micros) / 1_000_000;
const utc = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The sentence an operator reads first: when, at the current rate, the limit is exceeded. */
export function forecastSentence(view: BudgetBurnDownView): string {
  const { burn } = view;
  const rate = burn.rates[burn.rate];
  const rateText = `${formatUsd(rate.perHour)}/h over the last ${burn.rate === 'lastHour' ? 'hour' : 'day'}`;
  if (burn.isExhausted) return `Limit reached: ${view.mode} applies until the period resets.`;
  if (burn.exceedsAt !== null) {
    return `Projected to exceed on ${utc(burn.exceedsAt)} at ${rateText}.`;
  }
  const horizon =
    view.period === 'total' ? 'at the current rate' : 'this period at the current rate';
  return `Not projected to exceed ${horizon} (${rateText}).`;
}

function chartPoints(burn: BurnDown): BurnDownPoint[] {
  const points: BurnDownPoint[] = burn.actual.map((p) => ({ at: p.at, actual: dollars(p.amount) }));
  for (const p of burn.forecast) points.push({ at: p.at, forecast: dollars(p.amount) });
  return points.sort((a, b) => a.at - b.at);
}

function limitText(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function BudgetBurnDowns({
  budgets,
  isAdmin,
}: {
  budgets: BudgetBurnDownView[];
  isAdmin: boolean;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {budgets.map((view) => {
        const sentence = forecastSentence(view);
        return (
          <Card key={view.id}>
            <section aria-label={`Budget ${view.name}`}>
              <CardHeader
                as="h3"
                title={view.name}
                description={`Limit ${formatUsd(BigInt(view.limitMicros))} · spent ${formatUsd(view.burn.actual.at(-1)!.amount)}`}
              />
              <div className="space-y-3 px-5 py-4">
                <p
                  className={
                    view.burn.exceedsAt !== null || view.burn.isExhausted
                      ? 'text-sm font-medium text-status-failed'
                      : 'text-sm text-ink-muted'
                  }
                >
                  {sentence}
                </p>
                <BudgetBurnDownChart
                  points={chartPoints(view.burn)}
                  limit={view.limitMicros / 1_000_000}
                  start={view.burn.chartStart}
                  end={view.burn.chartEnd}
                  isHourly={view.burn.bucketMs === 3_600_000}
                  caption={`Burn-down of ${view.name}: ${sentence}`}
                />
                {isAdmin ? (
                  <BudgetAdminControls
                    budget={{
                      id: view.id,
                      name: view.name,
                      limitText: limitText(view.limitMicros),
                      mode: view.mode,
                      thresholds: view.thresholds,
                    }}
                  />
                ) : null}
              </div>
            </section>
          </Card>
        );
      })}
    </div>
  );
}
