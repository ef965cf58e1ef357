import { describe, expect, it } from 'vitest';
import {
  SYNTHESIS_NODE_ID,
  buildRequestGraph,
  buildSummaryGraph,
  branchNodeId,
  groupNodeId,
  taskNodeId,
  type BranchNodeData,
  type GroupNodeData,
  type TaskNodeData,
} from './build';
import { T0, attempt, parallelExample, sequentialExample, snapshot, task } from './fixtures';

const edgesOf = (graph: ReturnType<typeof buildRequestGraph>) =>
  graph.edges.map((edge) => `${edge.source} -> ${edge.target} (${edge.kind})`).sort();

describe('buildRequestGraph', () => {
  it('gives the parallel seed example two task nodes that both feed synthesis', () => {
    const graph = buildRequestGraph(parallelExample());
    expect(graph.nodes.map((node) => node.id)).toEqual([
      taskNodeId('t-calc'),
      taskNodeId('t-words'),
      SYNTHESIS_NODE_ID,
    ]);
    expect(edgesOf(graph)).toEqual([
      'task:t-calc -> synthesis (synthesis)',
      'task:t-words -> synthesis (synthesis)',
    ]);
    const words = graph.nodes[1]!.data as TaskNodeData;
    expect(words).toMatchObject({
      ref: 'count_words_2',
      status: 'succeeded',
      agent: 'Text tools',
      attempts: 1,
      maxAttempts: 3,
      durationMs: 3,
      costMicros: '0',
    });
    expect(graph.nodes[2]!.data).toEqual({
      kind: 'synthesis',
      status: 'succeeded',
      synthesizedBy: 'synthesizer',
    });
  });

  it('chains the sequential seed example and only the last task feeds synthesis', () => {
    const graph = buildRequestGraph(sequentialExample());
    expect(edgesOf(graph)).toEqual([
      'task:t-calc -> task:t-json (dependency)',
      'task:t-json -> synthesis (synthesis)',
    ]);
  });

  it('shows duration while running against the given clock, and sums attempt costs', () => {
    const running = snapshot({
      status: 'running',
      hasResult: false,
      synthesizedBy: null,
      tasks: [
        task({
          id: 'a',
          ref: 'a',
          status: 'running',
          finishedAt: null,
          attempts: [
            attempt({ number: 1, status: 'failed', costMicros: '1500', agent: 'x' }),
            attempt({
              number: 2,
              status: 'running',
              finishedAt: null,
              latencyMs: null,
              agent: 'y',
            }),
          ],
          plannedAgent: 'x',
        }),
      ],
    });
    const node = buildRequestGraph(running, { now: T0 + 1_100 }).nodes[0]!.data as TaskNodeData;
    expect(node.durationMs).toBe(1_000);
    expect(node.costMicros).toBe('1500');
    expect(node.marks).toEqual({
      fallback: { planned: 'x', actual: 'y' },
      retries: 1,
      waiting: false,
    });
    expect(buildRequestGraph(running).nodes.at(-1)!.data).toMatchObject({ status: 'pending' });
  });

  it('draws each agent of a consensus task as a branch with its vote, the winner marked', () => {
    const vote = snapshot({
      tasks: [
        task({
          id: 'c',
          ref: 'vote',
          mode: 'consensus',
          attempts: [
            attempt({ number: 1, agent: 'a' }),
            attempt({ number: 2, agent: 'b' }),
            attempt({ number: 3, agent: 'c', status: 'failed' }),
          ],
          votes: [
            { agent: 'a', answer: 'Paris' },
            { agent: 'b', answer: 'Lyon' },
          ],
          winner: 'paris',
        }),
      ],
    });
    const graph = buildRequestGraph(vote);
    const branches = graph.nodes
      .filter((node) => node.data.kind === 'branch')
      .map((node) => node.data as BranchNodeData);
    expect(branches.map((b) => [b.agent, b.status, b.vote, b.isWinner])).toEqual([
      ['a', 'succeeded', 'Paris', true],
      ['b', 'succeeded', 'Lyon', false],
      ['c', 'failed', null, false],
    ]);
    expect(edgesOf(graph)).toContain(`task:c -> ${branchNodeId('c', 2)} (branch)`);
    // Branches are not final steps: synthesis is fed by the task.
    expect(edgesOf(graph)).toContain('task:c -> synthesis (synthesis)');
    expect((graph.nodes[0]!.data as TaskNodeData).marks.retries).toBe(0);
  });

  it('collapses a fan-out of more than 20 branches into a group node until it is expanded', () => {
    const wide = snapshot({
      tasks: [
        task({
          id: 'f',
          ref: 'fan',
          mode: 'fan_out',
          attempts: Array.from({ length: 25 }, (_, i) =>
            attempt({ number: i + 1, agent: `agent-${i}`, status: i < 3 ? 'failed' : 'succeeded' }),
          ),
        }),
      ],
    });
    const collapsed = buildRequestGraph(wide);
    expect(collapsed.nodes.map((n) => n.id)).toEqual([
      taskNodeId('f'),
      groupNodeId('f'),
      SYNTHESIS_NODE_ID,
    ]);
    expect(collapsed.nodes[1]!.data as GroupNodeData).toMatchObject({
      branches: 25,
      counts: { failed: 3, succeeded: 22 },
    });
    const expanded = buildRequestGraph(wide, { expanded: new Set(['f']) });
    expect(expanded.nodes.filter((n) => n.data.kind === 'branch')).toHaveLength(25);
    expect(expanded.nodes.some((n) => n.data.kind === 'group')).toBe(false);
    // 20 branches is not more than 20: shown one by one.
    const twenty = snapshot({
      tasks: [{ ...wide.tasks[0]!, attempts: wide.tasks[0]!.attempts.slice(0, 20) }],
    });
    expect(buildRequestGraph(twenty).nodes.filter((n) => n.data.kind === 'branch')).toHaveLength(
      20,
    );
  });

  it('marks fallback, waiting and the synthesis of a failed request', () => {
    const failed = snapshot({
      status: 'failed',
      hasResult: false,
      synthesizedBy: null,
      tasks: [
        task({ id: 'a', ref: 'a', status: 'failed', plannedAgent: 'calculator' }),
        task({ id: 'b', ref: 'b', status: 'pending', waiting: true, attempts: [], dependsOn: [] }),
      ],
    });
    const graph = buildRequestGraph(failed);
    expect((graph.nodes[1]!.data as TaskNodeData).marks.waiting).toBe(true);
    expect((graph.nodes[0]!.data as TaskNodeData).marks.fallback).toBeNull();
    expect(graph.nodes.at(-1)!.data).toMatchObject({ status: 'failed' });
  });
});

describe('buildSummaryGraph', () => {
  it('summarises a large request by depth with status counts', () => {
    const tasks = Array.from({ length: 5_000 }, (_, i) =>
      task({
        id: `t${i}`,
        ref: `t${i}`,
        dependsOn: i < 100 ? [] : [`t${i % 100}`],
        status: i % 2 === 0 ? 'succeeded' : 'pending',
      }),
    );
    const summary = buildSummaryGraph(snapshot({ tasks }));
    expect(summary.nodes.map((n) => n.id)).toEqual(['level:0', 'level:1', SYNTHESIS_NODE_ID]);
    expect(summary.nodes[0]!.data).toMatchObject({
      tasks: 100,
      counts: { succeeded: 50, pending: 50 },
    });
    expect(summary.nodes[1]!.data).toMatchObject({ tasks: 4_900 });
    expect(summary.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'level:0->level:1',
      'level:1->synthesis',
    ]);
  });
});
