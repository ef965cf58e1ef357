import { describe, expect, it } from 'vitest';
import { DAGRE_MAX_NODES, boundsOf, layeredLayout, layoutGraph, type LayoutNode } from './layout';

function overlaps(
  a: LayoutNode & { x: number; y: number },
  b: LayoutNode & { x: number; y: number },
) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function placed(
  nodes: LayoutNode[],
  edges: { source: string; target: string }[],
  layout = layoutGraph,
) {
  const positions = layout(nodes, edges);
  return nodes.map((node) => ({ ...node, ...positions.get(node.id)! }));
}

/** The seeded large request's shape: levels of `width` tasks, each after one or two above. */
function grid(tasks: number, width = 20) {
  const nodes: LayoutNode[] = [];
  const edges: { source: string; target: string }[] = [];
  for (let i = 0; i < tasks; i += 1) {
    nodes.push({ id: `t${i}`, width: 232, height: 108 });
    const level = Math.floor(i / width);
    const column = i % width;
    if (level === 0) continue;
    edges.push({ source: `t${(level - 1) * width + column}`, target: `t${i}` });
    if (column > 0) edges.push({ source: `t${(level - 1) * width + column - 1}`, target: `t${i}` });
  }
  const last = Math.floor((tasks - 1) / width) * width;
  nodes.push({ id: 'synthesis', width: 200, height: 76 });
  for (let i = last; i < tasks; i += 1) edges.push({ source: `t${i}`, target: 'synthesis' });
  return { nodes, edges };
}

function expectNoOverlapsAndEdgesRight(
  boxes: (LayoutNode & { x: number; y: number })[],
  edges: { source: string; target: string }[],
) {
  // Sorted by x, only boxes whose x ranges meet need comparing (keeps 1,000 nodes fast).
  const byX = [...boxes].sort((a, b) => a.x - b.x);
  for (let i = 0; i < byX.length; i += 1) {
    for (let j = i + 1; j < byX.length && byX[j]!.x < byX[i]!.x + byX[i]!.width; j += 1) {
      expect(overlaps(byX[i]!, byX[j]!), `${byX[i]!.id} overlaps ${byX[j]!.id}`).toBe(false);
    }
  }
  const at = new Map(boxes.map((box) => [box.id, box]));
  for (const edge of edges) {
    const source = at.get(edge.source)!;
    expect(source.x + source.width).toBeLessThan(at.get(edge.target)!.x);
  }
}

describe('layoutGraph', () => {
  it('lays a chain out left to right', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, width: 200, height: 80 }));
    const [a, b, c] = placed(nodes, [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
    ]);
    expect(a!.x + a!.width).toBeLessThan(b!.x);
    expect(b!.x + b!.width).toBeLessThan(c!.x);
    expect(a!.y).toBe(b!.y);
  });

  it('places no two nodes of a wide, mixed-size graph on top of each other', () => {
    const nodes: LayoutNode[] = [];
    const edges: { source: string; target: string }[] = [];
    for (let i = 0; i < 120; i += 1) {
      nodes.push({ id: `n${i}`, width: i % 3 === 0 ? 220 : 170, height: i % 2 === 0 ? 96 : 56 });
      if (i >= 10) edges.push({ source: `n${i % 10}`, target: `n${i}` });
      if (i >= 60) edges.push({ source: `n${i - 50}`, target: `n${i}` });
    }
    const boxes = placed(nodes, edges);
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        expect(overlaps(boxes[i]!, boxes[j]!), `${boxes[i]!.id} overlaps ${boxes[j]!.id}`).toBe(
          false,
        );
      }
    }
    // Every edge points right: a dependency is always left of its dependent.
    const at = new Map(boxes.map((box) => [box.id, box]));
    for (const edge of edges) expect(at.get(edge.source)!.x).toBeLessThan(at.get(edge.target)!.x);
  });

  it('is deterministic and ignores edges to unknown nodes', () => {
    const nodes = [
      { id: 'a', width: 100, height: 40 },
      { id: 'b', width: 100, height: 40 },
    ];
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'a', target: 'ghost' },
    ];
    expect([...layoutGraph(nodes, edges)]).toEqual([...layoutGraph(nodes, edges)]);
    expect(layoutGraph(nodes, edges).has('ghost')).toBe(false);
  });

  it('lays a 1,001-node graph out in well under a second, without overlaps', () => {
    // dagre took 17 s for this graph; the page renders it on the server and in the browser.
    const { nodes, edges } = grid(1_000);
    expect(nodes.length).toBeGreaterThan(DAGRE_MAX_NODES);
    const started = performance.now();
    const boxes = placed(nodes, edges);
    expect(performance.now() - started).toBeLessThan(1_000);
    expectNoOverlapsAndEdgesRight(boxes, edges);
    // One column per level of the plan, synthesis last.
    expect(new Set(boxes.map((box) => box.x)).size).toBe(51);
    const synthesis = boxes.at(-1)!;
    expect(Math.max(...boxes.map((box) => box.x))).toBe(synthesis.x);
  });
});

describe('layeredLayout', () => {
  it('keeps mixed sizes apart and every edge pointing right', () => {
    const nodes: LayoutNode[] = [];
    const edges: { source: string; target: string }[] = [];
    for (let i = 0; i < 120; i += 1) {
      nodes.push({ id: `n${i}`, width: i % 3 === 0 ? 220 : 170, height: i % 2 === 0 ? 96 : 56 });
      if (i >= 10) edges.push({ source: `n${i % 10}`, target: `n${i}` });
      if (i >= 60) edges.push({ source: `n${i - 50}`, target: `n${i}` });
    }
    expectNoOverlapsAndEdgesRight(placed(nodes, edges, layeredLayout), edges);
  });

  it('orders a rank by its predecessors, so crossing edges are untangled', () => {
    // b2 depends on a1 and b1 on a2: sorted by their parents, b2 goes above b1.
    const nodes = ['a1', 'a2', 'b1', 'b2'].map((id) => ({ id, width: 100, height: 40 }));
    const boxes = placed(
      nodes,
      [
        { source: 'a1', target: 'b2' },
        { source: 'a2', target: 'b1' },
      ],
      layeredLayout,
    );
    const at = new Map(boxes.map((box) => [box.id, box]));
    expect(at.get('a1')!.y).toBeLessThan(at.get('a2')!.y);
    expect(at.get('b2')!.y).toBeLessThan(at.get('b1')!.y);
  });

  it('places every node of a cycle and is deterministic', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, width: 100, height: 40 }));
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'c', target: 'b' },
      { source: 'a', target: 'a' },
      { source: 'a', target: 'ghost' },
    ];
    const positions = layeredLayout(nodes, edges);
    expect([...positions.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect([...positions]).toEqual([...layeredLayout(nodes, edges)]);
    const boxes = nodes.map((node) => ({ ...node, ...positions.get(node.id)! }));
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
      }
    }
  });
});

describe('boundsOf', () => {
  it('spans every box, and is null without any', () => {
    expect(
      boundsOf([
        { x: 10, y: 40, width: 100, height: 20 },
        { x: -5, y: 0, width: 50, height: 200 },
      ]),
    ).toEqual({ x: -5, y: 0, width: 115, height: 200 });
    expect(boundsOf([])).toBeNull();
  });
});
