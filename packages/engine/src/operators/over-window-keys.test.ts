/**
 * OVER (ORDER BY a, b): ties on the first key are broken by the next ones, each with its own
 * direction and NULLs; peers (RANK, RANGE frames) are rows equal on every key. OVER () without
 * ORDER BY over a whole partition gives every row the partition's value.
 */
import { describe, expect, it } from 'vitest';
import { createRuntimeContext } from '../exec/context.ts';
import type { Value } from '../types/value.ts';
import type { FrameSpec, OverFunctionSpec, OverOrderKey } from './over-window.ts';
import { OverWindowOperator } from './over-window.ts';
import { collector, rec, rows } from './test-helpers.ts';

type Fields = Record<string, Value>;
const col = (name: string) => (r: { fields: Fields }) => r.fields[name];
const key = (name: string, desc = false, nullsFirst = false): OverOrderKey => ({
  expr: col(name),
  desc,
  nullsFirst,
});
const fn = (name: string, args: OverFunctionSpec['args'] = []) => ({
  name,
  args,
  argType: 'INTEGER' as const,
  distinct: false,
});
const defaultFrame: FrameSpec = {
  unit: 'range',
  start: { type: 'unbounded_preceding' },
  end: { type: 'current' },
};

function run(
  orderBy: OverOrderKey[],
  functions: Omit<OverFunctionSpec, 'field'>[],
  input: Fields[],
  options: { frame?: FrameSpec; wholePartition?: boolean; partitionBy?: string } = {},
) {
  const op = new OverWindowOperator({
    partitionBy: options.partitionBy ? [col(options.partitionBy)] : [],
    orderBy,
    wholePartition: options.wholePartition ?? true,
    frame: options.frame ?? defaultFrame,
    functions: functions.map((f, i) => ({ ...f, field: `$w${i}` })),
    sourceId: 'in',
    ctx: createRuntimeContext(() => 0),
  });
  const out = collector();
  op.onStart(out);
  for (const fields of input) op.processBatch([rec(fields)], 0);
  op.onEnd(0);
  return rows(out.records);
}

// Arrival order is not the (a, b) order; (1, 2) twice are peers on both keys.
const input: Fields[] = [
  { id: 1n, a: 2n, b: 1n },
  { id: 2n, a: 1n, b: 2n },
  { id: 3n, a: 1n, b: null },
  { id: 4n, a: 2n, b: 3n },
  { id: 5n, a: 1n, b: 1n },
  { id: 6n, a: 1n, b: 2n },
];
const v = col('id');

describe('OVER (ORDER BY a, b)', () => {
  it('ranks by both keys: ROW_NUMBER, RANK and DENSE_RANK with peers on every key', () => {
    const r = run(
      [key('a'), key('b')],
      [fn('ROW_NUMBER'), fn('RANK'), fn('DENSE_RANK'), fn('SUM', [v]), fn('LAG', [v])],
      input,
    );
    expect(r.map((x) => [x.id, x.$w0, x.$w1, x.$w2, x.$w3, x.$w4])).toEqual([
      [5, 1, 1, 1, 5, null],
      [2, 2, 2, 2, 13, 5],
      [6, 3, 2, 2, 13, 2],
      [3, 4, 4, 3, 16, 6],
      [1, 5, 5, 4, 17, 3],
      [4, 6, 6, 5, 21, 1],
    ]);
  });

  it('each key keeps its own direction and NULLS FIRST/LAST', () => {
    const r = run(
      [key('a', true), key('b', false, true)],
      [fn('ROW_NUMBER'), fn('LEAD', [v])],
      input,
    );
    expect(r.map((x) => [x.id, x.$w0, x.$w1])).toEqual([
      [1, 1, 4],
      [4, 2, 3],
      [3, 3, 5],
      [5, 4, 2],
      [2, 5, 6],
      [6, 6, null],
    ]);
    const desc = run([key('a'), key('b', true)], [fn('ROW_NUMBER')], input);
    expect(desc.map((x) => x.id)).toEqual([2, 6, 5, 3, 4, 1]);
  });

  it('RANGE BETWEEN CURRENT ROW AND CURRENT ROW is the peer group on every key', () => {
    const frame: FrameSpec = {
      unit: 'range',
      start: { type: 'current' },
      end: { type: 'current' },
    };
    const r = run([key('a'), key('b')], [fn('COUNT'), fn('CUME_DIST')], input, { frame });
    expect(r.map((x) => [x.id, x.$w0, x.$w1])).toEqual([
      [5, 1, 1 / 6],
      [2, 2, 3 / 6],
      [6, 2, 3 / 6],
      [3, 1, 4 / 6],
      [1, 1, 5 / 6],
      [4, 1, 1],
    ]);
  });
});

describe('OVER () and OVER (PARTITION BY k) without ORDER BY', () => {
  it('give every row the aggregate of its whole partition', () => {
    const r = run([], [fn('SUM', [v]), fn('COUNT'), fn('LAST_VALUE', [v]), fn('RANK')], input, {
      partitionBy: 'a',
    });
    expect(r.map((x) => [x.id, x.$w0, x.$w1, x.$w2, x.$w3])).toEqual([
      [1, 5, 2, 4, 1],
      [4, 5, 2, 4, 1],
      [2, 16, 4, 6, 1],
      [3, 16, 4, 6, 1],
      [5, 16, 4, 6, 1],
      [6, 16, 4, 6, 1],
    ]);
    const all = run([], [fn('MAX', [v]), fn('ROW_NUMBER')], input);
    expect(all.map((x) => [x.id, x.$w0, x.$w1])).toEqual([
      [1, 6, 1],
      [2, 6, 2],
      [3, 6, 3],
      [4, 6, 4],
      [5, 6, 5],
      [6, 6, 6],
    ]);
  });

  it('a whole partition of 20,000 peers is aggregated once, not once per row', () => {
    const many: Fields[] = Array.from({ length: 20_000 }, (_, i) => ({ id: BigInt(i) }));
    const frame: FrameSpec = {
      unit: 'range',
      start: { type: 'current' },
      end: { type: 'current' },
    };
    const started = performance.now();
    const r = run([], [fn('SUM', [v])], many, { frame });
    expect(r[19_999].$w0).toBe(199_990_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
