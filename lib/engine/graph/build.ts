import type { AttemptStatus, RequestStatus, TaskStatus } from '../types';
import type { AttemptSummary, RequestSnapshot, TaskSummary } from './types';

/**
 * A request's snapshot as graph nodes and edges, independent of any renderer: one node per task,
 * one per agent branch of fan-out and consensus tasks (collapsed into a group node past
 * `groupThreshold` branches unless expanded), and the synthesis step fed by the final tasks.
 * Components only map these to React Flow; the layout (layout.ts) places them.
 */

/** Status of a graph node: a task status, or an attempt's for branch nodes. */
export type NodeStatus = TaskStatus | AttemptStatus;

/** Marks of "planned vs actual" shown on a node. */
export interface NodeMarks {
  /** Ran on another agent than planned, or a later attempt fell back to another agent. */
  fallback: { planned: string; actual: string } | null;
  /** Attempts beyond the first. */
  retries: number;
  /** Waiting for an agent slot. */
  waiting: boolean;
}

export interface TaskNodeData {
  kind: 'task';
  taskId: string;
  ref: string;
  label: string;
  capability: string;
  mode: TaskSummary['mode'];
  status: TaskStatus;
  agent: string | null;
  attempts: number;
  maxAttempts: number;
  /** From the task's start to its finish (or to `now` while it runs); null before it started. */
  durationMs: number | null;
  costMicros: string;
  marks: NodeMarks;
  branchCount: number;
}

export interface BranchNodeData {
  kind: 'branch';
  taskId: string;
  ref: string;
  attempt: number;
  agent: string;
  status: AttemptStatus;
  durationMs: number | null;
  costMicros: string;
  /** The agent's answer in a consensus vote, and whether it won. */
  vote: string | null;
  isWinner: boolean;
}

export interface GroupNodeData {
  kind: 'group';
  taskId: string;
  ref: string;
  branches: number;
  /** Branches per attempt status, for the group's summary line. */
  counts: Partial<Record<AttemptStatus, number>>;
}

export interface SynthesisNodeData {
  kind: 'synthesis';
  status: TaskStatus;
  synthesizedBy: string | null;
}

export type GraphNodeData = TaskNodeData | BranchNodeData | GroupNodeData | SynthesisNodeData;

export interface GraphNode {
  id: string;
  data: GraphNodeData;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'dependency' | 'branch' | 'synthesis';
}

export interface RequestGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface BuildGraphOptions {
  /** Fan-outs with more branches than this collapse into one group node. Default 20. */
  groupThreshold?: number;
  /** Task ids whose branch group is expanded. */
  expanded?: ReadonlySet<string>;
  /** Clock for the duration of running tasks (epoch ms). Default: their last known end. */
  now?: number;
}

export const DEFAULT_GROUP_THRESHOLD = 20;
export const SYNTHESIS_NODE_ID = 'synthesis';

export function taskNodeId(taskId: string): string {
  return `task:${taskId}`;
}
export function branchNodeId(taskId: string, attempt: number): string {
  return `branch:${taskId}:${attempt}`;
}
export function groupNodeId(taskId: string): string {
  return `group:${taskId}`;
}

function sumCost(attempts: readonly AttemptSummary[]): string {
  let total = 0n;
  for (const attempt of attempts) total += BigInt(attempt.costMicros);
  return total.toString();
}

function durationOf(start: number | null, end: number | null, now?: number): number | null {
  if (start === null) return null;
  const until = end ?? now ?? null;
  return until === null ? null : Math.max(0, until - start);
}

export function marksOf(task: TaskSummary): NodeMarks {
  const agents = task.attempts.map((a) => a.agent).filter((a): a is string => a !== null);
  const firstAgent = agents[0] ?? null;
  const lastAgent = agents.at(-1) ?? null;
  const planned = task.plannedAgent ?? firstAgent;
  let fallback: NodeMarks['fallback'] = null;
  if (task.mode === 'single' && planned && lastAgent && planned !== lastAgent) {
    fallback = { planned, actual: lastAgent };
  }
  return {
    fallback,
    retries: task.mode === 'single' ? Math.max(0, task.attempts.length - 1) : 0,
    waiting: task.waiting,
  };
}

/** The synthesis step's status, derived from the request and its tasks. */
export function synthesisStatus(snapshot: RequestSnapshot): TaskStatus {
  if (snapshot.hasResult) return 'succeeded';
  const finished: ReadonlySet<RequestStatus> = new Set(['succeeded', 'failed', 'cancelled']);
  if (snapshot.status === 'cancelled') return 'cancelled';
  if (finished.has(snapshot.status)) return snapshot.tasks.length === 0 ? 'skipped' : 'failed';
  const allTerminal =
    snapshot.tasks.length > 0 &&
    snapshot.tasks.every((t) => ['succeeded', 'failed', 'cancelled', 'skipped'].includes(t.status));
  return allTerminal && snapshot.status === 'running' ? 'running' : 'pending';
}

export function buildRequestGraph(
  snapshot: RequestSnapshot,
  options: BuildGraphOptions = {},
): RequestGraph {
  const threshold = options.groupThreshold ?? DEFAULT_GROUP_THRESHOLD;
  const expanded = options.expanded ?? new Set<string>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const idByRef = new Map(snapshot.tasks.map((task) => [task.ref, task.id]));
  const hasDependents = new Set<string>();

  for (const task of snapshot.tasks) {
    const id = taskNodeId(task.id);
    const isMulti = task.mode !== 'single';
    nodes.push({
      id,
      data: {
        kind: 'task',
        taskId: task.id,
        ref: task.ref,
        label: task.description,
        capability: task.capability,
        mode: task.mode,
        status: task.status,
        agent: task.agent?.displayName ?? task.plannedAgent,
        attempts: task.attempts.length,
        maxAttempts: task.maxAttempts,
        durationMs: durationOf(task.startedAt, task.finishedAt, options.now),
        costMicros: sumCost(task.attempts),
        marks: marksOf(task),
        branchCount: isMulti ? task.attempts.length : 0,
      },
    });
    for (const ref of task.dependsOn) {
      const source = idByRef.get(ref);
      if (!source) continue;
      hasDependents.add(source);
      edges.push({
        id: `dep:${source}->${task.id}`,
        source: taskNodeId(source),
        target: id,
        kind: 'dependency',
      });
    }
    if (!isMulti || task.attempts.length === 0) continue;
    if (task.attempts.length > threshold && !expanded.has(task.id)) {
      const counts: Partial<Record<AttemptStatus, number>> = {};
      for (const attempt of task.attempts)
        counts[attempt.status] = (counts[attempt.status] ?? 0) + 1;
      nodes.push({
        id: groupNodeId(task.id),
        data: {
          kind: 'group',
          taskId: task.id,
          ref: task.ref,
          branches: task.attempts.length,
          counts,
        },
      });
      edges.push({
        id: `branch:${task.id}->group`,
        source: id,
        target: groupNodeId(task.id),
        kind: 'branch',
      });
      continue;
    }
    const votes = new Map(task.votes.map((vote) => [vote.agent, vote.answer]));
    for (const attempt of task.attempts) {
      const agent = attempt.agent ?? 'deleted agent';
      const vote = task.mode === 'consensus' ? (votes.get(agent) ?? null) : null;
      nodes.push({
        id: branchNodeId(task.id, attempt.number),
        data: {
          kind: 'branch',
          taskId: task.id,
          ref: task.ref,
          attempt: attempt.number,
          agent,
          status: attempt.status,
          durationMs:
            attempt.latencyMs ?? durationOf(attempt.startedAt, attempt.finishedAt, options.now),
          costMicros: attempt.costMicros,
          vote,
          isWinner:
            vote !== null &&
            task.winner !== null &&
            vote.trim().toLowerCase() === task.winner.trim().toLowerCase(),
        },
      });
      edges.push({
        id: `branch:${task.id}->${attempt.number}`,
        source: id,
        target: branchNodeId(task.id, attempt.number),
        kind: 'branch',
      });
    }
  }

  nodes.push({
    id: SYNTHESIS_NODE_ID,
    data: {
      kind: 'synthesis',
      status: synthesisStatus(snapshot),
      synthesizedBy: snapshot.synthesizedBy,
    },
  });
  for (const task of snapshot.tasks) {
    if (hasDependents.has(task.id)) continue;
    edges.push({
      id: `final:${task.id}`,
      source: taskNodeId(task.id),
      target: SYNTHESIS_NODE_ID,
      kind: 'synthesis',
    });
  }
  return { nodes, edges };
}

/** Tasks per status, in the legend's order (for summaries and the legend's counts). */
export function countByStatus(
  tasks: readonly { status: TaskStatus }[],
): Record<TaskStatus, number> {
  const counts: Record<TaskStatus, number> = {
    pending: 0,
    ready: 0,
    running: 0,
    retrying: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  };
  for (const task of tasks) counts[task.status] += 1;
  return counts;
}

/** Above this many tasks the graph is summarised by depth (a frozen tab helps nobody). */
export const MAX_DETAILED_TASKS = 1_000;

export interface LevelNodeData {
  kind: 'level';
  /** 0 for tasks without dependencies, 1 + the deepest dependency otherwise. */
  depth: number;
  tasks: number;
  counts: Record<TaskStatus, number>;
}

/** Each task's depth: 0 without dependencies, else 1 + its deepest dependency's (plan order). */
export function depthsOf(tasks: readonly TaskSummary[]): Map<string, number> {
  const depthByRef = new Map<string, number>();
  // Plan order is topological, but do not trust it blindly: settle repeatedly until stable.
  let changed = true;
  for (let pass = 0; changed && pass <= tasks.length; pass += 1) {
    changed = false;
    for (const task of tasks) {
      let depth = 0;
      for (const ref of task.dependsOn) depth = Math.max(depth, (depthByRef.get(ref) ?? 0) + 1);
      if (depthByRef.get(task.ref) !== depth) {
        depthByRef.set(task.ref, depth);
        changed = true;
      }
    }
  }
  return depthByRef;
}

/**
 * The graph of a very large request: one node per depth level with its tasks' status counts, edges
 * between consecutive levels, then synthesis. The tables list every task, paginated.
 */
export function buildSummaryGraph(snapshot: RequestSnapshot): {
  nodes: { id: string; data: LevelNodeData | SynthesisNodeData }[];
  edges: GraphEdge[];
} {
  const depths = depthsOf(snapshot.tasks);
  const levels = new Map<number, TaskSummary[]>();
  for (const task of snapshot.tasks) {
    const depth = depths.get(task.ref) ?? 0;
    levels.set(depth, [...(levels.get(depth) ?? []), task]);
  }
  const ordered = [...levels.entries()].sort(([a], [b]) => a - b);
  const nodes: { id: string; data: LevelNodeData | SynthesisNodeData }[] = ordered.map(
    ([depth, tasks]) => ({
      id: `level:${depth}`,
      data: { kind: 'level', depth, tasks: tasks.length, counts: countByStatus(tasks) },
    }),
  );
  const edges: GraphEdge[] = ordered.slice(1).map(([depth], index) => ({
    id: `level:${ordered[index]![0]}->${depth}`,
    source: `level:${ordered[index]![0]}`,
    target: `level:${depth}`,
    kind: 'dependency',
  }));
  nodes.push({
    id: SYNTHESIS_NODE_ID,
    data: {
      kind: 'synthesis',
      status: synthesisStatus(snapshot),
      synthesizedBy: snapshot.synthesizedBy,
    },
  });
  const last = ordered.at(-1);
  if (last) {
    edges.push({
      id: `level:${last[0]}->synthesis`,
      source: `level:${last[0]}`,
      target: SYNTHESIS_NODE_ID,
      kind: 'synthesis',
    });
  }
  return { nodes, edges };
}
