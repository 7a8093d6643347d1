import { describe, expect, it } from 'vitest';
import { canCast, castValue, parseTimestamp, typeOfValue, valueToText } from './cast.ts';
import { Decimal } from './decimal.ts';
import { EvaluationError } from './errors.ts';
import { type SqlType, Timestamp, type Value } from './value.ts';

const D = (s: string) => Decimal.parse(s);

describe('castValue', () => {
  it('casts to INTEGER', () => {
    expect(castValue('42', 'INTEGER')).toBe(42n);
    expect(castValue(' -7 ', 'INTEGER')).toBe(-7n);
    expect(castValue('9223372036854775807', 'INTEGER')).toBe(9223372036854775807n);
    expect(castValue(D('2.5'), 'INTEGER')).toBe(3n);
    expect(castValue(D('-2.5'), 'INTEGER')).toBe(-3n);
    expect(castValue(2.5, 'INTEGER')).toBe(3n);
    expect(castValue(true, 'INTEGER')).toBe(1n);
    expect(castValue(null, 'INTEGER')).toBe(null);
    expect(() => castValue('abc', 'INTEGER')).toThrow(EvaluationError);
    expect(() => castValue('abc', 'INTEGER')).toThrow("cannot cast 'abc' to INTEGER");
    expect(() => castValue('12.5', 'INTEGER')).toThrow("cannot cast '12.5' to INTEGER");
    expect(() => castValue('9223372036854775808', 'INTEGER')).toThrow(
      "integer out of range: '9223372036854775808'",
    );
  });

  it('casts to DECIMAL exactly, with optional scale', () => {
    expect((castValue('123456789012345.67', 'DECIMAL') as Decimal).toString()).toBe(
      '123456789012345.67',
    );
    expect((castValue('1.005', 'DECIMAL', 2) as Decimal).toString()).toBe('1.01');
    expect((castValue(12n, 'DECIMAL', 2) as Decimal).toString()).toBe('12.00');
    expect((castValue(0.1, 'DECIMAL') as Decimal).toString()).toBe('0.1');
    expect(() => castValue('1,5', 'DECIMAL')).toThrow("cannot cast '1,5' to DECIMAL");
    expect((castValue('999.994', 'DECIMAL', 2, 5) as Decimal).toString()).toBe('999.99');
    expect(() => castValue('999.995', 'DECIMAL', 2, 5)).toThrow(
      'value 1000.00 does not fit DECIMAL(5,2)',
    );
    expect((castValue('0.001', 'DECIMAL', 2, 2) as Decimal).toString()).toBe('0.00');
  });

  it('casts to FLOAT, STRING, BOOLEAN', () => {
    expect(castValue('1.5e3', 'FLOAT')).toBe(1500);
    expect(castValue(D('0.1'), 'FLOAT')).toBe(0.1);
    expect(() => castValue('x1', 'FLOAT')).toThrow("cannot cast 'x1' to FLOAT");
    expect(castValue(D('-0.50'), 'STRING')).toBe('-0.50');
    expect(castValue(12n, 'STRING')).toBe('12');
    expect(castValue(new Timestamp(0), 'STRING')).toBe('1970-01-01T00:00:00.000Z');
    expect(castValue({ a: [1n, D('2.0')] }, 'STRING')).toBe('{"a":[1,"2.0"]}');
    expect(castValue('TRUE', 'BOOLEAN')).toBe(true);
    expect(castValue('f', 'BOOLEAN')).toBe(false);
    expect(castValue(0n, 'BOOLEAN')).toBe(false);
    expect(() => castValue('maybe', 'BOOLEAN')).toThrow("cannot cast 'maybe' to BOOLEAN");
  });

  it('casts to TIMESTAMP and JSON', () => {
    expect((castValue('2023-11-14T22:13:20Z', 'TIMESTAMP') as Timestamp).ms).toBe(1700000000000);
    expect((castValue('2023-11-14 22:13:20', 'TIMESTAMP') as Timestamp).ms).toBe(1700000000000);
    expect((castValue('2023-11-14T23:13:20.5+01:00', 'TIMESTAMP') as Timestamp).ms).toBe(
      1700000000500,
    );
    expect((castValue(1700000000000n, 'TIMESTAMP') as Timestamp).ms).toBe(1700000000000);
    expect((castValue(1500n, 'TIMESTAMP') as Timestamp).ms).toBe(1500);
    expect((castValue('1500', 'TIMESTAMP') as Timestamp).ms).toBe(1500);
    expect((castValue(new Timestamp(7), 'TIMESTAMP') as Timestamp).ms).toBe(7);
    expect(() => castValue('2023-02-30', 'TIMESTAMP')).toThrow(
      "cannot cast '2023-02-30' to TIMESTAMP",
    );
    expect(castValue('{"a": 1.50}', 'JSON')).toEqual({ a: D('1.50') });
    expect(() => castValue('{', 'JSON')).toThrow("cannot cast '{' to JSON");
  });

  it('types values', () => {
    expect(typeOfValue(1n)).toBe('INTEGER');
    expect(typeOfValue(D('1'))).toBe('DECIMAL');
    expect(typeOfValue(1)).toBe('FLOAT');
    expect(typeOfValue([])).toBe('JSON');
    expect(typeOfValue(new Timestamp(0))).toBe('TIMESTAMP');
    expect(valueToText(Number.NaN)).toBe('NaN');
  });
});

describe('parseTimestamp', () => {
  it('reads epoch and ISO formats', () => {
    expect(parseTimestamp(1700000000000n, 'epoch_millis').ms).toBe(1700000000000);
    expect(parseTimestamp(1700000000n, 'epoch_seconds').ms).toBe(1700000000000);
    expect(parseTimestamp('1700000000', 'epoch_seconds').ms).toBe(1700000000000);
    expect(parseTimestamp(1700000000n, 'auto').ms).toBe(1700000000000);
    expect(parseTimestamp(D('1700000000.123'), 'epoch_seconds').ms).toBe(1700000000123);
    expect(parseTimestamp('2023-11-14T22:13:20.000Z', 'iso8601').ms).toBe(1700000000000);
    expect(parseTimestamp('1700000000000').ms).toBe(1700000000000);
  });

  it('reads patterns', () => {
    expect(parseTimestamp('14/11/2023 22:13', 'dd/MM/yyyy HH:mm').ms).toBe(1699999980000);
    expect(parseTimestamp('2023-11-14T22:13:20.250', "yyyy-MM-dd'T'HH:mm:ss.SSS").ms).toBe(
      1700000000250,
    );
    expect(() => parseTimestamp('2023-11', 'yyyy-MM-dd')).toThrow(
      "cannot parse '2023-11' as TIMESTAMP with format 'yyyy-MM-dd'",
    );
  });
});

// canCast is the analyzer's rule (issue 12): a cast it refuses must fail for every value of
// the type, and a cast it allows must succeed for some value, so validation and run time agree.
describe('canCast agrees with castValue', () => {
  const samples: Record<string, Value[]> = {
    BOOLEAN: [true, false],
    INTEGER: [0n, 1n, -42n],
    DECIMAL: [Decimal.parse('1.50'), Decimal.parse('0')],
    FLOAT: [0, 1.5, -2],
    STRING: ['1', 'true', '2024-01-01T00:00:00Z', '{"a":1}'],
    TIMESTAMP: [new Timestamp(0), new Timestamp(1_700_000_000_000)],
    JSON: [{ a: 1n }, [1n, 2n]],
  };
  const types = Object.keys(samples) as SqlType[];
  for (const from of types) {
    for (const to of types) {
      it(`${from} → ${to}`, () => {
        const ok = samples[from].filter((v) => {
          try {
            castValue(v, to);
            return true;
          } catch {
            return false;
          }
        });
        expect(ok.length > 0).toBe(canCast(from, to));
      });
    }
  }
});
