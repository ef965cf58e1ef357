import { describe, expect, it } from 'vitest';
import { layoutGraph, type LayoutNode } from './layout';

function overlaps(
  a: LayoutNode & { x: number; y: number },
  b: LayoutNode & { x: number; y: number },
) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function placed(nodes: LayoutNode[], edges: { source: string; target: string }[]) {
  const positions = layoutGraph(nodes, edges);
  return nodes.map((node) => ({ ...node, ...positions.get(node.id)! }));
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
});
