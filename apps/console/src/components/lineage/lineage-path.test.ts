import { describe, expect, it } from 'vitest';
import {
  columnKey,
  type LineageEdgeData,
  type LineageNodeData,
  upstreamPath,
} from './lineage-path';

const dataset = (id: string, columns: [string, [string, string][]][]): LineageNodeData => ({
  id,
  kind: 'dataset',
  uri: `kafka://${id}`,
  name: id,
  jobId: null,
  state: null,
  columns: columns.map(([name, up]) => ({
    name,
    upstream: up.map(([nodeId, column]) => ({ nodeId, column })),
  })),
});
const job = (id: string): LineageNodeData => ({
  id,
  kind: 'job',
  uri: `velo-job:${id}`,
  name: id,
  jobId: id,
  state: 'RUNNING',
  columns: [],
});
const edge = (from: string, to: string): LineageEdgeData => ({
  id: `${from}>${to}`,
  from,
  to,
  jobId: null,
  jobVersion: 1,
});

// orders --j1--> enriched --j2--> totals; customers --j1--> enriched
const graph = {
  nodes: [
    dataset('orders', [
      ['id', []],
      ['amount', []],
    ]),
    dataset('customers', [['name', []]]),
    dataset('enriched', [
      ['id', [['orders', 'id']]],
      ['total', [['orders', 'amount']]],
      ['who', [['customers', 'name']]],
    ]),
    dataset('totals', [['sum_total', [['enriched', 'total']]]]),
    job('j1'),
    job('j2'),
  ],
  edges: [
    edge('orders', 'j1'),
    edge('customers', 'j1'),
    edge('j1', 'enriched'),
    edge('enriched', 'j2'),
    edge('j2', 'totals'),
  ],
};

describe('upstreamPath', () => {
  it('follows a column through two jobs to its source column, with the jobs and edges between', () => {
    const path = upstreamPath(graph, { nodeId: 'totals', column: 'sum_total' });
    expect([...path.columns].sort()).toEqual(
      [
        columnKey('enriched', 'total'),
        columnKey('orders', 'amount'),
        columnKey('totals', 'sum_total'),
      ].sort(),
    );
    expect([...path.nodes].sort()).toEqual(['enriched', 'j1', 'j2', 'orders', 'totals']);
    expect([...path.edges].sort()).toEqual(
      ['enriched>j2', 'j1>enriched', 'j2>totals', 'orders>j1'].sort(),
    );
  });

  it('does not highlight a sibling input the column does not come from', () => {
    const path = upstreamPath(graph, { nodeId: 'enriched', column: 'who' });
    expect([...path.nodes].sort()).toEqual(['customers', 'enriched', 'j1']);
    expect([...path.edges].sort()).toEqual(['customers>j1', 'j1>enriched']);
  });

  it('a source column is its own path', () => {
    const path = upstreamPath(graph, { nodeId: 'orders', column: 'id' });
    expect([...path.columns]).toEqual([columnKey('orders', 'id')]);
    expect([...path.edges]).toEqual([]);
  });
});
