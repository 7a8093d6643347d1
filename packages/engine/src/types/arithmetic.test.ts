import { describe, expect, it } from 'vitest';
import { add, arithmetic, binaryResultType, div, mod, mul, neg, sub } from './arithmetic.ts';
import { Decimal } from './decimal.ts';
import { EvaluationError } from './errors.ts';
import { Timestamp } from './value.ts';

const D = (s: string) => Decimal.parse(s);
const text = (v: unknown) => (v instanceof Decimal ? `D:${v.toString()}` : v);

describe('arithmetic', () => {
  it('keeps INTEGER exact beyond 2^53', () => {
    expect(add(9007199254740993n, 2n)).toBe(9007199254740995n);
    expect(mul(3037000499n, 3037000499n)).toBe(9223372030926249001n);
    expect(div(7n, 2n)).toBe(3n);
    expect(div(-7n, 2n)).toBe(-3n);
    expect(mod(-7n, 3n)).toBe(-1n);
    expect(add(9223372036854775806n, 1n)).toBe(9223372036854775807n);
    expect(() => add(9223372036854775807n, 1n)).toThrow(/^integer out of range$/);
    expect(() => mul(4294967296n, 4294967296n)).toThrow('integer out of range');
    expect(() => sub(-9223372036854775808n, 1n)).toThrow('integer out of range');
    expect(() => div(-9223372036854775808n, -1n)).toThrow('integer out of range');
    expect(() => neg(-9223372036854775808n)).toThrow('integer out of range');
  });

  it('mixes INTEGER and DECIMAL as DECIMAL with the scale rules', () => {
    expect(text(add(D('1.50'), 2n))).toBe('D:3.50');
    expect(text(sub(2n, D('0.05')))).toBe('D:1.95');
    expect(text(mul(D('100.00'), 3n))).toBe('D:300.00');
    expect(text(mul(D('19.99'), D('0.908')))).toBe('D:18.15092');
    expect(text(div(D('10.00'), 3n))).toBe('D:3.333333');
    expect(text(div(1n, D('3')))).toBe('D:0.333333');
    expect(text(mod(D('10.5'), 3n))).toBe('D:1.5');
    expect(text(neg(D('0.50')))).toBe('D:-0.50');
  });

  it('gives FLOAT when a FLOAT is involved', () => {
    expect(add(D('0.5'), 0.25)).toBe(0.75);
    expect(mul(2n, 1.5)).toBe(3);
    expect(div(1, 4n)).toBe(0.25);
  });

  it('propagates NULL', () => {
    expect(add(null, 1n)).toBe(null);
    expect(div(D('1'), null)).toBe(null);
    expect(neg(null)).toBe(null);
  });

  it('throws division by zero for every numeric type', () => {
    for (const [a, b] of [
      [1n, 0n],
      [D('1.5'), 0n],
      [1n, D('0.00')],
      [1.5, 0],
    ] as const) {
      expect(() => div(a, b)).toThrow(EvaluationError);
      expect(() => div(a, b)).toThrow(/^division by zero$/);
      expect(() => mod(a, b)).toThrow(/^division by zero$/);
    }
  });

  it('does timestamp arithmetic in milliseconds', () => {
    expect((add(new Timestamp(1000), 500n) as Timestamp).ms).toBe(1500);
    expect((sub(new Timestamp(1000), 500n) as Timestamp).ms).toBe(500);
    expect(sub(new Timestamp(1000), new Timestamp(250))).toBe(750n);
  });

  it('rejects non-numeric operands', () => {
    expect(() => add('a', 1n)).toThrow('operator + cannot be applied to STRING and INTEGER');
    expect(() => arithmetic('*', true, D('1'))).toThrow(
      'operator * cannot be applied to BOOLEAN and DECIMAL',
    );
    expect(() => neg('x')).toThrow('operator - cannot be applied to STRING');
  });

  it('computes static result types', () => {
    expect(binaryResultType('+', 'INTEGER', 'INTEGER')).toBe('INTEGER');
    expect(binaryResultType('/', 'INTEGER', 'DECIMAL')).toBe('DECIMAL');
    expect(binaryResultType('*', 'DECIMAL', 'FLOAT')).toBe('FLOAT');
    expect(binaryResultType('+', 'NULL', 'DECIMAL')).toBe('DECIMAL');
    expect(binaryResultType('+', 'ANY', 'INTEGER')).toBe('ANY');
    expect(binaryResultType('+', 'TIMESTAMP', 'INTEGER')).toBe('TIMESTAMP');
    expect(binaryResultType('-', 'TIMESTAMP', 'TIMESTAMP')).toBe('INTEGER');
    expect(binaryResultType('+', 'STRING', 'INTEGER')).toEqual({
      error: 'operator + cannot be applied to STRING and INTEGER',
    });
  });
});
