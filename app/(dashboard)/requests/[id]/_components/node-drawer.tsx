'use client';

import type { Route } from 'next';
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState, type ReactNode } from 'react';
import { submitWithoutReset } from '@/components/forms/submit-without-reset';
import { Button } from '@/components/ui/button';
import { formatUsd, type RequestStatus } from '@/lib/engine';
import {
  SYNTHESIS_NODE_ID,
  attemptRows,
  formatSpan,
  marksOf,
  synthesisStatus,
  type RequestSnapshot,
  type TaskSummary,
  type TraceTask,
} from '@/lib/engine/graph';
import { formatCount, humanize } from '@/lib/format';
import type { TaskAction } from '@/lib/schemas/requests';
import { STRATEGY_LABELS } from '../../_components/strategy-options';
import { taskActionAction } from '@/lib/actions/requests/task-action';
import { StatusCue } from './graph-nodes';
import { ElapsedTimer } from './elapsed-timer';
import { formatJson, outputValue, parseRouting } from './request-view';
import { TASK_ACTION_LABELS, taskActionsFor } from './task-actions';
import { useTaskDetail } from './task-detail';

/**
 * The side panel of one graph node: what it was given and produced, why it went to its agent
 * (candidates with scores, excluded agents with reasons), every attempt (start, duration, tokens,
 * cost, remote A2A task id) and, for operators, retry / skip / cancel behind a confirmation. The
 * action is the page's server action (operator role, audited); the live stream shows its effect.
 *
 * Status, agent and the attempts' status and timing come from the live snapshot (moved by each
 * event); input, output, the full error, routing and the attempts' tokens, errors and remote ids
 * are read when the drawer opens (`GET /api/v1/requests/{id}/tasks/{taskId}`) and again on each
 * event for the task.
 */
export function NodeDrawer({
  snapshot,
  taskId,
  canOperate,
  isReplay,
  onClose,
  onActed,
}: {
  snapshot: RequestSnapshot;
  taskId: string;
  canOperate: boolean;
  isReplay: boolean;
  onClose: () => void;
  onActed: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [taskId]);
  const task = snapshot.tasks.find((t) => t.id === taskId);
  const title =
    taskId === SYNTHESIS_NODE_ID ? 'Synthesis' : task ? `Task ${task.ref}` : 'Task not found';

  return (
    <aside
      aria-labelledby="node-drawer-heading"
      className="flex max-h-[520px] flex-col overflow-hidden rounded-md border border-line bg-surface"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="flex items-start justify-between gap-2 border-b border-line px-4 py-3">
        <h3
          id="node-drawer-heading"
          ref={heading}
          tabIndex={-1}
          className="font-mono text-sm font-semibold text-ink"
        >
          {title}
        </h3>
        <Button variant="secondary" className="px-2 py-1 text-xs" onClick={onClose}>
          Close<span className="sr-only"> details</span>
        </Button>
      </div>
      <div className="space-y-5 overflow-y-auto px-4 py-3 text-sm">
        {taskId === SYNTHESIS_NODE_ID ? (
          <SynthesisDetails snapshot={snapshot} />
        ) : task ? (
          <TaskDetails
            task={task}
            requestId={snapshot.id}
            requestStatus={snapshot.status}
            canOperate={canOperate && !isReplay}
            isReplay={isReplay}
            onActed={onActed}
          />
        ) : (
          <p className="text-ink-muted">This task is no longer part of the request.</p>
        )}
      </div>
    </aside>
  );
}

function SynthesisDetails({ snapshot }: { snapshot: RequestSnapshot }) {
  const status = synthesisStatus(snapshot);
  return (
    <dl className="space-y-2">
      <Row label="Status">
        <StatusCue status={status} />
      </Row>
      <Row label="Synthesized by">{snapshot.synthesizedBy ?? '—'}</Row>
      <Row label="Request">{humanize(snapshot.status)}</Row>
      {snapshot.error ? <Row label="Error">{snapshot.error}</Row> : null}
    </dl>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2">
      <dt className="text-xs font-medium text-ink-muted">{label}</dt>
      <dd className="min-w-0 break-words text-ink">{children}</dd>
    </div>
  );
}

function TaskDetails({
  task,
  requestId,
  requestStatus,
  canOperate,
  isReplay,
  onActed,
}: {
  task: TaskSummary;
  requestId: string;
  requestStatus: RequestStatus;
  canOperate: boolean;
  isReplay: boolean;
  onActed: () => void;
}) {
  const marks = marksOf(task);
  const actions = canOperate ? taskActionsFor(task.status, requestStatus) : [];
  const detail = useTaskDetail(requestId, task.id);
  const full = detail.data;
  const error = full && full.status === task.status ? full.error : task.error;
  const attempts = attemptRows(task.attempts, full?.attempts, { summaryOnly: isReplay });
  return (
    <>
      <dl className="space-y-2">
        <Row label="Status">
          <span data-testid="drawer-status">
            <StatusCue status={task.status} />
          </span>
          {task.waiting ? <span className="ml-2 text-xs">⏳ waiting for an agent</span> : null}
        </Row>
        <Row label="Description">{task.description}</Row>
        <Row label="Capability">
          <span className="font-mono text-xs">{task.capability}</span> · {humanize(task.mode)}
        </Row>
        <Row label="Agent">
          {task.agent ? (
            task.agent.id ? (
              <Link
                href={`/agents/${task.agent.id}` as Route}
                className="rounded-sm text-accent-700 hover:underline"
              >
                {task.agent.displayName}
              </Link>
            ) : (
              task.agent.displayName
            )
          ) : (
            '—'
          )}
        </Row>
        <Row label="Planned">{task.plannedAgent ?? '—'}</Row>
        <Row label="Attempts">
          <span data-testid="drawer-attempts">
            {task.attempts.length} of {task.maxAttempts}
          </span>
          {marks.retries > 0 ? ` · ↻ retried ×${marks.retries}` : ''}
          {marks.fallback
            ? ` · ⇄ fell back ${marks.fallback.planned} → ${marks.fallback.actual}`
            : ''}
        </Row>
        {task.dependsOn.length > 0 ? (
          <Row label="After">
            <span className="font-mono text-xs">{task.dependsOn.join(', ')}</span>
          </Row>
        ) : null}
        {error ? (
          <Row label="Error">
            <span className="text-status-failed">{error}</span>
          </Row>
        ) : null}
      </dl>

      {actions.length > 0 ? (
        <NodeActions
          requestId={requestId}
          taskId={task.id}
          taskRef={task.ref}
          actions={actions}
          onActed={onActed}
        />
      ) : null}

      <section aria-label={`Attempts of ${task.ref}`}>
        <h4 className="mb-1.5 text-xs font-semibold text-ink-muted uppercase">Attempts</h4>
        {attempts.length === 0 ? (
          <p className="text-ink-muted">No attempt yet.</p>
        ) : (
          <ol className="space-y-2">
            {attempts.map(({ details, ...attempt }) => (
              <li key={attempt.number} className="rounded-md border border-line px-3 py-2">
                <div className="flex items-center justify-between gap-2">
                  <span className="font-medium">
                    #{attempt.number} {attempt.agent ?? 'deleted agent'}
                  </span>
                  <StatusCue status={attempt.status} />
                </div>
                <dl className="mt-1 grid grid-cols-2 gap-x-3 gap-y-0.5 text-xs tabular-nums">
                  <dt className="text-ink-muted">Started</dt>
                  <dd>{new Date(attempt.startedAt).toISOString().slice(11, 23)} UTC</dd>
                  <dt className="text-ink-muted">Duration</dt>
                  <dd>
                    {attempt.status === 'running' ? (
                      <ElapsedTimer startedAt={attempt.startedAt} timeoutMs={task.timeoutMs} />
                    ) : (
                      formatSpan(
                        attempt.latencyMs ??
                          (attempt.finishedAt ? attempt.finishedAt - attempt.startedAt : null),
                      )
                    )}
                  </dd>
                  <dt className="text-ink-muted">Tokens in / out</dt>
                  <dd>
                    {details
                      ? `${formatCount(details.tokensIn)} / ${formatCount(details.tokensOut)}`
                      : '—'}
                  </dd>
                  <dt className="text-ink-muted">Cost</dt>
                  <dd>{formatUsd(BigInt(attempt.costMicros))}</dd>
                  <dt className="text-ink-muted">Remote task</dt>
                  <dd className="truncate font-mono" title={details?.remoteTaskId ?? undefined}>
                    {details?.remoteTaskId ?? '—'}
                  </dd>
                </dl>
                {details?.error || details?.errorKind ? (
                  <p className="mt-1 text-xs text-status-failed">
                    {details.errorKind ? humanize(details.errorKind) : ''}
                    {details.errorKind && details.error ? ': ' : ''}
                    {details.error}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {task.votes.length > 0 ? (
        <section aria-label={`Votes of ${task.ref}`}>
          <h4 className="mb-1.5 text-xs font-semibold text-ink-muted uppercase">Votes</h4>
          <ul className="space-y-1">
            {task.votes.map((vote) => (
              <li key={vote.agent}>
                <span className="font-medium">{vote.agent}</span>: “{vote.answer}”
                {task.winner !== null &&
                vote.answer.trim().toLowerCase() === task.winner.trim().toLowerCase()
                  ? ' ★ winner'
                  : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <DetailState detail={detail} isReplay={isReplay} />
      {full ? (
        <>
          <Routing task={full} />
          <Json title="Input" value={full.input} empty="No input of its own (the description)." />
          <Json title="Output" value={outputValue(full.output)} empty="No output yet." />
        </>
      ) : null}
    </>
  );
}

/** Whether the task's detail is being read, could not be read, or is as of now (in replay). */
function DetailState({
  detail,
  isReplay,
}: {
  detail: ReturnType<typeof useTaskDetail>;
  isReplay: boolean;
}) {
  if (detail.isPending) {
    return (
      <p role="status" className="text-ink-muted" data-testid="drawer-detail-loading">
        Loading its input, output and routing…
      </p>
    );
  }
  if (detail.isError) {
    return (
      <div role="alert" className="space-y-1.5 text-xs text-status-failed">
        <p>
          {detail.data ? 'Could not refresh the details: ' : 'The details could not be loaded: '}
          {detail.error.message}
        </p>
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          onClick={() => void detail.refetch()}
          disabled={detail.isFetching}
        >
          Try again
        </Button>
      </div>
    );
  }
  return isReplay ? (
    <p className="text-xs text-ink-muted">Input, output and routing as they are now.</p>
  ) : null;
}

function Routing({ task }: { task: TraceTask }) {
  const routing = parseRouting(task.routing);
  return (
    <section aria-label={`Routing of ${task.ref}`}>
      <h4 className="mb-1.5 text-xs font-semibold text-ink-muted uppercase">Routing</h4>
      {!routing ? (
        <p className="text-ink-muted">Not routed yet.</p>
      ) : (
        <div className="space-y-2">
          <p>
            {STRATEGY_LABELS[routing.strategy as keyof typeof STRATEGY_LABELS] ??
              humanize(routing.strategy)}{' '}
            {routing.chosen ? (
              <>
                chose <span className="font-medium">{routing.chosen.name}</span>
              </>
            ) : (
              'found no eligible agent'
            )}
            {routing.preview ? ' (approval preview)' : ''}.
          </p>
          <h5 className="text-xs font-medium text-ink-muted">Candidates</h5>
          {routing.candidates.length === 0 ? (
            <p className="text-ink-muted">None.</p>
          ) : (
            <ol className="list-decimal space-y-0.5 pl-5">
              {routing.candidates.map((c) => (
                <li key={c.agentId}>
                  <span className="font-medium">{c.name}</span>
                  <span className="text-ink-muted tabular-nums">
                    {' '}
                    · score {c.score === null ? 'unknown' : Number(c.score.toPrecision(4))}
                  </span>
                  {c.reasons.length > 0 ? (
                    <span className="block text-xs text-ink-muted">{c.reasons.join('; ')}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
          <h5 className="text-xs font-medium text-ink-muted">Excluded</h5>
          {routing.excluded.length === 0 ? (
            <p className="text-ink-muted">None.</p>
          ) : (
            <ul className="space-y-0.5">
              {routing.excluded.map((e) => (
                <li key={e.agentId}>
                  <span className="font-medium">{e.name}</span>
                  <span className="text-ink-muted"> · {humanize(e.reason)}</span>
                  {e.detail ? (
                    <span className="block text-xs text-ink-muted">{e.detail}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Json({ title, value, empty }: { title: string; value: unknown; empty: string }) {
  const text = formatJson(value);
  return (
    <section aria-label={`${title}`}>
      <h4 className="mb-1.5 text-xs font-semibold text-ink-muted uppercase">{title}</h4>
      {text ? (
        <pre className="max-h-48 overflow-auto rounded-md border border-line bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-ink">
          {text}
        </pre>
      ) : (
        <p className="text-ink-muted">{empty}</p>
      )}
    </section>
  );
}

const CONFIRM_TEXT = {
  retry: 'Run it again? Its attempts start over; tasks skipped because of it get another chance.',
  skip: 'Skip it? Tasks that depend on it run without its output.',
  cancel: 'Cancel it? A running call is aborted and tasks that depend on it are skipped.',
} as const satisfies Record<TaskAction, string>;

function NodeActions({
  requestId,
  taskId,
  taskRef,
  actions,
  onActed,
}: {
  requestId: string;
  taskId: string;
  taskRef: string;
  actions: TaskAction[];
  onActed: () => void;
}) {
  const [confirming, setConfirming] = useState<TaskAction | null>(null);
  const [state, dispatch, isPending] = useActionState(
    async (previous: Awaited<ReturnType<typeof taskActionAction>>, formData: FormData) => {
      const result = await taskActionAction(previous, formData);
      if (result?.ok) {
        setConfirming(null);
        onActed();
      }
      return result;
    },
    null,
  );
  return (
    <section aria-label={`Actions for ${taskRef}`} className="space-y-2">
      {confirming === null ? (
        <div className="flex flex-wrap gap-1.5">
          {actions.map((action) => (
            <Button
              key={action}
              variant="secondary"
              className="px-2.5 py-1 text-xs"
              onClick={() => setConfirming(action)}
            >
              {TASK_ACTION_LABELS[action]} task
            </Button>
          ))}
        </div>
      ) : (
        <form
          action={dispatch}
          onSubmit={submitWithoutReset(dispatch)}
          aria-label={`Confirm ${confirming} of ${taskRef}`}
          className="space-y-2 rounded-md border border-line bg-slate-50 p-3"
        >
          <input type="hidden" name="requestId" value={requestId} />
          <input type="hidden" name="taskId" value={taskId} />
          <input type="hidden" name="action" value={confirming} />
          <p className="text-xs text-ink">{CONFIRM_TEXT[confirming]}</p>
          <div className="flex gap-2">
            <Button type="submit" className="px-2.5 py-1 text-xs" disabled={isPending}>
              Yes, {TASK_ACTION_LABELS[confirming].toLowerCase()} {taskRef}
            </Button>
            <Button
              variant="secondary"
              className="px-2.5 py-1 text-xs"
              onClick={() => setConfirming(null)}
              disabled={isPending}
            >
              No
            </Button>
          </div>
        </form>
      )}
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-status-failed">
          {state.message}
        </p>
      ) : null}
      {state && state.ok ? (
        <p role="status" className="text-xs text-ink-muted">
          {state.data.message}
        </p>
      ) : null}
    </section>
  );
}
