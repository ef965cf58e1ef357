'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { Fragment, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { StatusBadge } from '@/components/ui/status-badge';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import { formatUsd } from '@/lib/engine';
import { attemptRows, type AttemptRow, type TaskSummary, type TraceTask } from '@/lib/engine/graph';
import { formatCount, formatDuration, humanize } from '@/lib/format';
import { STRATEGY_LABELS } from '../../_components/strategy-options';
import { describeRemoteCancel, formatJson, outputValue, parseRouting } from './request-view';
import { useRequestLive } from './request-live';
import { TaskActionForm } from './task-action-form';
import { taskActionsFor } from './task-actions';
import { ElapsedTimer } from './elapsed-timer';
import { useTaskDetail } from './task-detail';

/** Rows per page: a 5,000-task request must not render 5,000 rows at once. */
export const TASKS_PAGE_SIZE = 100;

/**
 * The request's tasks in plan order, 100 a page. Each row opens (state kept across live refreshes)
 * to show its attempts, the routing explanation and the full input and output (read when it opens,
 * like the node drawer's); operators get the node actions the task's status allows.
 *
 * The rows are the live snapshot the graph draws (TanStack Query cache, moved by each event and
 * refetched at most once a second): the page sends the request's tasks to the browser once, not a
 * second copy for this table (ADR 0060), and the table moves with the graph.
 */
export function TasksTable({ canOperate }: { canOperate: boolean }) {
  const { snapshot } = useRequestLive();
  const { id: requestId, status: requestStatus, tasks } = snapshot;
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columns = canOperate ? 10 : 9;
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(tasks.length / TASKS_PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = tasks.slice(current * TASKS_PAGE_SIZE, (current + 1) * TASKS_PAGE_SIZE);

  if (tasks.length === 0) {
    return (
      <p className="px-5 py-4 text-sm text-ink-muted">
        {requestStatus === 'planning'
          ? 'Planning: the tasks appear here in a moment.'
          : 'This request has no tasks.'}
      </p>
    );
  }
  return (
    <>
      <Table>
        <TableCaption>Tasks of this request, in plan order</TableCaption>
        <TableHead>
          <TableRow>
            <TableHeaderCell>Task</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
            <TableHeaderCell>Capability</TableHeaderCell>
            <TableHeaderCell>Mode</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Agent</TableHeaderCell>
            <TableHeaderCell className="text-right">Attempts</TableHeaderCell>
            <TableHeaderCell>Output</TableHeaderCell>
            <TableHeaderCell>Error</TableHeaderCell>
            {canOperate ? <TableHeaderCell>Actions</TableHeaderCell> : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((task) => {
            const isOpen = open.has(task.id);
            const detailsId = `task-details-${task.id}`;
            const actions = canOperate ? taskActionsFor(task.status, requestStatus) : [];
            return (
              <Fragment key={task.id}>
                <TableRow data-task-ref={task.ref}>
                  <TableCell className="whitespace-nowrap">
                    <button
                      type="button"
                      aria-expanded={isOpen}
                      aria-controls={detailsId}
                      onClick={() => toggle(task.id)}
                      className="inline-flex items-center gap-1 rounded-sm font-mono text-sm font-medium text-accent-700 hover:text-accent-600"
                    >
                      <span aria-hidden="true" className="inline-block w-3 text-xs">
                        {isOpen ? '▾' : '▸'}
                      </span>
                      <span className="sr-only">Details of task </span>
                      {task.ref}
                    </button>
                  </TableCell>
                  <TableCell className="max-w-xs">
                    <p className="line-clamp-2" title={task.description}>
                      {task.description}
                    </p>
                    {task.dependsOn.length > 0 ? (
                      <p className="mt-0.5 text-xs text-ink-muted">
                        after <span className="font-mono">{task.dependsOn.join(', ')}</span>
                      </p>
                    ) : null}
                  </TableCell>
                  <TableCell className="font-mono text-xs">{task.capability}</TableCell>
                  <TableCell className="whitespace-nowrap text-ink-muted">
                    {humanize(task.mode)}
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={task.status} />
                    <RunningElapsed task={task} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <AgentLink agent={task.agent} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {task.attempts.length}
                    <span className="text-ink-muted"> / {task.maxAttempts}</span>
                  </TableCell>
                  <TableCell className="max-w-56">
                    <p
                      className="truncate font-mono text-xs"
                      title={task.outputPreview ?? undefined}
                    >
                      {task.outputPreview ?? <span className="text-ink-muted">—</span>}
                    </p>
                  </TableCell>
                  <TableCell className="max-w-56">
                    {task.error ? (
                      <p className="line-clamp-2 text-xs text-status-failed" title={task.error}>
                        {task.error}
                      </p>
                    ) : (
                      <span className="text-ink-muted">—</span>
                    )}
                  </TableCell>
                  {canOperate ? (
                    <TableCell>
                      {actions.length > 0 ? (
                        <TaskActionForm
                          requestId={requestId}
                          taskId={task.id}
                          taskRef={task.ref}
                          actions={actions}
                        />
                      ) : (
                        <span className="text-ink-muted">—</span>
                      )}
                    </TableCell>
                  ) : null}
                </TableRow>
                {isOpen ? (
                  <tr id={detailsId} className="bg-slate-50/60">
                    <td colSpan={columns} className="px-5 py-4">
                      <TaskDetails task={task} requestId={requestId} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
      {pages > 1 ? (
        <nav
          aria-label="Task pages"
          className="flex flex-wrap items-center justify-between gap-3 border-t border-line px-5 py-3 text-sm"
        >
          <span className="text-ink-muted tabular-nums">
            Tasks {formatCount(current * TASKS_PAGE_SIZE + 1)}–
            {formatCount(current * TASKS_PAGE_SIZE + shown.length)} of {formatCount(tasks.length)}
          </span>
          <span className="flex gap-2">
            <Button
              variant="secondary"
              className="px-3 py-1.5"
              disabled={current === 0}
              onClick={() => setPage(current - 1)}
            >
              Previous tasks
            </Button>
            <Button
              variant="secondary"
              className="px-3 py-1.5"
              disabled={current >= pages - 1}
              onClick={() => setPage(current + 1)}
            >
              Next tasks
            </Button>
          </span>
        </nav>
      ) : null}
    </>
  );
}

function AgentLink({ agent }: { agent: { id: string | null; displayName: string } | null }) {
  if (!agent) return <span className="text-ink-muted">—</span>;
  // An agent known only from a live event has no id until the next refetch.
  if (!agent.id) return <>{agent.displayName}</>;
  return (
    <Link
      href={`/agents/${agent.id}` as Route}
      className="rounded-sm text-accent-700 hover:text-accent-600 hover:underline"
    >
      {agent.displayName}
    </Link>
  );
}

/** An open row: the summary's facts at once, then the task's detail as read (task-detail.ts). */
function TaskDetails({ task, requestId }: { task: TaskSummary; requestId: string }) {
  const detail = useTaskDetail(requestId, task.id);
  const full = detail.data;
  const attempts = attemptRows(task.attempts, full?.attempts);
  return (
    <div className="space-y-5">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <Detail label="Estimated cost">{formatUsd(BigInt(task.estimatedCostMicros))}</Detail>
        <Detail label="Timeout per attempt">{formatDuration(task.timeoutMs)}</Detail>
        <Detail label="Attempts allowed">{task.maxAttempts}</Detail>
        <Detail label="Ran for">
          {task.startedAt && task.finishedAt
            ? formatDuration(task.finishedAt - task.startedAt)
            : '—'}
        </Detail>
      </dl>
      <section aria-label={`Attempts of task ${task.ref}`}>
        <h4 className="mb-2 text-sm font-semibold text-ink">Attempts</h4>
        {attempts.length === 0 ? (
          <p className="text-sm text-ink-muted">No attempt yet.</p>
        ) : (
          <AttemptsTable attempts={attempts} />
        )}
      </section>
      {detail.isPending ? (
        <p role="status" className="text-sm text-ink-muted">
          Loading its routing, input and output…
        </p>
      ) : detail.isError ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 text-sm text-status-failed">
          <p>
            {full ? 'Could not refresh the details: ' : 'The details could not be loaded: '}
            {detail.error.message}
          </p>
          <Button
            variant="secondary"
            className="px-2.5 py-1 text-xs"
            onClick={() => void detail.refetch()}
            disabled={detail.isFetching}
          >
            Try again
          </Button>
        </div>
      ) : null}
      {full ? (
        <>
          <RoutingSection task={full} />
          <div className="grid gap-4 lg:grid-cols-2">
            <JsonBlock title="Input" value={full.input} empty="No input of its own." />
            <JsonBlock title="Output" value={outputValue(full.output)} empty="No output yet." />
          </div>
        </>
      ) : null}
    </div>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-ink-muted">{label}</dt>
      <dd className="text-ink tabular-nums">{children}</dd>
    </div>
  );
}

function AttemptsTable({ attempts }: { attempts: AttemptRow[] }) {
  return (
    <div className="overflow-x-auto rounded-md border border-line bg-surface">
      <table className="w-full border-collapse text-left text-xs">
        <thead className="border-b border-line bg-slate-50 text-ink-muted">
          <tr>
            {['#', 'Agent', 'Status', 'Latency', 'Tokens in / out', 'Cost', 'Error', 'Remote'].map(
              (label) => (
                <th key={label} scope="col" className="px-3 py-2 font-semibold">
                  {label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {attempts.map(({ details, ...attempt }) => (
            <tr key={attempt.number} className="align-top">
              <td className="px-3 py-2 tabular-nums">{attempt.number}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <AgentLink agent={attemptAgent(attempt.agent, details)} />
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={attempt.status} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                {attempt.latencyMs === null ? '—' : formatDuration(attempt.latencyMs)}
              </td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                {details
                  ? `${formatCount(details.tokensIn)} / ${formatCount(details.tokensOut)}`
                  : '—'}
              </td>
              <td className="px-3 py-2 tabular-nums">{formatUsd(BigInt(attempt.costMicros))}</td>
              <td className="max-w-sm px-3 py-2">
                {details?.errorKind || details?.error ? (
                  <span className="text-status-failed">
                    {details.errorKind ? (
                      <span className="font-medium">{humanize(details.errorKind)}</span>
                    ) : null}
                    {details.errorKind && details.error ? ': ' : null}
                    {details.error}
                  </span>
                ) : (
                  <span className="text-ink-muted">—</span>
                )}
              </td>
              <td className="px-3 py-2 text-ink-muted">
                {describeRemoteCancel(details?.remoteCancel ?? null) ??
                  (details?.remoteTaskId ? (
                    <span className="font-mono">{details.remoteTaskId}</span>
                  ) : (
                    '—'
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function attemptAgent(
  agent: string | null,
  details: AttemptRow['details'],
): { id: string | null; displayName: string } | null {
  if (!agent) return null;
  // Until the detail is read the agent is shown by its name, without a link.
  return { id: details?.agentId ?? null, displayName: details?.agentDisplayName ?? agent };
}

function RoutingSection({ task }: { task: TraceTask }) {
  const routing = parseRouting(task.routing);
  return (
    <section aria-label={`Routing of task ${task.ref}`}>
      <h4 className="mb-2 text-sm font-semibold text-ink">Routing</h4>
      {!routing ? (
        <p className="text-sm text-ink-muted">Not routed yet.</p>
      ) : (
        <div className="space-y-3 text-sm">
          <p className="text-ink">
            Strategy{' '}
            <span className="font-medium">
              {STRATEGY_LABELS[routing.strategy as keyof typeof STRATEGY_LABELS] ??
                humanize(routing.strategy)}
            </span>
            {routing.chosen ? (
              <>
                {' '}
                chose <span className="font-medium">{routing.chosen.name}</span>
              </>
            ) : (
              ' found no eligible agent'
            )}
            {routing.preview ? (
              <span className="text-ink-muted"> (preview for approval; routed again on start)</span>
            ) : null}
            .
          </p>
          <div className="grid gap-4 lg:grid-cols-2">
            <div>
              <h5 className="mb-1 text-xs font-semibold text-ink-muted uppercase">
                Candidates, in order
              </h5>
              {routing.candidates.length === 0 ? (
                <p className="text-ink-muted">None.</p>
              ) : (
                <ol className="space-y-1.5">
                  {routing.candidates.map((candidate, index) => (
                    <li key={candidate.agentId} className="flex gap-2">
                      <span className="w-5 shrink-0 text-right text-ink-muted tabular-nums">
                        {index + 1}.
                      </span>
                      <span>
                        <span className="font-medium">{candidate.name}</span>
                        <span className="text-ink-muted tabular-nums">
                          {' '}
                          · score{' '}
                          {candidate.score === null ? 'unknown' : formatScore(candidate.score)}
                        </span>
                        {candidate.reasons.length > 0 ? (
                          <span className="block text-xs text-ink-muted">
                            {candidate.reasons.join('; ')}
                          </span>
                        ) : null}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div>
              <h5 className="mb-1 text-xs font-semibold text-ink-muted uppercase">Excluded</h5>
              {routing.excluded.length === 0 ? (
                <p className="text-ink-muted">None.</p>
              ) : (
                <ul className="space-y-1.5">
                  {routing.excluded.map((excluded) => (
                    <li key={excluded.agentId}>
                      <span className="font-medium">{excluded.name}</span>
                      <span className="text-ink-muted"> · {humanize(excluded.reason)}</span>
                      {excluded.detail ? (
                        <span className="block text-xs text-ink-muted">{excluded.detail}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** Scores are in the strategy's own unit; four significant digits are plenty to compare them. */
function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : String(Number(score.toPrecision(4)));
}

function JsonBlock({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  const text = formatJson(value);
  return (
    <div>
      <h4 className="mb-1 text-sm font-semibold text-ink">{title}</h4>
      {text ? (
        <pre className="max-h-64 overflow-auto rounded-md border border-line bg-surface p-3 font-mono text-xs whitespace-pre-wrap text-ink">
          {text}
        </pre>
      ) : (
        <p className="text-sm text-ink-muted">{empty}</p>
      )}
    </div>
  );
}

/** The running attempt's elapsed time against the task's timeout, ticking. */
function RunningElapsed({ task }: { task: TaskSummary }) {
  const running = task.attempts.findLast((attempt) => attempt.status === 'running');
  if (!running) return null;
  return (
    <ElapsedTimer startedAt={running.startedAt} timeoutMs={task.timeoutMs} className="mt-1 flex" />
  );
}
