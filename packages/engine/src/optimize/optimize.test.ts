import { describe, expect, it } from 'vitest';
import { compile } from '../api/compile.ts';
import { explain } from '../api/explain.ts';
import { Decimal } from '../types/decimal.ts';

const program = (sql: string, sources: string[]) => {
  const c = compile(sql, { boundSources: sources });
  if (!c.ok) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  return c.program!;
};

describe('optimizer rules', () => {
  it('folds constant subexpressions but leaves failures for run time', () => {
    const p = program('SELECT price * (1 + 0.08) AS gross, 1 / 0 AS bad FROM t', ['t']);
    const out = p.plan.statements[0].output;
    expect(out[0].kind === 'expr' && out[0].expr.k === 'bin' && out[0].expr.r).toMatchObject({
      k: 'lit',
      value: Decimal.parse('1.08'),
    });
    expect(out[1].kind === 'expr' && out[1].expr.k).toBe('bin');
  });

  it('evaluates stream-only WHERE conjuncts before a stream–table join', () => {
    const p = program(
      'SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id WHERE o.amount > 10 AND c.vip = TRUE',
      ['orders', 'customers'],
    );
    expect(explain(p).split('\n').slice(0, 8)).toEqual([
      'statement 1: SELECT -> result',
      '  read o <- source orders event-time=record timestamp watermark-delay=0ms',
      '  read c <- source customers event-time=record timestamp watermark-delay=0ms',
      '  await-tables source:customers',
      '  filter WHERE (before join)',
      '  lookup-join INNER table=source:customers keys=1',
      '  filter WHERE',
      '  project id, name',
    ]);
  });
});
