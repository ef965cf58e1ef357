import type { ReactNode } from 'react';
import { Card, CardHeader } from '@/components/ui/card';
import { MoneyTable } from '@/components/ui/money-table';
import { formatUsd } from '@/lib/engine';
import { formatPerMille, reportedShare } from '@/lib/engine/budget/review';
import { formatCount, humanize } from '@/lib/format';
import type { requestCosts } from '@/lib/server/budget/budgets';
import { costliestTasks } from './request-costs';

export type RequestCosts = Awaited<ReturnType<typeof requestCosts>>;

const usd = (micros: number) => formatUsd(BigInt(micros));

/**
 * The request's costs from the ledger: total, the reported / estimated split, and the breakdown by
 * kind, agent and task. Server-rendered: the live page re-renders it on each event and once more
 * when the request finishes (request-live.tsx), so the final numbers appear without a reload.
 */
export function RequestCostsCard({ costs }: { costs: RequestCosts }) {
  const total = BigInt(costs.totalMicros);
  const reported = BigInt(costs.reportedMicros);
  const share = reportedShare(total, reported);
  const tokensIn = costs.byKind.reduce((sum, k) => sum + k.tokensIn, 0);
  const tokensOut = costs.byKind.reduce((sum, k) => sum + k.tokensOut, 0);
  const tasks = costliestTasks(costs.byTask);
  const summary: { label: string; value: ReactNode }[] = [
    { label: 'Total', value: usd(costs.totalMicros) },
    {
      label: 'Reported by agents',
      value: `${usd(costs.reportedMicros)}${share === null ? '' : ` (${formatPerMille(share)})`}`,
    },
    {
      label: 'Estimated from prices',
      value: `${usd(costs.estimatedMicros)}${share === null ? '' : ` (${formatPerMille(1000 - share)})`}`,
    },
    { label: 'Tokens in / out', value: `${formatCount(tokensIn)} / ${formatCount(tokensOut)}` },
  ];
  return (
    <section aria-labelledby="costs-heading">
      <Card>
        <CardHeader
          as="h2"
          id="costs-heading"
          title="Costs"
          description="From the cost ledger. Reported: the agent said what the call cost; estimated: computed from its prices."
        />
        <dl
          aria-label="Cost summary"
          className="grid grid-cols-2 gap-x-6 gap-y-3 px-5 py-4 lg:grid-cols-4"
        >
          {summary.map((row) => (
            <div key={row.label} className="min-w-0">
              <dt className="text-xs font-medium text-ink-muted">{row.label}</dt>
              <dd className="mt-0.5 text-sm font-medium break-words text-ink tabular-nums">
                {row.value}
              </dd>
            </div>
          ))}
        </dl>
        {costs.byKind.length === 0 ? (
          <p className="border-t border-line px-5 py-4 text-sm text-ink-muted">
            Nothing spent yet.
          </p>
        ) : (
          <div className="grid border-t border-line lg:grid-cols-2 lg:divide-x lg:divide-line">
            <BreakdownTable
              caption="Cost by kind"
              keyLabel="Kind"
              rows={costs.byKind.map((row) => ({
                key: row.kind,
                label: humanize(row.kind),
                ...row,
              }))}
            />
            <BreakdownTable
              caption="Cost by agent"
              keyLabel="Agent"
              rows={costs.byAgent.map((row) => ({
                key: row.agentId ?? 'none',
                label:
                  row.agentId === null
                    ? 'No agent (planning, routing)'
                    : `${row.displayName ?? row.agentId}${row.isUnregistered ? ' (unregistered)' : ''}`,
                ...row,
              }))}
            />
          </div>
        )}
        {costs.byTask.length > 0 ? (
          <div className="border-t border-line">
            <MoneyTable
              caption="Cost by task, costliest first"
              rows={tasks.shown}
              rowKey={(task) => task.taskId}
              columns={[
                { header: 'Task', className: 'font-mono', cell: (task) => task.ref },
                {
                  header: 'Capability',
                  className: 'font-mono text-xs',
                  cell: (task) => task.capability,
                },
                {
                  header: 'Estimated at routing',
                  money: true,
                  cell: (task) => (task.estimatedMicros === null ? '—' : usd(task.estimatedMicros)),
                },
                {
                  header: 'Spent',
                  money: true,
                  strong: true,
                  cell: (task) => usd(task.actualMicros),
                },
                { header: 'Reported', money: true, cell: (task) => usd(task.reportedMicros) },
                { header: 'Tokens in', money: true, cell: (task) => formatCount(task.tokensIn) },
                { header: 'Tokens out', money: true, cell: (task) => formatCount(task.tokensOut) },
              ]}
            />
            {tasks.hidden.count > 0 ? (
              <p className="border-t border-line px-5 py-3 text-sm text-ink-muted">
                {formatCount(tasks.hidden.count)} more task{tasks.hidden.count === 1 ? '' : 's'}{' '}
                spent {usd(tasks.hidden.actualMicros)} together. Every task is in the{' '}
                <a
                  className="font-medium text-accent-700 underline"
                  href={`/api/v1/requests/${costs.requestId}/costs`}
                >
                  JSON breakdown
                </a>
                .
              </p>
            ) : null}
          </div>
        ) : null}
      </Card>
    </section>
  );
}

function BreakdownTable({
  caption,
  keyLabel,
  rows,
}: {
  caption: string;
  keyLabel: string;
  rows: {
    key: string;
    label: string;
    amountMicros: number;
    reportedMicros: number;
    tokensIn: number;
    tokensOut: number;
  }[];
}) {
  return (
    <MoneyTable
      caption={caption}
      rows={rows}
      rowKey={(row) => row.key}
      columns={[
        { header: keyLabel, cell: (row) => row.label },
        { header: 'Spent', money: true, strong: true, cell: (row) => usd(row.amountMicros) },
        { header: 'Reported', money: true, cell: (row) => usd(row.reportedMicros) },
        {
          header: 'Tokens in / out',
          money: true,
          cell: (row) => `${formatCount(row.tokensIn)} / ${formatCount(row.tokensOut)}`,
        },
      ]}
    />
  );
}
