'use client';

import '@xyflow/react/dist/style.css';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  getViewportForBounds,
  type Edge,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import {
  LEGEND_STATUSES,
  MAX_DETAILED_TASKS,
  STATUS_CUES,
  SYNTHESIS_NODE_ID,
  buildRequestGraph,
  boundsOf,
  buildSummaryGraph,
  countByStatus,
  formatSpan,
  layoutGraph,
  type GraphEdge,
  type GraphNodeData,
  type LevelNodeData,
  type NodeStatus,
  type RequestSnapshot,
} from '@/lib/engine/graph';
import { NODE_SIZES, NODE_TYPES, STATUS_HEX, statusBox } from './graph-nodes';
import { createStableItems } from './stable-items';

/**
 * The request's plan and execution as a React Flow graph: built and laid out by the pure functions
 * of lib/engine/graph (the layout only re-runs when the graph's shape changes, not on a status
 * change), rendered read-only (nothing to drag or connect). Nodes are reachable with Tab; Enter or
 * a click opens the node's drawer, Escape closes it. Past 150 nodes only the visible ones are
 * rendered; past MAX_DETAILED_TASKS tasks the graph is summarised by depth level.
 *
 * The flow is drawn in the browser only, once its box is measured, and opens already fitted to
 * that box (ADR 0060). Rendered on the server it opened at zoom 1 and then fitted itself: with
 * `onlyRenderVisibleElements` the browser first unmounted the ~480 nodes outside a zoom-1 view and
 * then mounted them all again, one frame of 1–2 s right after the page looked ready (measured on a
 * 500-node request), and the server spent its time on 0.9 MB of node markup nobody could use yet.
 */

/** Above this many nodes, React Flow renders only what is in the viewport. */
const VIRTUALIZE_ABOVE = 150;
const MIN_ZOOM = 0.05;
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1 } as const;

type FlowData = GraphNodeData | LevelNodeData;
type FlowNode = Node<FlowData & Record<string, unknown>>;

/** Seconds-resolution clock for running durations; null on the server (hydration-safe). */
function subscribeClock(onTick: () => void) {
  const timer = setInterval(onTick, 1_000);
  return () => clearInterval(timer);
}
const noSubscription = () => () => {};
const clockNow = () => Math.floor(Date.now() / 1_000) * 1_000;
const noClock = () => null;

function ariaLabelOf(data: FlowData): string {
  switch (data.kind) {
    case 'task':
      return `Task ${data.ref}: ${STATUS_CUES[data.status].label}, ${data.agent ?? 'no agent yet'}, ${data.attempts === 0 ? 'no attempt' : `attempt ${data.attempts}`}, ${formatSpan(data.durationMs)}`;
    case 'branch':
      return `Branch of ${data.ref}: ${data.agent}, ${STATUS_CUES[data.status].label}${data.vote !== null ? `, voted ${data.vote}` : ''}`;
    case 'group':
      return `${data.branches} branches of ${data.ref}, collapsed: press Enter to expand`;
    case 'synthesis':
      return `Synthesis: ${STATUS_CUES[data.status].label}`;
    case 'level':
      return `Level ${data.depth + 1}: ${data.tasks} tasks`;
  }
}

function statusOf(data: FlowData): NodeStatus | null {
  return data.kind === 'group' || data.kind === 'level' ? null : data.status;
}

export interface GraphSelection {
  /** A task id, or SYNTHESIS_NODE_ID. */
  taskId: string;
}

export function ExecutionGraph({
  snapshot,
  selected,
  onSelect,
}: {
  snapshot: RequestSnapshot;
  selected: string | null;
  onSelect: (taskId: string | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const element = box.current;
    if (element) setSize({ width: element.clientWidth, height: element.clientHeight });
  }, []);
  const isSummary = snapshot.tasks.length > MAX_DETAILED_TASKS;

  return (
    <div className="space-y-3">
      <div
        ref={box}
        className="h-[520px] rounded-md border border-line bg-slate-50"
        data-testid="execution-graph"
      >
        {size ? (
          <FlowCanvas
            snapshot={snapshot}
            selected={selected}
            onSelect={onSelect}
            isSummary={isSummary}
            size={size}
          />
        ) : (
          <p className="px-4 py-3 text-sm text-ink-muted">
            Drawing the graph of {snapshot.tasks.length.toLocaleString('en-US')} tasks…
          </p>
        )}
      </div>
      {isSummary ? (
        <p className="text-sm text-ink-muted">
          {snapshot.tasks.length.toLocaleString('en-US')} tasks: the graph is summarised by level.
          Every task is listed, page by page, in the Tasks table below.
        </p>
      ) : null}
      <Legend counts={countByStatus(snapshot.tasks)} />
    </div>
  );
}

function FlowCanvas({
  snapshot,
  selected,
  onSelect,
  isSummary,
  size,
}: {
  snapshot: RequestSnapshot;
  selected: string | null;
  onSelect: (taskId: string | null) => void;
  isSummary: boolean;
  size: { width: number; height: number };
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  // Only a graph with running tasks needs a ticking clock (their durations grow).
  const ticking = snapshot.tasks.some((task) => task.status === 'running');
  const now =
    useSyncExternalStore(
      ticking ? subscribeClock : noSubscription,
      ticking ? clockNow : noClock,
      noClock,
    ) ?? undefined;
  const graph = useMemo(() => {
    if (isSummary) return buildSummaryGraph(snapshot);
    return buildRequestGraph(snapshot, { expanded, now });
  }, [snapshot, expanded, now, isSummary]);

  // The layout depends only on which nodes and edges exist.
  const shape = useMemo(
    () =>
      `${graph.nodes.map((n) => `${n.id}/${n.data.kind}`).join(',')}|${graph.edges.map((e) => e.id).join(',')}`,
    [graph],
  );
  const positions = useMemo(
    () =>
      layoutGraph(
        graph.nodes.map((node) => ({ id: node.id, ...NODE_SIZES[node.data.kind] })),
        graph.edges,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-layout on shape changes only
    [shape],
  );

  // A node or edge whose content did not change keeps its object, so React Flow re-renders only
  // the nodes an event (or the running clock) changed.
  const [nodeItems] = useState(() => createStableItems<FlowNode>());
  const [edgeItems] = useState(() => createStableItems<Edge>());
  const nodes = useMemo<FlowNode[]>(
    () =>
      nodeItems.reconcile(
        graph.nodes.map((node) => {
          const size = NODE_SIZES[node.data.kind];
          const taskId =
            node.data.kind === 'synthesis'
              ? SYNTHESIS_NODE_ID
              : 'taskId' in node.data
                ? node.data.taskId
                : null;
          const position = positions.get(node.id) ?? { x: 0, y: 0 };
          const isSelected =
            selected !== null &&
            taskId === selected &&
            (node.data.kind === 'task' || node.data.kind === 'synthesis');
          return {
            id: node.id,
            key: `${position.x},${position.y},${isSelected ? 1 : 0},${JSON.stringify(node.data)}`,
            make: (): FlowNode => ({
              id: node.id,
              type: node.data.kind,
              position,
              data: node.data as FlowData & Record<string, unknown>,
              width: size.width,
              height: size.height,
              draggable: false,
              connectable: false,
              selected: isSelected,
              ariaLabel: ariaLabelOf(node.data),
              domAttributes: {
                'data-status': statusOf(node.data) ?? undefined,
              } as FlowNode['domAttributes'],
            }),
          };
        }),
      ),
    [graph, positions, selected, nodeItems],
  );

  const statusById = useMemo(
    () => new Map(graph.nodes.map((n) => [n.id, statusOf(n.data)])),
    [graph],
  );
  const edges = useMemo<Edge[]>(
    () =>
      edgeItems.reconcile(
        graph.edges.map((edge) => {
          const target = statusById.get(edge.target) ?? null;
          return {
            id: edge.id,
            key: `${edge.source}|${edge.target}|${edge.kind}|${target}`,
            make: () => toFlowEdge(edge, target),
          };
        }),
      ),
    [graph, statusById, edgeItems],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      for (const change of changes) {
        if (change.type !== 'select') continue;
        const node = graph.nodes.find((n) => n.id === change.id);
        if (!node) continue;
        if (!change.selected) {
          if (node.data.kind === 'task' || node.data.kind === 'synthesis') onSelect(null);
          continue;
        }
        if (node.data.kind === 'group') {
          const taskId = node.data.taskId;
          setExpanded((current) => new Set(current).add(taskId));
        } else if (node.data.kind === 'task' || node.data.kind === 'branch') {
          onSelect(node.data.taskId);
        } else if (node.data.kind === 'synthesis') {
          onSelect(SYNTHESIS_NODE_ID);
        }
      }
    },
    [graph, onSelect],
  );

  // Opened fitted to its box, so the first set of visible nodes is the final one.
  const [defaultViewport] = useState(() => {
    const bounds = boundsOf(
      nodes.map((node) => ({ ...node.position, width: node.width ?? 0, height: node.height ?? 0 })),
    );
    return bounds
      ? getViewportForBounds(
          bounds,
          size.width,
          size.height,
          MIN_ZOOM,
          FIT_OPTIONS.maxZoom,
          FIT_OPTIONS.padding,
        )
      : { x: 0, y: 0, zoom: 1 };
  });

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      autoPanOnNodeFocus
      onlyRenderVisibleElements={nodes.length > VIRTUALIZE_ABOVE}
      minZoom={MIN_ZOOM}
      maxZoom={2}
      defaultViewport={defaultViewport}
      fitView
      fitViewOptions={FIT_OPTIONS}
      aria-label="Execution graph"
      ariaLabelConfig={ARIA_LABELS}
      deleteKeyCode={null}
      selectionKeyCode={null}
      multiSelectionKeyCode={null}
    >
      <Background gap={24} />
      <Controls showInteractive={false} position="top-left" />
      <MiniMap
        pannable
        zoomable
        ariaLabel="Minimap of the execution graph"
        nodeColor={minimapColor}
        nodeStrokeWidth={2}
      />
    </ReactFlow>
  );
}

const ARIA_LABELS = {
  'node.a11yDescription.default':
    'Press Enter or Space to open this node’s details, Escape to close them.',
};

function minimapColor(node: Node): string {
  const status = statusOf(node.data as unknown as FlowData);
  return status ? STATUS_HEX[status] : '#6366f1';
}

function toFlowEdge(edge: GraphEdge, targetStatus: NodeStatus | null): Edge {
  const dashed = edge.kind !== 'dependency';
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: edge.kind === 'branch' ? 'smoothstep' : 'default',
    animated: targetStatus === 'running',
    focusable: false,
    selectable: false,
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#64748b' },
    style: {
      stroke: '#64748b',
      strokeWidth: 1.5,
      ...(dashed ? { strokeDasharray: edge.kind === 'branch' ? '4 3' : '1 4' } : {}),
    },
  };
}

/** Every status with its colour, symbol and border, and how many tasks are in it. */
export function Legend({ counts }: { counts: Record<NodeStatus, number> }) {
  return (
    <div>
      <h3 className="sr-only">Legend</h3>
      <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-2 text-xs text-ink">
        {LEGEND_STATUSES.map((status) => (
          <li key={status} className="inline-flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`inline-block h-3.5 w-5 rounded-sm ${statusBox(status)}`}
            />
            <span aria-hidden="true">{STATUS_CUES[status].symbol}</span>
            <span>
              {STATUS_CUES[status].label}{' '}
              <span className="text-ink-muted tabular-nums">({counts[status]})</span>
            </span>
          </li>
        ))}
        <li className="inline-flex items-center gap-1.5 text-ink-muted">
          <span aria-hidden="true">↻</span> retried · <span aria-hidden="true">⇄</span> fell back to
          another agent · <span aria-hidden="true">⏳</span> waiting for an agent
        </li>
      </ul>
    </div>
  );
}
