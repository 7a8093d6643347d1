import { describe, expect, it } from 'vitest';
import { callAt } from './call-context';
import { hoverMarkdown } from './language-features';

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
});
