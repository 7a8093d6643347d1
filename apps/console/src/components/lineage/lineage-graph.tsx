'use client';

import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import '@xyflow/react/dist/style.css';
import { layoutLeftToRight } from './elk-layout';
import {
  DATASET_WIDTH,
  JOB_WIDTH,
  type LineageFlowNode,
  NODE_TYPES,
  nodeHeight,
} from './lineage-nodes';
import {
  columnKey,
  emptyPath,
  type LineageEdgeData,
  type LineageNodeData,
  upstreamPath,
} from './lineage-path';

export interface LineageGraphProps {
  nodes: LineageNodeData[];
  edges: LineageEdgeData[];
  /** Node to centre on once laid out. */
  centerOn?: string | null;
}

function Graph({ nodes, edges, centerOn }: LineageGraphProps) {
  const router = useRouter();
  const flow = useReactFlow();
  const [layout, setLayout] = useState<{
    key: string;
    positions: Map<string, { x: number; y: number }>;
    ms: number;
  } | null>(null);
  const [selected, setSelected] = useState<{ nodeId: string; column: string } | null>(null);
  const graphKey = useMemo(
    () =>
      `${nodes.map((n) => `${n.id}:${n.columns.length}`).join(',')}|${edges.map((e) => e.id).join(',')}`,
    [nodes, edges],
  );

  // graphKey names the graph's shape; the nodes/edges objects change on every refetch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: graphKey is the trigger
  useEffect(() => {
    let cancelled = false;
    layoutLeftToRight(
      nodes.map((n) => ({
        id: n.id,
        width: n.kind === 'job' ? JOB_WIDTH : DATASET_WIDTH,
        height: nodeHeight(n),
      })),
      edges,
    ).then((result) => {
      if (!cancelled) setLayout({ key: graphKey, ...result });
    });
    return () => {
      cancelled = true;
    };
  }, [graphKey]);

  const path = useMemo(
    () => (selected ? upstreamPath({ nodes, edges }, selected) : emptyPath()),
    [selected, nodes, edges],
  );
  const onColumn = useCallback((nodeId: string, column: string) => {
    setSelected((s) => (s?.nodeId === nodeId && s.column === column ? null : { nodeId, column }));
  }, []);

  const flowNodes: LineageFlowNode[] = useMemo(() => {
    if (!layout) return [];
    const showing = path.nodes.size > 0;
    return nodes.map((n) => {
      const highlighted = new Set(
        n.columns.filter((c) => path.columns.has(columnKey(n.id, c.name))).map((c) => c.name),
      );
      return {
        id: n.id,
        type: n.kind,
        position: layout.positions.get(n.id) ?? { x: 0, y: 0 },
        data: {
          node: n,
          highlighted,
          selected: selected?.nodeId === n.id ? selected.column : null,
          onPath: path.nodes.has(n.id),
          dimmed: showing && !path.nodes.has(n.id),
          onColumn,
        },
        connectable: false,
      };
    });
  }, [layout, nodes, path, selected, onColumn]);

  const flowEdges: Edge[] = useMemo(
    () =>
      edges.map((e) => {
        const on = path.edges.has(e.id);
        return {
          id: e.id,
          source: e.from,
          target: e.to,
          animated: on,
          className: on ? 'lineage-edge is-on-path' : 'lineage-edge',
          markerEnd: { type: MarkerType.ArrowClosed },
          data: { onPath: on },
        };
      }),
    [edges, path],
  );

  useEffect(() => {
    if (!layout) return;
    const target = centerOn ? layout.positions.get(centerOn) : null;
    if (target) flow.setCenter(target.x + 100, target.y + 40, { zoom: 1, duration: 0 });
    else flow.fitView({ padding: 0.15, maxZoom: 1.2 });
  }, [layout, centerOn, flow]);

  return (
    <div
      className="lineage-canvas"
      data-testid="lineage-graph"
      data-layout-ms={layout?.ms ?? ''}
      data-laid-out={layout?.key === graphKey ? 'true' : 'false'}
      data-node-count={nodes.length}
    >
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={NODE_TYPES}
        nodesConnectable={false}
        elementsSelectable={false}
        minZoom={0.1}
        onlyRenderVisibleElements={nodes.length > 80}
        onNodeClick={(_, node) => {
          const data = node.data as LineageFlowNode['data'];
          if (data.node.kind === 'job' && data.node.jobId) router.push(`/jobs/${data.node.jobId}`);
        }}
        onPaneClick={() => setSelected(null)}
        proOptions={{ hideAttribution: true }}
      >
        <Background color="var(--border)" gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable className="lineage-minimap" />
      </ReactFlow>
      {selected ? (
        <p className="lineage-path-summary" data-testid="lineage-path-summary" aria-live="polite">
          {selected.column}: {path.columns.size - 1} upstream column
          {path.columns.size - 1 === 1 ? '' : 's'} across{' '}
          {[...path.nodes].filter((id) => nodes.find((n) => n.id === id)?.kind === 'job').length}{' '}
          job(s).{' '}
          <button type="button" className="link-button" onClick={() => setSelected(null)}>
            Clear
          </button>
        </p>
      ) : null}
    </div>
  );
}

/** The lineage graph (its own React Flow provider, so the page can hold several). */
export function LineageGraph(props: LineageGraphProps) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}
