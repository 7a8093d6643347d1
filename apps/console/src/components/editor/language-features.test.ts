import { datagenSchema, describe as describeSql } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { declaredColumns } from '../../workers/declared-types';
import { callAt } from './call-context';
import { columnTypeText, decimalAt, decimalMarkdown, hoverMarkdown } from './language-features';

describe('callAt', () => {
  it('finds the call and the argument under the cursor', () => {
    expect(callAt('SELECT ROUND(')).toEqual({ name: 'ROUND', argument: 0 });
    expect(callAt('SELECT ROUND(amount * 2, ')).toEqual({ name: 'ROUND', argument: 1 });
    expect(callAt("SELECT SPLIT_PART(s, ',(', ")).toEqual({ name: 'SPLIT_PART', argument: 2 });
    expect(callAt('SELECT COALESCE(a, ABS(b), ')).toEqual({ name: 'COALESCE', argument: 2 });
    expect(callAt('SELECT ABS(x) FROM t')).toBeNull();
    expect(callAt('SELECT 1 + (a, ')).toBeNull();
    expect(callAt('SELECT ROUND(a); SELECT ')).toBeNull();
  });
});

describe('hoverMarkdown', () => {
  const columns = [{ name: 'amount', type: 'DECIMAL', source: 'datagen://orders' }];

  it('shows a function signature from the engine, aliases resolved', () => {
    expect(hoverMarkdown('substr', true, columns)).toEqual([
      '```\nSUBSTRING(s, start, length?) → STRING\n```\n\n*scalar function* — Characters from 1-based start, up to length.',
    ]);
  });

  it('shows a column with its type and source, and system columns', () => {
    expect(hoverMarkdown('AMOUNT', false, columns)).toEqual([
      '**amount** `DECIMAL` · column of `datagen://orders`',
    ]);
    expect(hoverMarkdown('_window_start', false, columns)).toEqual([
      '**_window_start** · system column — Start of the aggregate window, epoch ms.',
    ]);
    expect(hoverMarkdown('product_name', false, columns)).toBeNull();
  });

  it('shows an output column with the precision and scale the engine gives it', () => {
    const outputs = [
      ...columns,
      { name: 'price', type: 'DECIMAL(12,2)', source: 'statement 1', output: true },
    ];
    expect(hoverMarkdown('price', false, outputs)).toEqual([
      '**price** `DECIMAL(12,2)` · output column of statement 1',
    ]);
    // A function name followed by a parenthesis is still the function.
    expect(hoverMarkdown('round', true, outputs)?.[0]).toContain('ROUND(x, n?) → type of x');
  });
});

describe('columnTypeText', () => {
  it('shows a DECIMAL column with its scale, and its precision when known', () => {
    expect(columnTypeText({ type: 'DECIMAL', scale: 2 })).toBe('DECIMAL(scale 2)');
    expect(columnTypeText({ type: 'DECIMAL', scale: 2, precision: 12 })).toBe('DECIMAL(12,2)');
    expect(columnTypeText({ type: 'DECIMAL' })).toBe('DECIMAL');
    expect(columnTypeText({ type: 'DECIMAL', scale: 0, precision: 19 })).toBe('DECIMAL(19,0)');
    expect(columnTypeText({ type: 'STRING' })).toBe('STRING');
  });
});

describe('hover on DECIMAL columns and expressions (engine describe → hover text)', () => {
  const schemas = { 'datagen://orders': datagenSchema({ generator: 'orders' }) };
  const sql = [
    'SELECT customer_id, SUM(amount * quantity) AS total, AVG(amount) AS mean, amount',
    "FROM 'datagen://orders' GROUP BY customer_id, amount",
  ].join('\n');
  const described = describeSql(sql, { schemas });
  const sources = schemas['datagen://orders'].columns.map((c) => ({
    name: c.name,
    type: columnTypeText(c),
    source: 'datagen://orders',
  }));
  const outputs = declaredColumns(described.statements).map((d) => ({
    name: d.name,
    type: d.type,
    source: `statement ${d.statement + 1}`,
    output: true,
  }));
  const hover = [...sources, ...outputs];

  it("shows a source column's DECIMAL(p,s) and an output column's derived type", () => {
    expect(described.diagnostics).toEqual([]);
    expect(hoverMarkdown('amount', false, hover)).toEqual([
      '**amount** `DECIMAL(10,2)` · column of `datagen://orders`',
    ]);
    expect(hoverMarkdown('total', false, hover)).toEqual([
      '**total** `DECIMAL(38,2)` · output column of statement 1',
    ]);
    expect(hoverMarkdown('mean', false, hover)).toEqual([
      '**mean** `DECIMAL(38,6)` · output column of statement 1',
    ]);
  });

  it('shows the innermost DECIMAL expression at a position (an operator, a call)', () => {
    const star = sql.indexOf('*') + 1;
    expect(decimalAt(described.decimals, 1, star)).toMatchObject({
      // `amount * quantity`: from column 25 to just after `quantity`
      column: 25,
      endColumn: 42,
      type: 'DECIMAL(30,2)',
    });
    const sum = decimalAt(described.decimals, 1, sql.indexOf('SUM') + 1);
    expect(sum && decimalMarkdown(sum)).toBe('expression `DECIMAL(38,2)`');
    expect(decimalAt(described.decimals, 1, 1)).toBeNull();
    expect(decimalAt(described.decimals, 2, 3)).toBeNull();
  });

  it('keeps the scale alone while the precision is unknown', () => {
    const kafka = "SELECT price * 2 AS doubled FROM 'kafka://@local/prices'";
    const d = describeSql(kafka, {
      schemas: {
        'kafka://@local/prices': { columns: [{ name: 'price', type: 'DECIMAL', scale: 3 }] },
      },
    });
    const at = decimalAt(d.decimals, 1, kafka.indexOf('*') + 1);
    expect(at && decimalMarkdown(at)).toBe('expression `DECIMAL(scale 3)`');
    expect(columnTypeText({ type: 'DECIMAL', scale: 3 })).toBe('DECIMAL(scale 3)');
  });
});
