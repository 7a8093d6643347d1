import { describe, expect, it } from 'vitest';
import { compareStrings, compareValues, hashKey, valuesEqual } from './compare.ts';
import { Decimal } from './decimal.ts';
import { Timestamp } from './value.ts';

const D = (s: string) => Decimal.parse(s);

describe('compareValues', () => {
  it('compares numbers exactly across types', () => {
    expect(compareValues(1n, D('1.00'))).toBe(0);
    expect(compareValues(D('0.5'), 0.5)).toBe(0);
    expect(compareValues(D('0.1'), 0.1)).toBe(-1); // 0.1 as a double is slightly above 0.1
    expect(compareValues(9007199254740993n, 9007199254740992)).toBe(1);
    expect(compareValues(D('12345678901234567.891'), D('12345678901234567.89'))).toBe(1);
    expect(compareValues(2n, 1.5)).toBe(1);
    expect(compareValues(Number.NaN, 1e308)).toBe(1);
    expect(compareValues(D('-5'), Number.NEGATIVE_INFINITY)).toBe(1);
  });

  it('orders strings by code point', () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('ab', 'a')).toBe(1);
    // U+1F600 (surrogate pair) is above U+FF5E although its first UTF-16 unit is lower
    expect(compareStrings('😀', '～')).toBe(1);
    expect(compareValues('é', 'z')).toBe(1);
  });

  it('compares timestamps, also with ISO text', () => {
    expect(compareValues(new Timestamp(1), new Timestamp(2))).toBe(-1);
    expect(compareValues(new Timestamp(Date.UTC(2024, 0, 2)), '2024-01-01')).toBe(1);
    expect(compareValues('2024-01-02 00:00:00', new Timestamp(Date.UTC(2024, 0, 2)))).toBe(0);
  });

  it('orders unrelated types by type', () => {
    expect(compareValues(null, false)).toBe(-1);
    expect(compareValues(true, 0n)).toBe(-1);
    expect(compareValues('1', 1n)).toBe(1);
    expect(compareValues(false, true)).toBe(-1);
    expect(compareValues({ a: 1n }, { a: 1n })).toBe(0);
  });

  it('valuesEqual', () => {
    expect(valuesEqual(D('1.0'), 1n)).toBe(true);
    expect(valuesEqual('a', 'a')).toBe(true);
    expect(valuesEqual('a', 'b')).toBe(false);
    expect(valuesEqual(null, null)).toBe(true);
    expect(valuesEqual([1n, 'x'], [D('1.0'), 'x'])).toBe(true);
  });
});

describe('hashKey', () => {
  it('hashes equal numbers equally', () => {
    expect(hashKey([1n])).toBe(hashKey([D('1.00')]));
    expect(hashKey([D('1.0')])).toBe(hashKey([1]));
    expect(hashKey([D('2.50')])).toBe(hashKey([2.5]));
    expect(hashKey([D('0.1')])).not.toBe(hashKey([0.1]));
  });

  it('is unambiguous', () => {
    expect(hashKey(['a|b', 'c'])).not.toBe(hashKey(['a', 'b|c']));
    expect(hashKey(['1'])).not.toBe(hashKey([1n]));
    expect(hashKey([null])).not.toBe(hashKey(['N']));
    expect(hashKey([true, 1n])).toBe('T|n1');
    expect(hashKey([{ b: 1n, a: [D('1.50')] }])).toBe(hashKey([{ a: [1.5], b: D('1') }]));
  });
});
