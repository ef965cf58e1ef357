import {
  SUMMARY_TEXT_CHARS,
  type AttemptSummary,
  type RequestSnapshot,
  type RequestTrace,
  type TaskSummary,
  type TraceAttempt,
  type TraceTask,
} from './types';

/**
 * The request page's live view carries summaries (ADR 0060, addendum "drawer"): what the graph,
 * the tables, the timeline and replay draw. A task's input, output, routing explanation, full error
 * and its attempts' tokens, errors and remote ids are read when its drawer or table row opens.
 * Summaries are built field by field, never by spreading the full task, so nothing of the detail
 * rides along by accident.
 */

/** `text` cut at `max` characters, with "…" when cut. */
export function cutText(text: string, max = SUMMARY_TEXT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A task's output as the value it carries when that is all there is: builtins answer
 * `{ "words": 2 }` or `{ "result": 105 }`, and the operator wants to read `2` and `105`. Anything
 * richer (several keys, nested data) is returned as it is.
 */
export function outputValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value);
  if (entries.length !== 1) return value;
  const [, only] = entries[0]!;
  return ['string', 'number', 'boolean'].includes(typeof only) ? only : value;
}

/** One line of JSON for a table: whitespace collapsed, cut at `max` characters. */
export function previewJson(value: unknown, max = 80): string {
  if (value === null || value === undefined) return '';
  const text = (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  return cutText(text, max);
}

/** One line of a task's output for tables: its value when that is all there is, else JSON. */
export function previewOutput(value: unknown, max = 80): string {
  const shown = outputValue(value);
  return typeof shown === 'number' || typeof shown === 'boolean'
    ? String(shown)
    : previewJson(shown, max);
}

export function summarizeAttempt(attempt: AttemptSummary): AttemptSummary {
  return {
    number: attempt.number,
    agent: attempt.agent,
    status: attempt.status,
    startedAt: attempt.startedAt,
    finishedAt: attempt.finishedAt,
    latencyMs: attempt.latencyMs,
    costMicros: attempt.costMicros,
  };
}

/** The table's one line of an output; null without output. */
export function outputPreviewOf(output: unknown): string | null {
  const preview = previewOutput(output, SUMMARY_TEXT_CHARS);
  return preview === '' ? null : preview;
}

export function summarizeTask(task: TraceTask): TaskSummary {
  return {
    id: task.id,
    ref: task.ref,
    description: task.description,
    capability: task.capability,
    mode: task.mode,
    status: task.status,
    dependsOn: task.dependsOn,
    agent: task.agent,
    plannedAgent: task.plannedAgent,
    maxAttempts: task.maxAttempts,
    timeoutMs: task.timeoutMs,
    estimatedCostMicros: task.estimatedCostMicros,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    error: task.error === null ? null : cutText(task.error),
    waiting: task.waiting,
    attempts: task.attempts.map(summarizeAttempt),
    votes: task.votes,
    winner: task.winner,
    outputPreview: outputPreviewOf(task.output),
  };
}

export function summarizeTrace(trace: RequestTrace): RequestSnapshot {
  return {
    id: trace.id,
    status: trace.status,
    strategy: trace.strategy,
    createdAt: trace.createdAt,
    startedAt: trace.startedAt,
    finishedAt: trace.finishedAt,
    costMicros: trace.costMicros,
    error: trace.error,
    synthesizedBy: trace.synthesizedBy,
    hasResult: trace.hasResult,
    lastEventId: trace.lastEventId,
    tasks: trace.tasks.map(summarizeTask),
  };
}

/** What an attempt's detail adds to its summary. */
export type AttemptDetails = Omit<TraceAttempt, keyof AttemptSummary>;

/** An attempt as the drawer and the table row list it: the live summary, plus its detail once read. */
export interface AttemptRow extends AttemptSummary {
  /** Null until the task's detail is read (or while it lags behind the live view). */
  details: AttemptDetails | null;
}

/**
 * The attempts to list for a task: the live summary's (moved by each event at once) with the
 * details of the same attempt number from the task's last read. A summary attempt the read has not
 * seen yet is listed without details until the refetch lands; one only the read knows (the live view
 * lags behind it) is listed too, unless `summaryOnly` (replay: the list is that moment's).
 */
export function attemptRows(
  summary: readonly AttemptSummary[],
  detail: readonly TraceAttempt[] | undefined,
  options: { summaryOnly?: boolean } = {},
): AttemptRow[] {
  const byNumber = new Map((detail ?? []).map((attempt) => [attempt.number, attempt]));
  const rows: AttemptRow[] = summary.map((attempt) => {
    const read = byNumber.get(attempt.number);
    // The summary's status, times and cost are the newer ones; the read's own fields are kept
    // only when it saw the same status (a running attempt's tokens and error are not its final
    // ones, and a replayed moment must not show what came later).
    const details = read && read.status === attempt.status ? detailsOf(read) : null;
    return { ...summarizeAttempt(attempt), details };
  });
  if (!options.summaryOnly) {
    const listed = new Set(summary.map((attempt) => attempt.number));
    for (const read of detail ?? []) {
      if (!listed.has(read.number))
        rows.push({ ...summarizeAttempt(read), details: detailsOf(read) });
    }
  }
  return rows.sort((a, b) => a.number - b.number);
}

function detailsOf(attempt: TraceAttempt): AttemptDetails {
  return {
    agentId: attempt.agentId,
    agentDisplayName: attempt.agentDisplayName,
    tokensIn: attempt.tokensIn,
    tokensOut: attempt.tokensOut,
    errorKind: attempt.errorKind,
    error: attempt.error,
    remoteTaskId: attempt.remoteTaskId,
    remoteCancel: attempt.remoteCancel,
  };
}
