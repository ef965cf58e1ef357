import type { Metadata, Route } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { DetailsList } from '@/components/ui/details-list';
import { Badge } from '@/components/ui/badge';
import { buttonClassName } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeaderCell,
  TableRow,
} from '@/components/ui/table';
import { hasRole } from '@/lib/auth/roles';
import { requirePageAccess } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import {
  findRequestEvents,
  getRequestWithTasks,
  summarizeInput,
  type RequestWithTasks,
} from '@/lib/db/repositories/requests';
import { formatUsd, sumMicros } from '@/lib/engine';
import { AppError } from '@/lib/errors';
import { formatDateTime, formatDuration, humanize } from '@/lib/format';
import { findLastEventId, toSnapshot } from '@/lib/db/repositories/request-trace';
import { findActorLabels } from '@/lib/server/agent-list';
import { requestCosts } from '@/lib/server/budget/budgets';
import { findRequestWarnOverruns } from '@/lib/server/budget/spend-vs-budget';
import { RequestWarnBanner } from '@/components/budget/warn-budgets-banner';
import { STRATEGY_HELP, STRATEGY_LABELS } from '../_components/strategy-options';
import { ApprovalForm } from './_components/approval-form';
import { CancelRequestForm } from './_components/cancel-request-form';
import { EventsTimeline } from './_components/events-timeline';
import { ExecutionPanel } from './_components/execution-panel';
import { RequestCostsCard } from './_components/request-costs-card';
import { LiveIndicator, LiveRequestStatus, RequestLiveProvider } from './_components/request-live';
import {
  parseEventsCursor,
  RequestIdSchema,
  TIMELINE_PAGE_SIZE,
} from './_components/request-params';
import { eventActors, formatJson, parseResult } from './_components/request-view';
import { isRequestFinished } from './_components/task-actions';
import { TasksTable } from './_components/tasks-table';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Request' };

const PLANNER_LABELS = {
  heuristic: 'Heuristic',
  llm: 'LLM',
  workflow: 'Workflow (no planner)',
} as const satisfies Record<RequestWithTasks['planner'], string>;

export default async function RequestPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ after?: string | string[] }>;
}) {
  const viewer = await requirePageAccess('/requests/[id]');
  const parsedId = RequestIdSchema.safeParse(await params);
  if (!parsedId.success) notFound();
  const { id } = parsedId.data;
  const after = parseEventsCursor((await searchParams).after);
  const db = getDb();

  // The last event id first: every change after it reaches the page as a live event. The other
  // reads do not depend on each other and run at once.
  const lastEventId = await findLastEventId(db, id);
  const [request, costs, events, warnOverruns] = await Promise.all([
    getRequestWithTasks(db, id),
    requestCosts(db, id).catch((error: unknown) => {
      // No such request: the page answers 404 below.
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }),
    // One more than shown, to know whether a later page exists.
    findRequestEvents(db, id, after, TIMELINE_PAGE_SIZE + 1),
    findRequestWarnOverruns(db, id),
  ]);
  if (!request || !costs) notFound();
  const snapshot = toSnapshot(request, lastEventId);
  const shownEvents = events.slice(0, TIMELINE_PAGE_SIZE);
  const actorLabels = await findActorLabels(db, [
    request.submittedBy,
    ...eventActors(shownEvents.map((event) => event.payload)),
  ]);
  const hasLaterEvents = events.length > TIMELINE_PAGE_SIZE;
  const canOperate = hasRole(viewer.role, 'operator');
  const isFinished = isRequestFinished(request.status);
  const result = parseResult(request.result);
  const taskRefs = new Map(request.tasks.map((task) => [task.id, task.ref]));

  return (
    <RequestLiveProvider initial={snapshot}>
      <div className="space-y-6">
        <div>
          <Link
            href="/requests"
            className="rounded-sm text-sm font-medium text-accent-700 hover:text-accent-600 hover:underline"
          >
            ← Requests
          </Link>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight break-words text-ink">
            {summarizeInput(request.input, request.title)}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
            <LiveRequestStatus />
            <Badge>{STRATEGY_LABELS[request.strategy]}</Badge>
            <span className="font-mono text-xs text-ink-muted">{request.id}</span>
            <LiveIndicator />
          </div>
          {canOperate && !isFinished ? (
            <div className="mt-4 flex flex-wrap gap-2">
              <CancelRequestForm requestId={request.id} />
            </div>
          ) : null}
        </div>

        {request.status === 'awaiting_approval' ? (
          <ApprovalSection request={request} canOperate={canOperate} />
        ) : null}

        {request.error ? (
          <div
            role="alert"
            className="rounded-lg border border-status-failed/30 bg-status-failed/5 px-5 py-4 text-sm text-ink"
          >
            <p className="font-semibold">
              {request.status === 'cancelled' ? 'Cancelled' : 'Error'}
            </p>
            <p className="mt-1 break-words">{request.error}</p>
          </div>
        ) : null}

        <RequestWarnBanner overruns={warnOverruns} />

        {result ? (
          <section aria-labelledby="result-heading">
            <Card>
              <CardHeader
                as="h2"
                id="result-heading"
                title="Result"
                description={
                  result.synthesizedBy ? `Synthesized by ${result.synthesizedBy}.` : undefined
                }
              />
              <div className="space-y-4 px-5 py-4">
                <pre
                  data-testid="request-result"
                  className="overflow-auto rounded-md border border-line bg-slate-50 p-3 font-mono text-sm whitespace-pre-wrap text-ink"
                >
                  {result.text || '(no text)'}
                </pre>
                {Object.keys(result.outputs).length > 0 ? (
                  <div>
                    <h3 className="mb-2 text-sm font-semibold text-ink">Outputs by task</h3>
                    <dl className="space-y-3">
                      {Object.entries(result.outputs).map(([ref, output]) => (
                        <div key={ref}>
                          <dt className="font-mono text-xs font-medium text-ink-muted">{ref}</dt>
                          <dd>
                            <pre className="mt-1 max-h-48 overflow-auto rounded-md border border-line bg-surface p-2 font-mono text-xs whitespace-pre-wrap text-ink">
                              {formatJson(output) || 'null'}
                            </pre>
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </div>
                ) : null}
              </div>
            </Card>
          </section>
        ) : null}

        <Card>
          <CardHeader as="h2" title="Details" />
          <Details
            request={request}
            submittedBy={actorLabels.get(request.submittedBy) ?? request.submittedBy}
          />
        </Card>

        {request.input ? (
          <section aria-labelledby="input-heading">
            <Card>
              <CardHeader as="h2" id="input-heading" title="Input" />
              <p className="px-5 py-4 text-sm break-words whitespace-pre-wrap text-ink">
                {request.input}
              </p>
            </Card>
          </section>
        ) : request.workflow ? (
          <section aria-labelledby="input-heading">
            <Card>
              <CardHeader as="h2" id="input-heading" title="Workflow" />
              <pre className="max-h-96 overflow-auto px-5 py-4 font-mono text-xs text-ink">
                {formatJson(request.workflow)}
              </pre>
            </Card>
          </section>
        ) : null}

        {request.tasks.length > 0 ? (
          <section aria-labelledby="graph-heading">
            <Card>
              <CardHeader
                as="h2"
                id="graph-heading"
                title="Execution graph"
                description="Every task and the synthesis step, live. Open a node (click, or Tab then Enter) for its input, output, routing and attempts."
              />
              <ExecutionPanel canOperate={canOperate} />
            </Card>
          </section>
        ) : null}

        <section aria-labelledby="tasks-heading">
          <Card>
            <CardHeader
              as="h2"
              id="tasks-heading"
              title="Tasks"
              description="Open a task for its attempts and why it was routed where it was."
            />
            <TasksTable canOperate={canOperate} />
          </Card>
        </section>

        <RequestCostsCard costs={costs} />

        <section aria-labelledby="events-heading">
          <Card>
            <CardHeader
              as="h2"
              id="events-heading"
              title="Events"
              description={`Everything that happened to this request, oldest first, ${TIMELINE_PAGE_SIZE} at a time.`}
            />
            {shownEvents.length === 0 ? (
              <p className="px-5 py-4 text-sm text-ink-muted">
                {after > 0n ? 'No later events.' : 'No events yet.'}
              </p>
            ) : (
              <EventsTimeline events={shownEvents} taskRefs={taskRefs} actors={actorLabels} />
            )}
            {after > 0n || hasLaterEvents ? (
              <nav
                aria-label="Event pages"
                className="flex flex-wrap justify-between gap-3 border-t border-line px-5 py-3"
              >
                {after > 0n ? (
                  <Link
                    href={`/requests/${request.id}` as Route}
                    className={buttonClassName('secondary', 'px-3 py-1.5')}
                  >
                    First events
                  </Link>
                ) : (
                  <span />
                )}
                {hasLaterEvents ? (
                  <Link
                    href={
                      `/requests/${request.id}?after=${shownEvents.at(-1)!.id.toString()}` as Route
                    }
                    className={buttonClassName('secondary', 'px-3 py-1.5')}
                  >
                    Later events
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </Card>
        </section>
      </div>
    </RequestLiveProvider>
  );
}

function Details({ request, submittedBy }: { request: RequestWithTasks; submittedBy: string }) {
  const rows: { label: string; value: ReactNode }[] = [
    { label: 'Status', value: humanize(request.status) },
    {
      label: 'Routing strategy',
      value: (
        <>
          {STRATEGY_LABELS[request.strategy]}
          <span className="block text-xs text-ink-muted">{STRATEGY_HELP[request.strategy]}</span>
        </>
      ),
    },
    { label: 'Planner', value: PLANNER_LABELS[request.planner] },
    { label: 'Cost', value: formatUsd(request.costTotal) },
    { label: 'Attempts', value: String(request.attemptCount) },
    {
      label: 'Duration',
      value: request.durationMs === null ? 'Not finished' : formatDuration(request.durationMs),
    },
    { label: 'Submitted by', value: submittedBy },
    { label: 'Submitted', value: formatDateTime(request.createdAt) },
    { label: 'Deadline', value: request.deadlineAt ? formatDateTime(request.deadlineAt) : 'None' },
    {
      label: 'Budget',
      value: request.budgetLimit === null ? 'No limit' : formatUsd(request.budgetLimit),
    },
    { label: 'Approval', value: request.requiresApproval ? 'Required' : 'Not required' },
    ...(request.finishedAt
      ? [{ label: 'Finished', value: formatDateTime(request.finishedAt) }]
      : []),
  ];
  return <DetailsList items={rows} layout="grid" columns={3} />;
}

/** The plan as it would run now: each task's routed agent and estimate, then the decision. */
function ApprovalSection({
  request,
  canOperate,
}: {
  request: RequestWithTasks;
  canOperate: boolean;
}) {
  const total = sumMicros(request.tasks.map((task) => task.estimatedCost));
  return (
    <section aria-labelledby="approval-heading">
      <Card className="border-status-awaiting-approval/40">
        <CardHeader
          as="h2"
          id="approval-heading"
          title="Awaiting approval"
          description={`Nothing runs until an operator approves this plan. Estimated cost ${formatUsd(total)}${
            request.budgetLimit === null ? '' : ` of a ${formatUsd(request.budgetLimit)} budget`
          }.`}
        />
        <Table>
          <TableCaption>The plan with each task’s routed agent and estimated cost</TableCaption>
          <TableHead>
            <TableRow>
              <TableHeaderCell>Task</TableHeaderCell>
              <TableHeaderCell>Capability</TableHeaderCell>
              <TableHeaderCell>Routed to</TableHeaderCell>
              <TableHeaderCell className="text-right">Estimated cost</TableHeaderCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {request.tasks.map((task) => (
              <TableRow key={task.id}>
                <TableCell>
                  <span className="font-mono">{task.ref}</span>
                  <span className="block text-xs text-ink-muted">{task.description}</span>
                </TableCell>
                <TableCell className="font-mono text-xs">{task.capability}</TableCell>
                <TableCell>
                  {task.agent ? (
                    task.agent.displayName
                  ) : (
                    <span className="text-status-failed">No eligible agent</span>
                  )}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {formatUsd(task.estimatedCost)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <div className="border-t border-line px-5 py-4">
          {canOperate ? (
            <ApprovalForm requestId={request.id} />
          ) : (
            <p className="text-sm text-ink-muted">An operator approves or rejects this plan.</p>
          )}
        </div>
      </Card>
    </section>
  );
}
