'use client';

import { useQuery } from '@tanstack/react-query';
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import '@xyflow/react/dist/style.css';
import { useTRPC } from '~/lib/trpc';
import { layoutLeftToRight } from '../lineage/elk-layout';
import { type PlanGraph, type PlanNode, planGraph } from './plan-graph';
import './job-graph.css';

const WIDTH = 240;
const HEIGHT = 70;
const WINDOW_MS = 2 * 60_000;

type OpStats = { busy: number | null; recordsIn: number | null };
type GraphNode = Node<{ plan: PlanNode; stats: OpStats | null }>;

const hidden = { opacity: 0, pointerEvents: 'none' } as const;

/** Busy share of a second (0..1) as a colour class, like Flink's back-pressure view. */
function busyClass(busy: number | null): string {
  if (busy === null) return '';
  if (busy >= 0.8) return ' plan-busy-high';
  if (busy >= 0.4) return ' plan-busy-mid';
  return ' plan-busy-low';
}

function PlanBox({ data }: NodeProps<GraphNode>) {
  const { plan, stats } = data;
  return (
    <div
      className={`plan-node plan-${plan.kind}${busyClass(stats?.busy ?? null)}`}
      data-testid="plan-node"
      data-kind={plan.kind}
      data-label={plan.label}
    >
      <Handle type="target" position={Position.Left} style={hidden} />
      <div className="plan-node-label">{plan.label}</div>
      <div className="plan-node-detail" title={plan.detail}>
        {plan.detail || '—'}
      </div>
      {stats ? (
        <div className="plan-node-stats">
          {stats.recordsIn === null ? '—' : `${stats.recordsIn.toFixed(1)} rec/s`} · busy{' '}
          {stats.busy === null ? '—' : `${Math.round(stats.busy * 100)}%`}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} style={hidden} />
    </div>
  );
}

const NODE_TYPES = { plan: PlanBox };

function average(values: (string | null)[]): number | null {
  const present = values.filter((v): v is string => v !== null).map(Number);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

/** Per-operator records/s and busy share over the last two minutes, keyed `<stmt>.<index>`. */
function useOperatorStats(teamId: string | undefined, jobId: string | undefined) {
  const trpc = useTRPC();
  const to = Math.floor(Date.now() / 5000) * 5000;
  const series = useQuery(
    trpc.metrics.series.queryOptions(
      {
        teamId: teamId ?? '',
        jobId: jobId ?? '',
        names: ['operator_busy_ms', 'operator_records_in'],
        from: to - WINDOW_MS,
        to,
      },
      // A statement previewed in the editor is no job: its plan is drawn without metrics.
      { refetchInterval: 5000, enabled: !!teamId && !!jobId },
    ),
  );
  return useMemo(() => {
    const stats = new Map<string, OpStats>();
    for (const s of series.data?.series ?? []) {
      const key = (s.labels.operator ?? '').split(' ')[0];
      if (!key) continue;
      const entry = stats.get(key) ?? { busy: null, recordsIn: null };
      const avg = average(s.values);
      if (s.name === 'operator_busy_ms') entry.busy = avg === null ? null : avg / 1000;
      else entry.recordsIn = avg;
      stats.set(key, entry);
    }
    return stats;
  }, [series.data]);
}

/** Compiles the job's SQL in the browser (engine loaded on demand) and reads its plan. */
function usePlan(sql: string) {
  const [state, setState] = useState<{ graph: PlanGraph | null; error: string | null } | null>(
    null,
  );
  useEffect(() => {
    let cancelled = false;
    setState(null);
    import('@velo/engine')
      .then(({ compile, explain }) => {
        const compiled = compile(sql, {});
        if (!compiled.program) {
          const first = compiled.diagnostics[0];
          throw new Error(
            first ? `${first.message} at line ${first.line}, column ${first.column}` : 'no plan',
          );
        }
        return planGraph(explain(compiled.program));
      })
      .then((graph) => !cancelled && setState({ graph, error: null }))
      .catch((error: Error) => !cancelled && setState({ graph: null, error: error.message }));
    return () => {
      cancelled = true;
    };
  }, [sql]);
  return state;
}

function Graph({ teamId, jobId, sql }: { teamId?: string; jobId?: string; sql: string }) {
  const plan = usePlan(sql);
  const stats = useOperatorStats(teamId, jobId);
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }> | null>(null);
  useEffect(() => {
    if (!plan?.graph) return;
    let cancelled = false;
    layoutLeftToRight(
      plan.graph.nodes.map((n) => ({ id: n.id, width: WIDTH, height: HEIGHT })),
      plan.graph.edges,
    ).then((r) => !cancelled && setPositions(r.positions));
    return () => {
      cancelled = true;
    };
  }, [plan]);

  if (!plan) return <p className="muted">Reading the plan…</p>;
  if (plan.error || !plan.graph) {
    return (
      <p className="form-error" role="alert">
        The plan cannot be drawn: {plan.error}
      </p>
    );
  }
  const hasStats = stats.size > 0;
  const nodes: GraphNode[] = plan.graph.nodes.map((n) => ({
    id: n.id,
    type: 'plan',
    position: positions?.get(n.id) ?? { x: 0, y: 0 },
    data: { plan: n, stats: n.operatorKey ? (stats.get(n.operatorKey) ?? null) : null },
  }));
  const edges: Edge[] = plan.graph.edges.map((e) => ({
    id: e.id,
    source: e.from,
    target: e.to,
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return (
    <>
      <p className="muted" data-testid="job-graph-legend">
        {!jobId
          ? 'The plan of the previewed SQL, as its job would run it.'
          : hasStats
            ? 'Operators are coloured by busy time over the last two minutes: green < 40%, amber < 80%, red ≥ 80% (back-pressure).'
            : 'No per-operator metrics in the last two minutes (the job is not running, or its worker does not report them yet): the plan is shown without busy time.'}
      </p>
      <div
        className="job-graph-canvas"
        data-testid="job-graph"
        data-laid-out={positions ? 'true' : 'false'}
      >
        {positions ? (
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            nodesConnectable={false}
            elementsSelectable={false}
            fitView
            proOptions={{ hideAttribution: true }}
          >
            <Background color="var(--border)" gap={20} />
            <Controls showInteractive={false} />
          </ReactFlow>
        ) : null}
      </div>
    </>
  );
}

/** The job's plan as a DAG (sources → operators → sinks), coloured by per-operator busy time. */
export function JobGraph(props: { teamId: string; jobId: string; sql: string }) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

/** The plan of SQL that is not (yet) a job, e.g. the editor's preview: no metrics. */
export function StatementPlan({ sql }: { sql: string }) {
  return (
    <ReactFlowProvider>
      <Graph sql={sql} />
    </ReactFlowProvider>
  );
}
