import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { lineage } from './lineage.ts';

describe('lineage', () => {
  it('maps output columns to input columns through aggregates and joins', () => {
    const c = compile(
      `CREATE STREAM enriched AS SELECT o.id, o.amount * 2 AS double_amount, c.name FROM orders o JOIN customers c ON o.cid = c.id INTO 'kafka://k/enriched';
       SELECT name, SUM(double_amount) AS total FROM enriched GROUP BY name`,
      { boundSources: ['orders', 'customers'] },
    );
    expect(c.ok).toBe(true);
    expect(lineage(c.program!)).toEqual([
      {
        statement: 0,
        kind: 'stream',
        name: 'enriched',
        inputs: ['orders', 'customers'],
        output: 'kafka://k/enriched',
        columns: [
          { name: 'id', from: [{ dataset: 'orders', column: 'id' }] },
          { name: 'double_amount', from: [{ dataset: 'orders', column: 'amount' }] },
          { name: 'name', from: [{ dataset: 'customers', column: 'name' }] },
        ],
      },
      {
        statement: 1,
        kind: 'select',
        name: null,
        inputs: ['enriched'],
        output: 'result',
        columns: [
          { name: 'name', from: [{ dataset: 'enriched', column: 'name' }] },
          { name: 'total', from: [{ dataset: 'enriched', column: 'double_amount' }] },
        ],
      },
    ]);
  });
});
