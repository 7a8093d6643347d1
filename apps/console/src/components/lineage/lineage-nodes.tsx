'use client';

import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import Link from 'next/link';
import { memo } from 'react';
import { JobStateBadge } from '../jobs/job-state';
import type { LineageNodeData } from './lineage-path';

export const DATASET_WIDTH = 230;
export const JOB_WIDTH = 210;
export const JOB_HEIGHT = 64;
const HEADER = 46;
const ROW = 24;

export function nodeHeight(node: LineageNodeData): number {
  return node.kind === 'job' ? JOB_HEIGHT : HEADER + Math.max(1, node.columns.length) * ROW + 8;
}

export type LineageFlowData = {
  node: LineageNodeData;
  /** Highlighted column names of this node (the selected column's upstream path). */
  highlighted: Set<string>;
  selected: string | null;
  /** A path is shown and this node is on it / is not on it. */
  onPath: boolean;
  dimmed: boolean;
  onColumn: (nodeId: string, column: string) => void;
};
export type LineageFlowNode = Node<LineageFlowData>;

const hidden = { opacity: 0, pointerEvents: 'none' } as const;

export const DatasetNode = memo(function DatasetNode({ data }: NodeProps<LineageFlowNode>) {
  const { node, highlighted, selected, dimmed, onColumn } = data;
  return (
    <div
      className={`lineage-node lineage-dataset${dimmed ? ' is-dimmed' : ''}`}
      data-testid="lineage-dataset"
      data-name={node.name}
      data-on-path={data.onPath ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Left} style={hidden} />
      <div className="lineage-node-header">
        <span className="lineage-node-name" title={node.name}>
          {node.name}
        </span>
        <span className="lineage-node-uri" title={node.uri}>
          {node.uri}
        </span>
      </div>
      <ul className="lineage-columns" aria-label={`Columns of ${node.name}`}>
        {node.columns.length === 0 ? <li className="muted">No columns recorded</li> : null}
        {node.columns.map((c) => (
          <li key={c.name}>
            <button
              type="button"
              className={`lineage-column nodrag${highlighted.has(c.name) ? ' is-highlighted' : ''}${
                selected === c.name ? ' is-selected' : ''
              }`}
              data-testid="lineage-column"
              data-column={c.name}
              data-highlighted={highlighted.has(c.name) ? 'true' : 'false'}
              aria-pressed={selected === c.name}
              title={
                c.upstream.length > 0
                  ? `From ${c.upstream.length} upstream column${c.upstream.length > 1 ? 's' : ''}`
                  : 'A source column'
              }
              onClick={(e) => {
                e.stopPropagation();
                onColumn(node.id, c.name);
              }}
            >
              {c.name}
              {c.upstream.length > 0 ? <span aria-hidden="true"> ←</span> : null}
            </button>
          </li>
        ))}
      </ul>
      <Handle type="source" position={Position.Right} style={hidden} />
    </div>
  );
});

export const JobNode = memo(function JobNode({ data }: NodeProps<LineageFlowNode>) {
  const { node, dimmed } = data;
  const state = (node.state ?? 'UNKNOWN').toLowerCase();
  return (
    <div
      className={`lineage-node lineage-job lineage-job-${state}${dimmed ? ' is-dimmed' : ''}`}
      data-testid="lineage-job"
      data-name={node.name}
      data-state={node.state ?? ''}
      data-on-path={data.onPath ? 'true' : 'false'}
    >
      <Handle type="target" position={Position.Left} style={hidden} />
      {node.jobId ? (
        <Link href={`/jobs/${node.jobId}`} className="lineage-node-name nodrag" title={node.name}>
          {node.name}
        </Link>
      ) : (
        <span className="lineage-node-name">{node.name}</span>
      )}
      <div>{node.state ? <JobStateBadge state={node.state} /> : <span>Job</span>}</div>
      <Handle type="source" position={Position.Right} style={hidden} />
    </div>
  );
});

export const NODE_TYPES = { dataset: DatasetNode, job: JobNode };
