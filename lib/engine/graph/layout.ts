import dagre from '@dagrejs/dagre';

/**
 * Left-to-right layered layout of a graph (ADR 0013, ADR 0060): ranks follow the edges, nodes of
 * one rank are stacked without overlapping. Pure: the same nodes and edges give the same positions.
 * React Flow positions a node by its top-left corner, so that is what is returned.
 *
 * Small graphs go through dagre (network-simplex ranking, crossing minimisation, Brandes-Köpf
 * alignment). Its cost grows far faster than the graph: measured on this project's 2-core machine,
 * 501 nodes / 956 edges took 2.4 s and 1,001 nodes 17 s — on the server render and again in the
 * browser. Larger graphs get `layeredLayout`: longest-path ranks, barycentric ordering sweeps and
 * stacked ranks, linear in nodes and edges apart from the per-rank sorts (a few ms for 1,001 nodes).
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
  /** Graphs with more nodes than this use `layeredLayout` instead of dagre. Default 150. */
  dagreMaxNodes?: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The rectangle around laid-out boxes (top-left positions), or null without any: the graph opens
 * fitted to it (ADR 0060).
 */
export function boundsOf(
  boxes: Iterable<Position & { width: number; height: number }>,
): Bounds | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const box of boxes) {
    left = Math.min(left, box.x);
    top = Math.min(top, box.y);
    right = Math.max(right, box.x + box.width);
    bottom = Math.max(bottom, box.y + box.height);
  }
  return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
}

/** Above this many nodes dagre is too slow for a page render (see the module comment). */
export const DAGRE_MAX_NODES = 150;
const MARGIN = 8;
/** Ordering sweeps (down, up, down, …): more barely changes a plan-ordered DAG. */
const ORDER_SWEEPS = 3;

export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = {},
): Map<string, Position> {
  return nodes.length > (options.dagreMaxNodes ?? DAGRE_MAX_NODES)
    ? layeredLayout(nodes, edges, options)
    : dagreLayout(nodes, edges, options);
}

function dagreLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions,
): Map<string, Position> {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({
    rankdir: 'LR',
    nodesep: options.nodeSep ?? 24,
    ranksep: options.rankSep ?? 72,
    marginx: MARGIN,
    marginy: MARGIN,
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

/**
 * The fast layered layout: each node's rank is its longest path from a source (edges to unknown
 * nodes and self-loops are ignored; nodes on a cycle are ranked after their ranked predecessors);
 * within a rank nodes start in input order (plan order, which is topological) and are re-sorted by
 * the mean position of their neighbours in alternating sweeps; ranks are columns as wide as their
 * widest node, each stacked top to bottom and centred on the tallest column.
 */
export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: Pick<LayoutOptions, 'nodeSep' | 'rankSep'> = {},
): Map<string, Position> {
  const nodeSep = options.nodeSep ?? 24;
  const rankSep = options.rankSep ?? 72;
  const count = nodes.length;
  const indexOf = new Map<string, number>();
  nodes.forEach((node, index) => indexOf.set(node.id, index));
  const preds: number[][] = nodes.map(() => []);
  const succs: number[][] = nodes.map(() => []);
  const seen = new Set<string>();
  for (const edge of edges) {
    const from = indexOf.get(edge.source);
    const to = indexOf.get(edge.target);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    succs[from]!.push(to);
    preds[to]!.push(from);
  }

  // Ranks by longest path (Kahn's algorithm, sources taken in input order).
  const rank = new Array<number>(count).fill(-1);
  const waiting = preds.map((list) => list.length);
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (waiting[i] === 0) queue.push(i);
  const settle = (i: number) => {
    let r = 0;
    for (const p of preds[i]!) if (rank[p]! >= 0) r = Math.max(r, rank[p]! + 1);
    rank[i] = r;
  };
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head]!;
    settle(i);
    for (const s of succs[i]!) if (--waiting[s]! === 0) queue.push(s);
  }
  // What is left sits on a cycle: place it after whatever of its predecessors has a rank.
  for (let i = 0; i < count; i++) if (rank[i]! < 0) settle(i);

  const layers: number[][] = [];
  for (let i = 0; i < count; i++) (layers[rank[i]!] ??= []).push(i);
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  const place = new Float64Array(count);
  const renumber = (layer: number[]) =>
    layer.forEach((node, at) => (place[node] = (at + 0.5) / layer.length));
  for (const layer of layers) renumber(layer);
  for (let sweep = 0; sweep < ORDER_SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const neighbours = down ? preds : succs;
    const order = down ? layers : [...layers].reverse();
    for (const layer of order) {
      const keyOf = new Map<number, number>();
      for (const node of layer) {
        const near = neighbours[node]!;
        if (near.length === 0) {
          keyOf.set(node, place[node]!);
          continue;
        }
        let sum = 0;
        for (const other of near) sum += place[other]!;
        keyOf.set(node, sum / near.length);
      }
      // Stable (Array#sort is): ties keep the current order, so the result is deterministic.
      layer.sort((a, b) => keyOf.get(a)! - keyOf.get(b)!);
      renumber(layer);
    }
  }

  const heightOf = (layer: number[]) =>
    layer.reduce((sum, node) => sum + nodes[node]!.height, 0) +
    nodeSep * Math.max(0, layer.length - 1);
  const tallest = Math.max(0, ...layers.map(heightOf));
  const positions = new Map<string, Position>();
  let x = MARGIN;
  for (const layer of layers) {
    const columnWidth = Math.max(0, ...layer.map((node) => nodes[node]!.width));
    let y = MARGIN + (tallest - heightOf(layer)) / 2;
    for (const node of layer) {
      const { id, width, height } = nodes[node]!;
      positions.set(id, { x: Math.round(x + (columnWidth - width) / 2), y: Math.round(y) });
      y += height + nodeSep;
    }
    x += columnWidth + rankSep;
  }
  return positions;
}
