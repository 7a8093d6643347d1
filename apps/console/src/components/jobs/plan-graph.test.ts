import { describe, expect, it } from 'vitest';
import { planGraph } from './plan-graph';

// `explain` output of a two-statement job (packages/engine/src/api/explain.ts).
const EXPLAIN = `statement 1: CREATE STREAM big -> big
  read source kafka://localhost:9092/orders?group_id=g event-time=record timestamp watermark-delay=0ms
  filter WHERE
  project customer_id, value
  emit -> big (customer_id, value)
statement 2: CREATE STREAM enriched -> kafka://localhost:9092/enriched?format=json
  read b <- statement 1 (big)
  window-aggregate TUMBLING(60000ms) keys=1 aggregates=1 emit=final
  project customer_id, total
  emit -> kafka://localhost:9092/enriched?format=json (customer_id, total)`;

describe('planGraph', () => {
  it('chains source, operators of both statements and the sink', () => {
    const graph = planGraph(EXPLAIN);
    expect(graph.nodes.map((n) => [n.id, n.label])).toEqual([
      ['source:kafka://localhost:9092/orders?group_id=g', 'Source'],
      ['op:0.0', 'filter'],
      ['op:0.1', 'project'],
      ['op:1.0', 'window-aggregate'],
      ['op:1.1', 'project'],
      ['sink:kafka://localhost:9092/enriched?format=json', 'Sink'],
    ]);
    expect(graph.edges.map((e) => `${e.from} > ${e.to}`)).toEqual([
      'source:kafka://localhost:9092/orders?group_id=g > op:0.0',
      'op:0.0 > op:0.1',
      'op:0.1 > op:1.0',
      'op:1.0 > op:1.1',
      'op:1.1 > sink:kafka://localhost:9092/enriched?format=json',
    ]);
    expect(graph.nodes[3].detail).toBe('TUMBLING(60000ms) keys=1 aggregates=1 emit=final');
  });
});
