import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../exec/pipeline.ts';
import { formatJsonRow } from '../formats/json.ts';
import type { EngineRecord } from '../types/value.ts';
import { createPipeline, restorePipeline } from './pipeline.ts';
import { compileOrThrow, records } from './test-support.ts';

const WITH = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";

const a = records(`
{"k":"x","v":1.5,"ts":0}
{"k":"y","v":2.0,"ts":300}
{"k":"x","v":null,"ts":900}
{"k":"x","v":4.25,"ts":1100}
{"k":null,"v":1.0,"ts":1200}
{"k":"y","v":3.0,"ts":2500}
{"k":"x","v":0.5,"ts":2600}
{"k":"y","v":7.0,"ts":6000}
`);
const b = records(`
{"k":"x","w":10,"ts":100}
{"k":"y","w":20,"ts":1000}
{"k":"z","w":30,"ts":2400}
{"k":"x","w":40,"ts":5900}
`);

const QUERIES: [string, string][] = [
  [
    'tumbling',
    `SELECT k, COUNT(*) AS n, SUM(v) AS s FROM a GROUP BY k WINDOW TUMBLING(1s) ${WITH}`,
  ],
  [
    'sliding changes',
    `SELECT k, AVG(v) AS m FROM a GROUP BY k WINDOW SLIDING(2s, 1s) EMIT CHANGES ${WITH}`,
  ],
  [
    'session',
    `SELECT k, MAX(v) AS hi, SESSION_END() AS e FROM a GROUP BY k WINDOW SESSION(500ms) ${WITH}`,
  ],
  [
    'running final',
    'SELECT k, MEDIAN(v) AS med, COUNT(DISTINCT v) AS d FROM a GROUP BY k EMIT FINAL',
  ],
  [
    'over',
    'SELECT k, v, LAG(v) OVER (PARTITION BY k ORDER BY ts) AS prev, SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s2, LEAD(v) OVER (PARTITION BY k ORDER BY ts) AS nxt FROM a',
  ],
  ['lookup join', 'SELECT a.k, a.v, b.w FROM a LEFT JOIN b ON a.k = b.k'],
  [
    'interval join',
    `SELECT a.k AS ak, b.k AS bk, a.v, b.w FROM a FULL JOIN b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '1' SECOND AND a.ts + INTERVAL '1' SECOND ${WITH}`,
  ],
  ['distinct limit', 'SELECT DISTINCT k FROM a LIMIT 2'],
  ['subquery', 'SELECT k, v FROM a WHERE k IN (SELECT k FROM b WHERE w > 15)'],
];

type Step = { source: string; record?: EngineRecord; end?: boolean };

function steps(sources: Record<string, EngineRecord[]>, order: string[]): Step[] {
  const out: Step[] = [];
  // Interleave the sources record by record, then end them.
  const max = Math.max(...order.map((s) => sources[s].length));
  for (let i = 0; i < max; i++) {
    for (const s of order)
      if (i < sources[s].length) out.push({ source: s, record: sources[s][i] });
  }
  for (const s of order) out.push({ source: s, end: true });
  return out;
}

function apply(p: Pipeline, step: Step): void {
  if (step.end) p.endOfInput(step.source);
  else p.push(step.source, [{ ...step.record!, fields: { ...step.record!.fields } }]);
}

function drain(p: Pipeline): string[] {
  const lines = p
    .takeOutput()
    .flatMap((o) => o.records.map((r) => `${o.sink} ${formatJsonRow(r.fields)}`));
  for (const d of p.takeDeadLetters()) lines.push(`dlq ${d.reason}`);
  return lines;
}

describe('snapshot/restore equivalence', () => {
  for (const [name, sql] of QUERIES) {
    it(`${name}: restoring at any point gives the output of one run`, () => {
      const inputs = { a, b };
      const program = compileOrThrow(sql, inputs);
      const order = program.sources.map((s) => s.id);
      const plan = steps(inputs, order);
      const whole = createPipeline(program);
      const expected: string[] = [];
      for (const s of plan) {
        apply(whole, s);
        expected.push(...drain(whole));
      }
      expect(expected.length).toBeGreaterThan(0);
      for (let cut = 0; cut <= plan.length; cut++) {
        const first = createPipeline(program);
        const got: string[] = [];
        for (const s of plan.slice(0, cut)) {
          apply(first, s);
          got.push(...drain(first));
        }
        const second = restorePipeline(program, JSON.parse(JSON.stringify(first.snapshot())));
        for (const s of plan.slice(cut)) {
          apply(second, s);
          got.push(...drain(second));
        }
        expect(got, `cut at ${cut}`).toEqual(expected);
      }
    });
  }
});
