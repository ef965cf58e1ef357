import { MemorySaver } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { planFromWorkflow } from '@/lib/engine';
import {
  buildShape,
  compileLangGraphShape,
  formatComparison,
  perSecond,
  ratio,
  shapeFigures,
  shapeWorkflow,
  sinks,
  splitInto,
  summarizeRate,
} from './peers';

describe('buildShape', () => {
  it('builds a chain in which every node waits for the one before', () => {
    const chain = buildShape('chain', 50);
    expect(chain).toHaveLength(50);
    expect(chain[0]).toEqual({ id: 'n001', dependsOn: [] });
    expect(chain[49]).toEqual({ id: 'n050', dependsOn: ['n049'] });
    expect(sinks(chain)).toEqual(['n050']);
  });

  it('builds a fan-out as start → n parallel nodes → a join that waits for all of them', () => {
    const fanout = buildShape('fanout', 50);
    expect(fanout).toHaveLength(52);
    expect(fanout[0]).toEqual({ id: 'start', dependsOn: [] });
    expect(fanout.slice(1, 51).every((node) => node.dependsOn.join() === 'start')).toBe(true);
    expect(fanout[51]!.id).toBe('join');
    expect(fanout[51]!.dependsOn).toHaveLength(50);
    expect(new Set(fanout[51]!.dependsOn)).toEqual(new Set(fanout.slice(1, 51).map((n) => n.id)));
    expect(sinks(fanout)).toEqual(['join']);
  });

  it('refuses a width that is not a positive integer', () => {
    expect(() => buildShape('chain', 0)).toThrow(RangeError);
    expect(() => buildShape('fanout', 2.5)).toThrow(/width must be a positive integer/);
  });
});

describe('shapeWorkflow', () => {
  it('is a workflow Baton accepts, with the same edges and a distinct input per task', () => {
    const nodes = buildShape('fanout', 50);
    const input = shapeWorkflow(nodes, 'bench_noop', 'run 1');
    const plan = planFromWorkflow(input.workflow, new Set(['bench_noop']));
    expect(plan).toMatchObject({ ok: true });
    expect(plan.ok && plan.order.at(0)).toBe('start');
    expect(plan.ok && plan.order.at(-1)).toBe('join');
    const tasks = input.workflow.tasks;
    expect(tasks.map((t) => t.ref)).toEqual(nodes.map((n) => n.id));
    expect(tasks[0]).not.toHaveProperty('dependsOn');
    expect(tasks.at(-1)!.dependsOn).toEqual(nodes.at(-1)!.dependsOn);
    expect(new Set(tasks.map((t) => t.input)).size).toBe(tasks.length);
  });
});

describe('compileLangGraphShape', () => {
  it('runs a chain node by node in order', async () => {
    const nodes = buildShape('chain', 5);
    const ran: string[] = [];
    const graph = compileLangGraphShape(nodes, new MemorySaver(), (id) => ran.push(id));
    const out = await graph.invoke(
      { steps: 0 },
      { configurable: { thread_id: 'chain' }, recursionLimit: 20, durability: 'sync' },
    );
    expect(out.steps).toBe(5);
    expect(ran).toEqual(['n001', 'n002', 'n003', 'n004', 'n005']);
  });

  it('runs every parallel node of a fan-out once, and the join once after all of them', async () => {
    const nodes = buildShape('fanout', 8);
    const ran: string[] = [];
    const graph = compileLangGraphShape(nodes, new MemorySaver(), (id) => ran.push(id));
    const out = await graph.invoke(
      { steps: 0 },
      { configurable: { thread_id: 'fanout' }, recursionLimit: 20, durability: 'sync' },
    );
    expect(out.steps).toBe(10);
    expect(ran[0]).toBe('start');
    expect(ran.at(-1)).toBe('join');
    expect([...ran.slice(1, 9)].sort()).toEqual(nodes.slice(1, 9).map((n) => n.id));
  });
});

describe('figures', () => {
  it('takes per-step overhead as the median run over the nodes', () => {
    expect(shapeFigures({ nodes: 50, wallMs: [300, 100, 200] })).toEqual({
      nodes: 50,
      runs: 3,
      wallMsP50: 200,
      perStepMsP50: 4,
      stepsPerSecond: 250,
    });
  });

  it('computes rates and ratios, NaN where they are undefined', () => {
    expect(perSecond(1000, 2500)).toBe(400);
    expect(perSecond(1000, 0)).toBeNaN();
    expect(ratio(36, 4)).toBe(9);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });

  it('splits a total into requests of at most the given size', () => {
    expect(splitInto(1000, 50)).toHaveLength(20);
    expect(splitInto(120, 50)).toEqual([50, 50, 20]);
  });

  it('puts the slow runs of a rate in the tail columns', () => {
    const row = summarizeRate('x', [300, 100, 200, 400]);
    expect(row).toMatchObject({ unit: 'tasks/s', samples: 4, p50: 200, p90: 100, min: 100 });
  });

  it('prints the comparison as aligned columns with the ratio last', () => {
    const text = formatComparison([
      { figure: 'chain-50 ms per step', baton: 36, peer: 'LangGraph', peerValue: 4, ratio: 9 },
    ]);
    const [header, rule, line] = text.split('\n');
    expect(header).toMatch(/^figure\s+Baton\s+peer\s+peer value\s+Baton ÷ peer$/);
    expect(rule).toMatch(/^-+( {2}-+){4}$/);
    expect(line).toMatch(/^chain-50 ms per step\s+36\s+LangGraph\s+4\s+9$/);
  });
});
