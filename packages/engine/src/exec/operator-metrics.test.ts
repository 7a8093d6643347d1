import { expect, it } from 'vitest';
import { createPipeline } from '../api/pipeline.ts';
import { compileOrThrow, records } from '../api/test-support.ts';

it('counts records in and out and busy time per operator when asked', () => {
  const input = records(
    '{"k": "a", "v": 1}\n{"k": "b", "v": 5}\n{"k": "a", "v": 7}\n{"k": "a", "v": 9}',
  );
  const program = compileOrThrow('SELECT k, COUNT(*) AS n FROM t WHERE v > 1 GROUP BY k', {
    t: input,
  });
  expect(createPipeline(program).operatorMetrics()).toBeNull();
  const p = createPipeline(program, { operatorMetrics: true, nowMs: () => 0 });
  p.push('t', input);
  p.endOfInput('t');
  expect(p.takeOutput()[0].records.length).toBe(3);
  const metrics = p.operatorMetrics() ?? [];
  expect(metrics.map((m) => [m.statement, m.index, m.kind, m.recordsIn, m.recordsOut])).toEqual([
    [0, 0, 'filter', 4, 3],
    [0, 1, 'group-aggregate', 3, 3],
    [0, 2, 'project', 3, 3],
  ]);
  for (const m of metrics) expect(m.busyMs).toBeGreaterThan(0);
});
