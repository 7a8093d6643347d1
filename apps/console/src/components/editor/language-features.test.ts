import { describe, expect, it } from 'vitest';
import { callAt } from './call-context';
import { columnTypeText, hoverMarkdown } from './language-features';

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

  it('shows an output column with the precision and scale its CAST declares', () => {
    const outputs = [
      ...columns,
      { name: 'price', type: 'DECIMAL(12,2)', source: 'statement 1', output: true },
    ];
    expect(hoverMarkdown('price', false, outputs)).toEqual([
      '**price** `DECIMAL(12,2)` · output column of statement 1 (declared by CAST)',
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
    expect(columnTypeText({ type: 'STRING' })).toBe('STRING');
  });
});
