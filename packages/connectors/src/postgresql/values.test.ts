import { Decimal, Timestamp } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { jsonText, toParam } from './sink-values.ts';
import { fromPgText, OID, parsePgTimestamp } from './values.ts';

describe('PostgreSQL text → engine values', () => {
  it('keeps numeric and int8 exact', () => {
    const d = fromPgText(OID.numeric, '123456789012345678.91');
    expect(d).toBeInstanceOf(Decimal);
    expect(String(d)).toBe('123456789012345678.91');
    expect(fromPgText(OID.int8, '9223372036854775807')).toBe(9223372036854775807n);
    expect(() => fromPgText(OID.numeric, 'NaN')).toThrow("numeric value 'NaN' is not a number");
  });

  it('reads timestamps as UTC milliseconds', () => {
    expect(parsePgTimestamp('2024-01-02 03:04:05.678901+00')).toBe(
      Date.UTC(2024, 0, 2, 3, 4, 5, 678),
    );
    expect(parsePgTimestamp('2024-01-02 03:04:05+05:30')).toBe(Date.UTC(2024, 0, 1, 21, 34, 5));
    expect(parsePgTimestamp('2024-01-02 03:04:05')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parsePgTimestamp('infinity')).toBeUndefined();
    expect(fromPgText(OID.timestamptz, '1970-01-01 00:00:01+00')).toEqual(new Timestamp(1000));
  });

  it('reads json with exact decimals', () => {
    const v = fromPgText(OID.jsonb, '{"a": 120.50, "b": [1, true]}') as Record<string, unknown>;
    expect(String(v.a)).toBe('120.50');
    expect(v.b).toEqual([1n, true]);
    expect(fromPgText(OID.bool, 't')).toBe(true);
  });
});

describe('engine values → parameters', () => {
  const col = (typname: string, type: string, typmod = -1) => ({
    name: 'c',
    type,
    baseType: type.replace(/\(.*\)$/, ''),
    typname,
    typmod,
  });
  // numeric(12,2): typmod = (12 << 16 | 2) + 4
  const numeric12_2 = col('numeric', 'numeric(12,2)', ((12 << 16) | 2) + 4);

  it('binds decimals as text and rejects values that would be rounded', () => {
    // 12 digits in all: 123456789012.34 (14 digits) does not fit numeric(12,2), as in PostgreSQL.
    expect(toParam(Decimal.parse('9999999999.99'), numeric12_2)).toBe('9999999999.99');
    expect(toParam(Decimal.parse('-0.01'), numeric12_2)).toBe('-0.01');
    expect(toParam(Decimal.parse('1.5'), numeric12_2)).toBe('1.5');
    expect(() => toParam(Decimal.parse('1.234'), numeric12_2)).toThrow(
      'column "c" (numeric(12,2)) cannot hold 1.234 (DECIMAL): would be rounded or overflow',
    );
    expect(() => toParam(Decimal.parse('123456789012.34'), numeric12_2)).toThrow(/overflow/);
  });

  it('checks integers, text and booleans', () => {
    expect(toParam(9223372036854775807n, col('int8', 'bigint'))).toBe('9223372036854775807');
    expect(() => toParam(70000n, col('int2', 'smallint'))).toThrow(
      'column "c" (smallint) cannot hold 70000 (INTEGER): out of range',
    );
    expect(() => toParam('x', col('int8', 'bigint'))).toThrow(
      'column "c" (bigint) cannot hold "x" (STRING)',
    );
    expect(toParam(true, col('bool', 'boolean'))).toBe(true);
    expect(toParam(null, col('text', 'text'))).toBeNull();
  });

  it('writes JSON numbers exactly', () => {
    expect(jsonText({ a: Decimal.parse('0.10'), b: [1n, 'x'], t: new Timestamp(0) })).toBe(
      '{"a":0.10,"b":[1,"x"],"t":"1970-01-01T00:00:00.000Z"}',
    );
  });
});
