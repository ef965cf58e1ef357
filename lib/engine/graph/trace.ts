import { formatUsd } from '../budget/money';
import type { RequestStatus } from '../types';
import { depthsOf, marksOf, synthesisStatus } from './build';
import { STATUS_CUES, formatSpan } from './status';
import type { RequestSnapshot, RequestTrace, TaskSummary, TraceEvent } from './types';

/**
 * Text and JSON traces of a request (`GET /api/v1/requests/{id}/trace?format=ascii|tree|json`):
 * - ascii: the DAG as boxes in levels (a level's tasks side by side, at most `perRow` per row) with
 *   arrows down to the next level; each box names the tasks it waits for (`<- a, b`), its status,
 *   agent, attempts, duration and cost. Pure ASCII, so it pastes anywhere.
 * - tree: the request, each task, and under it each attempt with agent, duration, tokens and cost.
 * - json: the trace itself (or, `summary=1`, the summaries the request page reads) plus the
 *   synthesis step and, on request, the event log.
 */

export const TRACE_FORMATS = ['ascii', 'tree', 'json'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

const BOX_INNER = 32;

const REQUEST_TAGS = {
  planning: STATUS_CUES.pending.ascii,
  awaiting_approval: STATUS_CUES.pending.ascii,
  running: STATUS_CUES.running.ascii,
  succeeded: STATUS_CUES.succeeded.ascii,
  failed: STATUS_CUES.failed.ascii,
  cancelled: STATUS_CUES.cancelled.ascii,
} as const satisfies Record<RequestStatus, string>;

function taskDuration(task: TaskSummary): number | null {
  return task.startedAt !== null && task.finishedAt !== null
    ? task.finishedAt - task.startedAt
    : null;
}

function taskCost(task: TaskSummary): bigint {
  let total = 0n;
  for (const attempt of task.attempts) total += BigInt(attempt.costMicros);
  return total;
}

function requestDuration(snapshot: RequestSnapshot): number | null {
  return snapshot.finishedAt !== null
    ? snapshot.finishedAt - (snapshot.startedAt ?? snapshot.createdAt)
    : null;
}

function fit(text: string, width: number): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length <= width ? clean.padEnd(width) : `${clean.slice(0, width - 3)}...`;
}

function marksOfTask(task: TaskSummary): string[] {
  const marks = marksOf(task);
  const parts: string[] = [];
  if (marks.retries > 0) parts.push(`retried x${marks.retries}`);
  if (marks.fallback) parts.push(`fallback ${marks.fallback.planned}->${marks.fallback.actual}`);
  if (marks.waiting) parts.push('waiting for an agent');
  return parts;
}

function box(lines: readonly string[]): string[] {
  const edge = `+${'-'.repeat(BOX_INNER + 2)}+`;
  return [edge, ...lines.map((line) => `| ${fit(line, BOX_INNER)} |`), edge];
}

function taskBox(task: TaskSummary): string[] {
  const cue = STATUS_CUES[task.status];
  const marks = marksOfTask(task);
  const agent = task.agent?.name ?? task.plannedAgent ?? 'no agent';
  return box([
    task.dependsOn.length > 0 ? `<- ${task.dependsOn.join(', ')}` : '(start)',
    `${task.ref} (${task.capability})`,
    `${cue.ascii} ${task.status}${task.mode === 'single' ? '' : ` ${task.mode}`}`,
    `${agent}, ${task.attempts.length}/${task.maxAttempts} attempts`,
    `${formatSpan(taskDuration(task))}, ${formatUsd(taskCost(task))}`,
    // One mark a line, so a long agent name never hides the next mark.
    ...(marks.length > 0 ? marks : ['']),
  ]);
}

function synthesisBox(snapshot: RequestSnapshot, finals: readonly string[]): string[] {
  const status = synthesisStatus(snapshot);
  return box([
    finals.length > 0 ? `<- ${finals.join(', ')}` : '(start)',
    'synthesis',
    `${STATUS_CUES[status].ascii} ${status}`,
    snapshot.synthesizedBy ? `by ${snapshot.synthesizedBy}` : '',
    `request ${formatSpan(requestDuration(snapshot))}, ${formatUsd(BigInt(snapshot.costMicros))}`,
    '',
  ]);
}

const BOX_WIDTH = BOX_INNER + 4;
const GAP = '  ';

function sideBySide(boxes: readonly string[][]): string[] {
  const height = Math.max(...boxes.map((b) => b.length));
  const lines: string[] = [];
  for (let row = 0; row < height; row += 1) {
    lines.push(
      boxes
        .map((b) => b[row] ?? ' '.repeat(BOX_WIDTH))
        .join(GAP)
        .trimEnd(),
    );
  }
  return lines;
}

function arrows(flags: readonly boolean[]): string[] {
  const mid = Math.floor(BOX_WIDTH / 2);
  const line = (char: string) =>
    flags
      .map((flag) => (flag ? `${' '.repeat(mid)}${char}`.padEnd(BOX_WIDTH) : ' '.repeat(BOX_WIDTH)))
      .join(GAP)
      .trimEnd();
  return [line('|'), line('v')];
}

export function formatTraceAscii(
  snapshot: RequestSnapshot,
  options: { perRow?: number } = {},
): string {
  const perRow = Math.max(1, options.perRow ?? 4);
  const depths = depthsOf(snapshot.tasks);
  const dependents = new Set(snapshot.tasks.flatMap((task) => task.dependsOn));
  const finals = snapshot.tasks.filter((task) => !dependents.has(task.ref)).map((t) => t.ref);
  const levels: TaskSummary[][] = [];
  for (const task of snapshot.tasks) {
    const depth = depths.get(task.ref) ?? 0;
    (levels[depth] ??= []).push(task);
  }
  const out: string[] = [
    `Request ${snapshot.id}: ${REQUEST_TAGS[snapshot.status]} ${snapshot.status}, ${snapshot.tasks.length} tasks, ${formatSpan(requestDuration(snapshot))}, ${formatUsd(BigInt(snapshot.costMicros))}`,
    '',
  ];
  const rows: TaskSummary[][] = [];
  for (const level of levels.filter(Boolean)) {
    for (let i = 0; i < level.length; i += perRow) rows.push(level.slice(i, i + perRow));
  }
  for (const row of rows) {
    out.push(...sideBySide(row.map(taskBox)));
    out.push(...arrows(row.map(() => true)));
  }
  out.push(...synthesisBox(snapshot, finals));
  if (snapshot.error) out.push('', `Error: ${snapshot.error}`);
  return `${out.join('\n')}\n`;
}

export function formatTraceTree(snapshot: RequestTrace): string {
  const out: string[] = [
    `request ${snapshot.id} ${snapshot.status} ${formatSpan(requestDuration(snapshot))} ${formatUsd(BigInt(snapshot.costMicros))}`,
  ];
  const entries: { head: string; children: string[] }[] = snapshot.tasks.map((task) => {
    const marks = marksOfTask(task).join(', ');
    return {
      head: `${task.ref} [${task.capability}] ${task.status} ${formatSpan(taskDuration(task))} ${formatUsd(taskCost(task))}${
        task.dependsOn.length > 0 ? ` after ${task.dependsOn.join(', ')}` : ''
      }${marks ? ` (${marks})` : ''}`,
      children: task.attempts.map(
        (attempt) =>
          `attempt ${attempt.number} ${attempt.agent ?? 'deleted agent'} ${attempt.status} ${formatSpan(attempt.latencyMs)} tokens ${attempt.tokensIn}/${attempt.tokensOut} ${formatUsd(BigInt(attempt.costMicros))}${
            attempt.errorKind ? ` ${attempt.errorKind}` : ''
          }${attempt.error ? `: ${attempt.error.replace(/\s+/g, ' ').slice(0, 120)}` : ''}${
            attempt.remoteTaskId ? ` remote ${attempt.remoteTaskId}` : ''
          }`,
      ),
    };
  });
  entries.push({
    head: `synthesis ${synthesisStatus(snapshot)}${snapshot.synthesizedBy ? ` by ${snapshot.synthesizedBy}` : ''}`,
    children: [],
  });
  entries.forEach((entry, index) => {
    const last = index === entries.length - 1;
    out.push(`${last ? '`-- ' : '|-- '}${entry.head}`);
    entry.children.forEach((child, childIndex) => {
      const lastChild = childIndex === entry.children.length - 1;
      out.push(`${last ? '    ' : '|   '}${lastChild ? '`-- ' : '|-- '}${child}`);
    });
  });
  return `${out.join('\n')}\n`;
}

export type TraceJson<S extends RequestSnapshot | RequestTrace = RequestTrace> = S & {
  synthesis: { status: ReturnType<typeof synthesisStatus>; synthesizedBy: string | null };
  events?: TraceEvent[];
};

export function buildTraceJson<S extends RequestSnapshot | RequestTrace>(
  snapshot: S,
  events?: readonly TraceEvent[],
): TraceJson<S> {
  return {
    ...snapshot,
    synthesis: { status: synthesisStatus(snapshot), synthesizedBy: snapshot.synthesizedBy },
    ...(events ? { events: [...events] } : {}),
  };
}
