import { describe, expect, it } from 'vitest';
import {
  decimalAvgType,
  decimalBinaryType,
  decimalLiteralType,
  decimalRoundType,
  decimalSumType,
  decimalTypeText,
  decimalUnionType,
  INTEGER_AS_DECIMAL,
} from './decimal-type.ts';

const d = (precision: number, scale: number) => ({ precision, scale });

describe('DECIMAL(p,s) rules', () => {
  it('types literals as written', () => {
    expect(decimalLiteralType('100.00')).toEqual(d(5, 2));
    expect(decimalLiteralType('.5')).toEqual(d(1, 1));
    expect(decimalLiteralType('0.005')).toEqual(d(3, 3));
    expect(decimalLiteralType('123456789012345.67')).toEqual(d(17, 2));
  });

  it('follows the engine scales for + - * / % and SQL Server precision', () => {
    expect(decimalBinaryType('+', d(10, 2), d(5, 3))).toEqual(d(12, 3));
    expect(decimalBinaryType('-', d(10, 2), INTEGER_AS_DECIMAL)).toEqual(d(22, 2));
    // * : scales add, precisions add plus one
    expect(decimalBinaryType('*', d(10, 2), d(5, 3))).toEqual(d(16, 5));
    expect(decimalBinaryType('*', d(10, 2), INTEGER_AS_DECIMAL)).toEqual(d(30, 2));
    // / : scale max(s1, s2, 6); integer digits p1 - s1 + s2
    expect(decimalBinaryType('/', d(10, 2), d(5, 3))).toEqual(d(17, 6));
    expect(decimalBinaryType('/', d(10, 8), d(4, 2))).toEqual(d(12, 8));
    expect(decimalBinaryType('%', d(10, 2), d(5, 3))).toEqual(d(5, 3));
    // capped at 38 digits, the scale kept
    expect(decimalBinaryType('*', d(30, 4), d(20, 2))).toEqual(d(38, 6));
    // an unknown precision stays unknown; the scale is still the engine's
    expect(decimalBinaryType('*', { scale: 2 }, d(5, 3))).toEqual({ scale: 5 });
    expect(decimalBinaryType('+', d(10, 2), { scale: 1 })).toEqual({ scale: 2 });
    // a quotient's digits need only the divisor's scale
    expect(decimalBinaryType('/', d(10, 2), { scale: 1 })).toEqual(d(15, 6));
    expect(decimalBinaryType('/', { scale: 1 }, d(10, 2))).toEqual({ scale: 6 });
  });

  it('types SUM, AVG, ROUND, FLOOR and unions', () => {
    expect(decimalSumType(d(10, 2))).toEqual(d(38, 2));
    expect(decimalAvgType(d(10, 2))).toEqual(d(38, 6));
    expect(decimalAvgType(d(20, 8))).toEqual(d(38, 8));
    expect(decimalRoundType(d(10, 4), 2, true)).toEqual(d(9, 2));
    expect(decimalRoundType(d(10, 4), -1, true)).toEqual(d(7, 0));
    expect(decimalRoundType(d(10, 4), 2, false)).toEqual(d(8, 2));
    expect(decimalUnionType(d(10, 2), d(5, 4))).toEqual(d(12, 4));
  });

  it('prints DECIMAL(p,s), or the scale alone while the precision is unknown', () => {
    expect(decimalTypeText(d(10, 2))).toBe('DECIMAL(10,2)');
    expect(decimalTypeText({ scale: 2 })).toBe('DECIMAL(scale 2)');
  });
});
