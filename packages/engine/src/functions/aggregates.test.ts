import DecimalBase from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../types/decimal.ts';
import { type SqlType, Timestamp, type Value } from '../types/value.ts';
import {
  type Accumulator,
  aggregateFunctionNames,
  aggregateReturnType,
  createAccumulator,
  isAggregateFunction,
  mergeCondition,
} from './aggregates.ts';

const DecimalJs = DecimalBase.clone({ precision: 200 });
const D = (s: string) => Decimal.parse(s);
function show(v: Value): unknown {
  if (v instanceof Decimal) return `D:${v.toString()}`;
  if (v instanceof Timestamp) return v.toISOString();
  return v;
}
function run(name: string, argType: SqlType, values: Value[], distinct = false): unknown {
  const acc = createAccumulator(name, argType, distinct);
  for (const v of values) acc.add(v);
  return show(acc.result());
}
/** JSON round trip of the snapshot into a fresh accumulator. */
function reload(name: string, argType: SqlType, acc: Accumulator, distinct = false): Accumulator {
  const copy = createAccumulator(name, argType, distinct);
  copy.restore(JSON.parse(JSON.stringify(acc.snapshot())));
  return copy;
}

describe('aggregates', () => {
  it('COUNT, COUNT(*) and COUNT DISTINCT', () => {
    expect(run('COUNT', 'ANY', [true, true, true])).toBe(3n);
    expect(run('COUNT', 'INTEGER', [1n, null, 2n])).toBe(2n);
    expect(run('COUNT', 'INTEGER', [])).toBe(0n);
    expect(run('COUNT', 'DECIMAL', [D('1.0'), 1n, D('1.00'), D('2'), null], true)).toBe(2n);
    expect(run('count', 'STRING', ['a', 'b', 'a'], true)).toBe(2n);
  });

  it('SUM keeps the scale and stays exact', () => {
    expect(run('SUM', 'DECIMAL', [D('1.10'), D('2.205'), null, 3n])).toBe('D:6.305');
    expect(run('SUM', 'DECIMAL', [D('100.00'), D('23450.00')])).toBe('D:23550.00');
    expect(run('SUM', 'INTEGER', [9007199254740993n, 9007199254740993n])).toBe(18014398509481986n);
    expect(run('SUM', 'DECIMAL', [1n, 2n])).toBe('D:3');
    expect(run('SUM', 'FLOAT', [0.5, 0.25])).toBe(0.75);
    expect(run('SUM', 'INTEGER', [])).toBe(null);
    expect(run('SUM', 'INTEGER', [1n, 1n, 2n], true)).toBe(3n);
  });

  it('AVG divides with scale max(s, 6) half-even', () => {
    expect(run('AVG', 'DECIMAL', [D('1.00'), D('2.00'), D('2.00')])).toBe('D:1.666667');
    expect(run('AVG', 'INTEGER', [1n, 2n])).toBe('D:1.500000');
    expect(run('AVG', 'DECIMAL', [D('0.12345678'), D('0.12345679')])).toBe('D:0.12345678');
    expect(run('AVG', 'DECIMAL', [D('0.12345679'), D('0.12345680')])).toBe('D:0.12345680');
    expect(run('AVG', 'FLOAT', [1, 2])).toBe(1.5);
    expect(run('AVG', 'DECIMAL', [null])).toBe(null);
  });

  it('MIN/MAX keep type and scale; FIRST/LAST', () => {
    expect(run('MIN', 'DECIMAL', [D('2.50'), D('1.500'), D('3')])).toBe('D:1.500');
    expect(run('MAX', 'DECIMAL', [D('2.50'), D('1.500'), null])).toBe('D:2.50');
    expect(run('MAX', 'INTEGER', [3n, 9n, 2n])).toBe(9n);
    expect(run('MIN', 'STRING', ['b', 'a', 'c'])).toBe('a');
    expect(run('MAX', 'TIMESTAMP', [new Timestamp(5), new Timestamp(9)])).toBe(
      '1970-01-01T00:00:00.009Z',
    );
    expect(run('MAX', 'INTEGER', [])).toBe(null);
    expect(run('FIRST', 'STRING', [null, 'a', 'b'])).toBe('a');
    expect(run('LAST', 'STRING', ['a', 'b', null])).toBe('b');
  });

  it('MEDIAN is exact', () => {
    expect(run('MEDIAN', 'INTEGER', [3n, 1n, 2n])).toBe('D:2');
    expect(run('MEDIAN', 'INTEGER', [4n, 1n, 2n, 3n])).toBe('D:2.5');
    expect(run('MEDIAN', 'DECIMAL', [D('1.50'), D('2.50')])).toBe('D:2.00');
    expect(run('MEDIAN', 'DECIMAL', [D('1.01'), D('1.02')])).toBe('D:1.015');
    expect(run('MEDIAN', 'FLOAT', [1, 2])).toBe(1.5);
    expect(run('MEDIAN', 'STRING', ['a', 'c', 'b', 'd'])).toBe('b');
  });

  it('STDDEV and VARIANCE (sample by default) as FLOAT', () => {
    const xs = [2n, 4n, 4n, 4n, 5n, 5n, 7n, 9n];
    expect(run('VARIANCE', 'INTEGER', xs)).toBeCloseTo(4.571428571428571, 15);
    expect(run('VAR_POP', 'INTEGER', xs)).toBe(4);
    expect(run('STDDEV_POP', 'INTEGER', xs)).toBe(2);
    expect(run('STDDEV', 'DECIMAL', [D('1.5'), D('2.5')])).toBe(Math.SQRT1_2);
    expect(run('STDDEV', 'INTEGER', [1n])).toBe(null);
    expect(run('STDDEV', 'FLOAT', [1, 3])).toBe(Math.SQRT2);
  });

  it('retracts where cheap', () => {
    const sum = createAccumulator('SUM', 'DECIMAL', false);
    sum.add(D('1.25'));
    sum.add(D('2.5'));
    sum.retract?.(D('1.25'));
    expect(show(sum.result())).toBe('D:2.50');
    sum.retract?.(D('2.5'));
    expect(sum.result()).toBe(null);
    const cd = createAccumulator('COUNT', 'STRING', true);
    for (const v of ['a', 'a', 'b']) cd.add(v);
    cd.retract?.('a');
    expect(cd.result()).toBe(2n);
    cd.retract?.('a');
    expect(cd.result()).toBe(1n);
    const maxd = createAccumulator('MAX', 'INTEGER', true);
    for (const v of [1n, 5n, 5n]) maxd.add(v);
    maxd.retract?.(5n);
    expect(maxd.result()).toBe(5n);
    maxd.retract?.(5n);
    expect(maxd.result()).toBe(1n);
    const med = createAccumulator('MEDIAN', 'INTEGER', false);
    for (const v of [1n, 2n, 10n]) med.add(v);
    med.retract?.(10n);
    expect(show(med.result())).toBe('D:1.5');
    expect(createAccumulator('MAX', 'INTEGER', false).retract).toBeUndefined();
  });

  it('snapshots are JSON and restore the same state', () => {
    const cases: [string, SqlType, Value[], boolean][] = [
      ['COUNT', 'ANY', [true, true], false],
      ['SUM', 'DECIMAL', [D('1.5'), D('123456789012345678.99')], false],
      ['SUM', 'INTEGER', [9223372036854775807n, 1n], false],
      ['AVG', 'DECIMAL', [D('1'), D('2.5')], false],
      ['MIN', 'DECIMAL', [D('2.50'), D('1.500')], false],
      ['MAX', 'TIMESTAMP', [new Timestamp(7)], false],
      ['FIRST', 'JSON', [{ a: [1n, D('2.0')] }], false],
      ['MEDIAN', 'DECIMAL', [D('1.01'), D('1.02')], false],
      ['STDDEV', 'FLOAT', [1, Number.POSITIVE_INFINITY], false],
      ['COUNT', 'STRING', ['a', 'b', 'a'], true],
      ['SUM', 'INTEGER', [1n, 1n, 2n], true],
    ];
    for (const [name, type, values, distinct] of cases) {
      const acc = createAccumulator(name, type, distinct);
      for (const v of values) acc.add(v);
      const copy = reload(name, type, acc, distinct);
      expect(show(copy.result()), name).toEqual(show(acc.result()));
      // the restored copy keeps accumulating like the original
      acc.add(values[0]);
      copy.add(values[0]);
      expect(show(copy.result()), name).toEqual(show(acc.result()));
    }
  });

  it('matches decimal.js for SUM and AVG of random exact values', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 200; round++) {
      const sum = createAccumulator('SUM', 'DECIMAL', false);
      const avg = createAccumulator('AVG', 'DECIMAL', false);
      let ref = new DecimalJs(0);
      let maxScale = 0;
      const n = 1 + Math.floor(rand() * 30);
      for (let i = 0; i < n; i++) {
        const scale = Math.floor(rand() * 5);
        maxScale = Math.max(maxScale, scale);
        const digits = `${Math.floor(rand() * 1e9)}${Math.floor(rand() * 1e9)}`;
        const text = `${rand() < 0.3 ? '-' : ''}${digits.slice(0, digits.length - scale) || '0'}${scale ? `.${digits.slice(-scale)}` : ''}`;
        sum.add(D(text));
        avg.add(D(text));
        ref = ref.plus(text);
      }
      expect((sum.result() as Decimal).toString()).toBe(ref.toFixed(maxScale));
      const avgScale = Math.max(maxScale, 6);
      expect((avg.result() as Decimal).toString()).toBe(
        ref.div(n).toDecimalPlaces(avgScale, DecimalJs.ROUND_HALF_EVEN).toFixed(avgScale),
      );
    }
  });

  it('types and names', () => {
    expect(aggregateReturnType('COUNT', 'STRING')).toBe('INTEGER');
    expect(aggregateReturnType('SUM', 'DECIMAL')).toBe('DECIMAL');
    expect(aggregateReturnType('AVG', 'INTEGER')).toBe('DECIMAL');
    expect(aggregateReturnType('AVG', 'FLOAT')).toBe('FLOAT');
    expect(aggregateReturnType('MAX', 'TIMESTAMP')).toBe('TIMESTAMP');
    expect(aggregateReturnType('SUM', 'STRING')).toEqual({
      error: 'SUM expects a numeric argument, got STRING',
    });
    expect(aggregateReturnType('STDDEV', 'INTEGER')).toBe('FLOAT');
    expect(isAggregateFunction('median')).toBe(true);
    expect(isAggregateFunction('upper')).toBe(false);
    expect(aggregateFunctionNames()).toEqual(
      expect.arrayContaining([
        'COUNT',
        'SUM',
        'AVG',
        'MIN',
        'MAX',
        'STDDEV',
        'VARIANCE',
        'MEDIAN',
        'FIRST',
        'LAST',
      ]),
    );
  });
});

describe('merge', () => {
  /** Splits the values at every position: merge(a, b) must equal adding all to one. */
  function checkMerge(name: string, values: Value[], distinct = false): void {
    const whole = run(name, 'ANY', values, distinct);
    for (let cut = 0; cut <= values.length; cut++) {
      const a = createAccumulator(name, 'ANY', distinct);
      const b = createAccumulator(name, 'ANY', distinct);
      for (const v of values.slice(0, cut)) a.add(v);
      for (const v of values.slice(cut)) b.add(v);
      a.merge(b);
      expect(show(a.result()), `${name} cut at ${cut}`).toEqual(whole);
      // and the merged state survives a snapshot
      expect(show(reload(name, 'ANY', a, distinct).result())).toEqual(whole);
    }
  }
  const exact = [D('1.5'), 2n, D('0.25'), null, D('1.0'), 7n, D('-3.125')];

  it('COUNT, SUM and AVG merge to the exact strings of one accumulator', () => {
    checkMerge('COUNT', exact);
    checkMerge('SUM', exact);
    checkMerge('AVG', exact);
    checkMerge('SUM', [1n, 2n, 3n]);
    checkMerge('SUM', [1n, 0.5, D('0.25')]);
    expect(run('SUM', 'ANY', exact)).toBe('D:8.625');
    expect(run('AVG', 'ANY', exact)).toBe('D:1.437500');
  });

  it('MIN, MAX, FIRST and LAST keep the earlier of equal values', () => {
    const ties = [D('1.0'), 1n, D('1.00'), 3n, D('3.0'), null];
    for (const f of ['MIN', 'MAX', 'FIRST', 'LAST', 'ANY_VALUE']) checkMerge(f, ties);
    expect(run('MIN', 'ANY', ties)).toBe('D:1.0');
    expect(run('MAX', 'ANY', ties)).toBe(3n);
    expect(run('LAST', 'ANY', ties)).toBe('D:3.0');
    checkMerge('MAX', ['b', 'a', 'c']);
  });

  it('MEDIAN, ARRAY_AGG, STDDEV, VARIANCE and BOOL_AND/OR', () => {
    checkMerge('MEDIAN', [3n, 1n, D('2.5'), 8n]);
    checkMerge('ARRAY_AGG', [3n, null, 'x', 1n]);
    for (const f of ['STDDEV', 'STDDEV_POP', 'VARIANCE', 'VAR_POP']) checkMerge(f, exact);
    checkMerge('BOOL_AND', [true, false, true]);
    checkMerge('BOOL_OR', [false, null, true]);
    checkMerge('BOOL_AND', [true, true]);
  });

  it('DISTINCT forms merge the distinct values in first-seen order', () => {
    const vals = [2n, D('1.5'), 2n, 3n, D('1.5'), 5n];
    for (const f of ['COUNT', 'SUM', 'AVG', 'ARRAY_AGG', 'MIN', 'FIRST', 'LAST'])
      checkMerge(f, vals, true);
    expect(run('COUNT', 'ANY', vals, true)).toBe(4n);
    expect(run('ARRAY_AGG', 'ANY', vals, true)).toEqual([2n, D('1.5'), 3n, 5n]);
  });
});

describe('mergeCondition', () => {
  it('names when partial accumulators merge exactly in any order', () => {
    expect(mergeCondition('count', false)).toBe('always');
    expect(mergeCondition('COUNT', true)).toBe('always');
    expect(mergeCondition('EVERY', false)).toBe('always');
    expect(mergeCondition('SUM', false)).toBe('exact');
    expect(mergeCondition('VAR', false)).toBe('exact');
    expect(mergeCondition('STDDEV_POP', false)).toBe('exact');
    expect(mergeCondition('SUM', true)).toBe('plain');
    expect(mergeCondition('MAX', false)).toBe('plain');
    expect(mergeCondition('FIRST', false)).toBeNull();
    expect(mergeCondition('ANY_VALUE', false)).toBeNull();
    expect(mergeCondition('MEDIAN', false)).toBeNull();
    expect(mergeCondition('ARRAY_AGG', false)).toBeNull();
  });
});
