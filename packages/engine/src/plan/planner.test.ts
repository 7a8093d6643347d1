import { describe, expect, it } from 'vitest';
import { compile } from '../api/compile.ts';
import { formatDiagnostic } from '../diagnostics.ts';

const plan = (sql: string, sources = ['a', 'b']) => {
  const c = compile(sql, { boundSources: sources });
  if (!c.ok) throw new Error(c.diagnostics.map(formatDiagnostic).join('\n'));
  return c.program!.plan.statements[0];
};
const errors = (sql: string, sources = ['a', 'b']) =>
  compile(sql, { boundSources: sources }).diagnostics.map(formatDiagnostic);

describe('join planning', () => {
  it.each([
    ["b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts", -300_000, 0],
    ["b.ts >= a.ts - INTERVAL '5' SECOND AND b.ts <= a.ts + INTERVAL '1' SECOND", -5000, 1000],
    ["a.ts BETWEEN b.ts AND b.ts + INTERVAL '10' SECOND", -10_000, 0],
    ["a.ts <= b.ts AND a.ts >= b.ts - INTERVAL '2' SECOND", 0, 2000],
  ])('ON a.k = b.k AND %s → right − left in [%d, %d]', (bound, lower, upper) => {
    const s = plan(`SELECT a.k FROM a JOIN b ON a.k = b.k AND ${bound}`);
    expect(s.joins[0]).toMatchObject({ strategy: 'interval', lower, upper });
    expect(s.joins[0].leftKeys).toHaveLength(1);
  });

  it('a join without a time bound reads the right side as a table', () => {
    const s = plan('SELECT a.k FROM a LEFT JOIN b ON a.k = b.k AND b.x > 1');
    expect(s.joins[0]).toMatchObject({
      strategy: 'lookup',
      type: 'left',
      tableSide: 1,
      table: 'source:b',
    });
    expect(s.joins[0].residual).not.toBeNull();
    expect(s.tables).toEqual(['source:b']);
  });

  it('rejects joins the engine cannot run, with positions', () => {
    expect(
      errors("SELECT a.k FROM a JOIN b ON a.k = b.k AND b.ts >= a.ts - INTERVAL '1' SECOND")[0],
    ).toMatch(/a stream–stream join needs both a lower and an upper time bound/);
  });
});

describe('statement planning', () => {
  it('windows from WINDOW and from GROUP BY TUMBLE/HOP/SESSION', () => {
    expect(
      plan('SELECT COUNT(*) AS n FROM a WINDOW SLIDING(1m, 10s)', ['a']).aggregate?.window,
    ).toEqual({
      kind: 'sliding',
      size: 60_000,
      slide: 10_000,
      gap: 0,
    });
    const flink = plan(
      "SELECT k, COUNT(*) AS n FROM a GROUP BY k, HOP(ts, INTERVAL '5' SECOND, INTERVAL '1' MINUTE)",
      ['a'],
    );
    expect(flink.aggregate?.window).toEqual({ kind: 'sliding', size: 60_000, slide: 5000, gap: 0 });
    expect(flink.aggregate?.keys).toHaveLength(1);
    expect(flink.aggregate?.emit).toBe('final');
  });

  it('running aggregates emit changes unless EMIT FINAL', () => {
    expect(plan('SELECT k, COUNT(*) AS n FROM a GROUP BY k', ['a']).aggregate?.emit).toBe(
      'changes',
    );
  });

  it('reads event-time settings from WITH and from URI parameters', () => {
    const c = compile(
      "SELECT x FROM 'file:///tmp/in.jsonl?format=jsonl&event.time.field=t&watermark.delay=2s' WINDOW TUMBLING(1s) GROUP BY x",
    );
    expect(c.ok).toBe(true);
    expect(c.program!.plan.sources[0]).toMatchObject({
      eventTime: { field: 't', format: 'auto' },
      watermarkDelay: 2000,
      latePolicy: 'dlq',
    });
  });

  it('names unaliased output columns like the analyzer', () => {
    expect(
      plan('SELECT k, COUNT(*), count(x), UPPER(k), k, x + 1 FROM a GROUP BY k, x', ['a']).columns,
    ).toEqual(['k', 'count', 'count_2', 'upper', 'k_2', 'expr6']);
  });
});
