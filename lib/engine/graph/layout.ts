import dagre from '@dagrejs/dagre';

/**
 * Left-to-right layered layout of a graph with dagre (ADR 0013): ranks follow the edges, nodes of
 * one rank are stacked without overlapping. Pure: the same nodes and edges give the same positions.
 * React Flow positions a node by its top-left corner, so that is what is returned.
 */

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  /** Vertical gap between nodes of one rank, px. Default 24. */
  nodeSep?: number;
  /** Horizontal gap between ranks, px. Default 72. */
  rankSep?: number;
}

export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = {},
): Map<string, Position> {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({
    rankdir: 'LR',
    nodesep: options.nodeSep ?? 24,
    ranksep: options.rankSep ?? 72,
    marginx: 8,
    marginy: 8,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  const known = new Set(nodes.map((node) => node.id));
  for (const edge of edges) {
    if (known.has(edge.source) && known.has(edge.target)) graph.setEdge(edge.source, edge.target);
  }
  dagre.layout(graph);
  const positions = new Map<string, Position>();
  for (const node of nodes) {
    const placed = graph.node(node.id);
    positions.set(node.id, {
      x: Math.round(placed.x - node.width / 2),
      y: Math.round(placed.y - node.height / 2),
    });
  }
  return positions;
}
