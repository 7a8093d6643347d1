import { describe, expect, it } from 'vitest';
import { compile, validate } from '../api/compile.ts';
import { formatDiagnostic } from '../diagnostics.ts';

const BODY = `CREATE STREAM big AS SELECT customer_id, amount FROM 'datagen://orders' INTO 'stdout://'`;

function errors(sql: string): string[] {
  return validate(sql).map(formatDiagnostic);
}

describe('@metric annotations', () => {
  it('become specs on the compiled program', () => {
    const sql = `-- @metric: velo_big_orders_total
-- @metric_type: counter
-- @metric_help: Orders over 100
-- @metric_labels: customer_id
-- @metric_condition: amount > 100.00
-- @metric: velo_order_amount
-- @metric_type: histogram
-- @metric_field: amount
-- @metric_buckets: [10, 100, 1000]
${BODY}`;
    const compiled = compile(sql);
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.program?.metrics).toEqual([
      {
        statement: 0,
        name: 'velo_big_orders_total',
        type: 'counter',
        help: 'Orders over 100',
        labels: ['customer_id'],
        condition: 'amount > 100.00',
        field: null,
        buckets: null,
      },
      {
        statement: 0,
        name: 'velo_order_amount',
        type: 'histogram',
        help: null,
        labels: [],
        condition: null,
        field: 'amount',
        buckets: [10, 100, 1000],
      },
    ]);
  });

  it.each([
    [
      '-- @metric: 1bad\n',
      'error: "1bad" is not a valid metric name at line 1, column 1\n  hint: use letters, digits and _ (e.g. velo_big_orders_total)',
    ],
    [
      '-- @metric: m\n-- @metric_type: meter\n',
      'error: unknown metric type "meter" at line 2, column 1\n  hint: use counter, gauge or histogram',
    ],
    [
      '-- @metric_type: gauge\n',
      'error: "@metric_type" must follow an "@metric: name" line at line 1, column 1',
    ],
    [
      '-- @metric: m\n-- @metric_lables: a\n',
      'error: unknown annotation "@metric_lables" at line 2, column 1\n  hint: known: @metric, @metric_type, @metric_help, @metric_labels, @metric_condition, @metric_field, @metric_buckets',
    ],
    [
      '-- @metric: g\n-- @metric_type: gauge\n',
      'error: the gauge "g" needs "@metric_field: <column>" for its value at line 1, column 1',
    ],
    [
      '-- @metric: m\n-- @metric_labels: region\n',
      `error: label column "region" of metric "m" is not an output column at line 1, column 1\n  hint: the statement's output columns are: customer_id, amount`,
    ],
    [
      '-- @metric: m\n-- @metric_condition: amount >\n',
      'error: the metric condition is not a SQL expression: expected an expression but found end of input at line 2, column 1',
    ],
    [
      '-- @metric: h\n-- @metric_type: histogram\n-- @metric_field: amount\n-- @metric_buckets: 10, 5\n',
      'error: metric buckets must be increasing numbers, got "10, 5" at line 4, column 1\n  hint: e.g. @metric_buckets: 0.1, 1, 10',
    ],
  ])('reports %j', (annotations, expected) => {
    const found = errors(annotations + BODY);
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(expected)).toBe(true);
  });
});
