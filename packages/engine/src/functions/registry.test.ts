import { describe, expect, it } from 'vitest';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { Timestamp, type Value } from '../types/value.ts';
import {
  concatOperator,
  type EvalContext,
  getScalarFunction,
  like,
  scalarFunctionNames,
  scalarReturnType,
} from './registry.ts';

const D = (s: string) => Decimal.parse(s);
const ctx: EvalContext = { record: { fields: {}, eventTime: 0 }, nowMs: 1700000000000 };
const TS = new Timestamp(Date.UTC(2024, 1, 29, 13, 45, 30, 250)); // Thursday, leap day

function call(name: string, ...args: Value[]): Value {
  const fn = getScalarFunction(name);
  if (!fn) throw new Error(`no ${name}`);
  return fn.evaluate(args, ctx);
}
/** Decimal results as 'D:text', timestamps as ISO, others as is. */
function show(v: Value): unknown {
  if (v instanceof Decimal) return `D:${v.toString()}`;
  if (v instanceof Timestamp) return v.toISOString();
  return v;
}
const c = (name: string, ...args: Value[]) => show(call(name, ...args));

describe('registry', () => {
  it('looks functions up case-insensitively and lists names', () => {
    expect(getScalarFunction('coalesce')?.name).toBe('COALESCE');
    expect(getScalarFunction('ceiling')?.name).toBe('CEIL');
    expect(getScalarFunction('nope')).toBeUndefined();
    const names = scalarFunctionNames();
    for (const n of [
      'COALESCE',
      'NULLIF',
      'ABS',
      'ROUND',
      'FLOOR',
      'CEIL',
      'POWER',
      'SQRT',
      'UPPER',
      'LOWER',
      'TRIM',
      'LENGTH',
      'SUBSTRING',
      'CONCAT',
      'REPLACE',
      'SPLIT_PART',
      'EXTRACT',
      'NOW',
      'DATE_TRUNC',
      'JSON_VALUE',
      'LTRIM',
      'RTRIM',
      'MOD',
      'SIGN',
      'TO_TIMESTAMP',
      'FROM_UNIXTIME',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('checks arity and argument types', () => {
    expect(scalarReturnType('ROUND', ['DECIMAL', 'INTEGER'])).toBe('DECIMAL');
    expect(scalarReturnType('ROUND', ['STRING'])).toEqual({
      error: 'argument 1 of ROUND must be numeric, got STRING',
    });
    expect(scalarReturnType('ABS', [])).toEqual({
      error: 'function ABS expects 1 argument, got 0',
    });
    expect(scalarReturnType('SUBSTRING', ['STRING'])).toEqual({
      error: 'function SUBSTRING expects 2 to 3 arguments, got 1',
    });
    expect(scalarReturnType('CONCAT', [])).toEqual({
      error: 'function CONCAT expects at least 1 argument, got 0',
    });
    expect(scalarReturnType('FOO', [])).toEqual({ error: 'function FOO does not exist' });
    expect(scalarReturnType('COALESCE', ['NULL', 'INTEGER', 'DECIMAL'])).toBe('DECIMAL');
    expect(scalarReturnType('COALESCE', ['STRING', 'INTEGER'])).toEqual({
      error: 'COALESCE types STRING and INTEGER cannot be matched',
    });
    expect(scalarReturnType('POWER', ['INTEGER', 'DECIMAL'])).toBe('FLOAT');
    expect(scalarReturnType('EXTRACT', ['STRING', 'TIMESTAMP'])).toBe('INTEGER');
    expect(scalarReturnType('LENGTH', ['INTEGER'])).toEqual({
      error: 'argument 1 of LENGTH must be STRING, got INTEGER',
    });
  });
});

describe('math functions', () => {
  it('ABS, ROUND, TRUNC, FLOOR, CEIL keep the type', () => {
    expect(c('ABS', D('-1.50'))).toBe('D:1.50');
    expect(c('ABS', -5n)).toBe(5n);
    expect(c('ABS', -2.5)).toBe(2.5);
    expect(c('ROUND', D('2.345'), 2n)).toBe('D:2.35');
    expect(c('ROUND', D('-2.5'))).toBe('D:-3');
    expect(c('ROUND', D('1.2'), 3n)).toBe('D:1.200');
    expect(c('ROUND', 1250n, -2n)).toBe(1300n);
    expect(c('ROUND', 2.5)).toBe(3);
    expect(c('ROUND', 1.005, 2n)).toBe(1.01);
    expect(c('TRUNC', D('-1.99'), 1n)).toBe('D:-1.9');
    expect(c('FLOOR', D('-1.5'))).toBe('D:-2');
    expect(c('CEIL', D('1.01'))).toBe('D:2');
    expect(c('FLOOR', 7n)).toBe(7n);
    expect(c('CEIL', 1.2)).toBe(2);
    expect(c('ROUND', null, 2n)).toBe(null);
  });

  it('POWER, SQRT, LOG produce FLOAT and check domains', () => {
    expect(c('POWER', 2n, 10n)).toBe(1024);
    expect(c('POWER', D('1.5'), 2n)).toBe(2.25);
    expect(c('SQRT', 16n)).toBe(4);
    expect(() => call('SQRT', -1n)).toThrow('cannot take square root of a negative number');
    expect(() => call('POWER', 0n, -1n)).toThrow('zero raised to a negative power is undefined');
    expect(c('LOG', 100n)).toBe(2);
    expect(c('LOG', 2n, 8n)).toBe(3);
    expect(c('LN', 1n)).toBe(0);
    expect(() => call('LN', 0n)).toThrow('cannot take logarithm of zero');
  });

  it('MOD and SIGN', () => {
    expect(c('MOD', 10n, 3n)).toBe(1n);
    expect(c('MOD', D('10.5'), 3n)).toBe('D:1.5');
    expect(() => call('MOD', 1n, 0n)).toThrow(EvaluationError);
    expect(c('SIGN', D('-0.01'))).toBe(-1n);
    expect(c('SIGN', 0n)).toBe(0n);
  });
});

describe('string functions', () => {
  it('case, trim, length over code points', () => {
    expect(c('UPPER', 'straße')).toBe('STRASSE');
    expect(c('LOWER', 'ÉCOLE')).toBe('école');
    expect(c('TRIM', '  a b  ')).toBe('a b');
    expect(c('LTRIM', '  a ')).toBe('a ');
    expect(c('RTRIM', '  a ')).toBe('  a');
    expect(c('TRIM', 'xxaxx', 'x')).toBe('a');
    expect(c('LENGTH', 'héllo😀')).toBe(6n);
    expect(c('LENGTH', '')).toBe(0n);
    expect(c('UPPER', null)).toBe(null);
  });

  it('SUBSTRING follows Postgres', () => {
    expect(c('SUBSTRING', 'hello', 2n, 3n)).toBe('ell');
    expect(c('SUBSTRING', 'hello', 2n)).toBe('ello');
    expect(c('SUBSTRING', 'hello', 0n, 3n)).toBe('he');
    expect(c('SUBSTRING', 'hello', 10n)).toBe('');
    expect(c('SUBSTRING', 'a😀b', 2n, 1n)).toBe('😀');
    expect(() => call('SUBSTRING', 'x', 1n, -1n)).toThrow('negative substring length not allowed');
  });

  it('CONCAT skips NULL, || does not', () => {
    expect(c('CONCAT', 'a', null, 1n, D('2.50'), true)).toBe('a12.50true');
    expect(concatOperator('a', null)).toBe(null);
    expect(concatOperator('a', 1n)).toBe('a1');
    expect(c('CONCAT_WS', '-', 'a', null, 'b')).toBe('a-b');
  });

  it('REPLACE, SPLIT_PART, POSITION, LEFT, RIGHT, LPAD', () => {
    expect(c('REPLACE', 'a.b.c', '.', '::')).toBe('a::b::c');
    expect(c('REPLACE', 'abc', '', 'x')).toBe('abc');
    expect(c('SPLIT_PART', 'a,b,c', ',', 2n)).toBe('b');
    expect(c('SPLIT_PART', 'a,b,c', ',', -1n)).toBe('c');
    expect(c('SPLIT_PART', 'a,b,c', ',', 5n)).toBe('');
    expect(() => call('SPLIT_PART', 'a', ',', 0n)).toThrow('field position must not be zero');
    expect(c('POSITION', 'lo', 'hello')).toBe(4n);
    expect(c('POSITION', 'z', 'hello')).toBe(0n);
    expect(c('STRPOS', 'h😀llo', 'l')).toBe(3n);
    expect(c('LEFT', 'hello', 2n)).toBe('he');
    expect(c('RIGHT', 'hello', 2n)).toBe('lo');
    expect(c('LEFT', 'hello', -2n)).toBe('hel');
    expect(c('LPAD', '7', 3n, '0')).toBe('007');
    expect(c('RPAD', 'ab', 5n, 'xy')).toBe('abxyx');
    expect(c('INITCAP', 'hello wORLD')).toBe('Hello World');
    expect(c('REGEXP_REPLACE', 'a1b22', '\\d+', '#', 'g')).toBe('a#b#');
  });
});

describe('like', () => {
  it('matches % and _ with escapes', () => {
    expect(like('hello', 'he%')).toBe(true);
    expect(like('hello', '%llo')).toBe(true);
    expect(like('hello', '%ell%')).toBe(true);
    expect(like('hello', 'h_llo')).toBe(true);
    expect(like('hello', 'h_lo')).toBe(false);
    expect(like('h😀llo', 'h_llo')).toBe(true);
    expect(like('50%', '50\\%')).toBe(true);
    expect(like('500', '50\\%')).toBe(false);
    expect(like('a.c', 'a.c')).toBe(true);
    expect(like('abc', 'a.c')).toBe(false);
    expect(like('line1\nline2', 'line1%')).toBe(true);
    expect(like('a_b', 'a#_b', '#')).toBe(true);
    expect(like('HELLO', 'he%', undefined, true)).toBe(true);
    expect(like('x', '')).toBe(false);
    expect(like('', '%')).toBe(true);
  });
});

describe('date/time functions', () => {
  it('EXTRACT fields', () => {
    const cases: [string, bigint][] = [
      ['YEAR', 2024n],
      ['MONTH', 2n],
      ['DAY', 29n],
      ['HOUR', 13n],
      ['MINUTE', 45n],
      ['SECOND', 30n],
      ['MILLISECOND', 30250n],
      ['DOW', 4n],
      ['ISODOW', 4n],
      ['DOY', 60n],
      ['WEEK', 9n],
      ['QUARTER', 1n],
      ['EPOCH', BigInt(Math.floor(TS.ms / 1000))],
      ['century', 21n],
      ['ISOYEAR', 2024n],
    ];
    for (const [field, expected] of cases) expect(call('EXTRACT', field, TS), field).toBe(expected);
    expect(call('EXTRACT', 'WEEK', new Timestamp(Date.UTC(2021, 0, 1)))).toBe(53n);
    expect(call('EXTRACT', 'YEAR', BigInt(TS.ms))).toBe(2024n);
    expect(call('EXTRACT', 'HOUR', '2024-01-01T05:00:00Z')).toBe(5n);
    expect(() => call('EXTRACT', 'FORTNIGHT', TS)).toThrow("unsupported EXTRACT field 'FORTNIGHT'");
    expect(call('EXTRACT', 'YEAR', null)).toBe(null);
  });

  it('DATE_TRUNC units', () => {
    expect(c('DATE_TRUNC', 'minute', TS)).toBe('2024-02-29T13:45:00.000Z');
    expect(c('DATE_TRUNC', 'hour', TS)).toBe('2024-02-29T13:00:00.000Z');
    expect(c('DATE_TRUNC', 'day', TS)).toBe('2024-02-29T00:00:00.000Z');
    expect(c('DATE_TRUNC', 'week', TS)).toBe('2024-02-26T00:00:00.000Z');
    expect(c('DATE_TRUNC', 'month', TS)).toBe('2024-02-01T00:00:00.000Z');
    expect(c('DATE_TRUNC', 'quarter', TS)).toBe('2024-01-01T00:00:00.000Z');
    expect(c('DATE_TRUNC', 'year', TS)).toBe('2024-01-01T00:00:00.000Z');
    expect(c('DATE_TRUNC', 'second', TS)).toBe('2024-02-29T13:45:30.000Z');
    expect(() => call('DATE_TRUNC', 'eon', TS)).toThrow("unsupported DATE_TRUNC unit 'eon'");
  });

  it('NOW, TO_TIMESTAMP, FROM_UNIXTIME', () => {
    expect(c('NOW')).toBe('2023-11-14T22:13:20.000Z');
    expect(c('TO_TIMESTAMP', '2023-11-14 22:13:20')).toBe('2023-11-14T22:13:20.000Z');
    expect(c('TO_TIMESTAMP', '14.11.2023', 'dd.MM.yyyy')).toBe('2023-11-14T00:00:00.000Z');
    expect(c('TO_TIMESTAMP', 1700000000n)).toBe('2023-11-14T22:13:20.000Z');
    expect(c('FROM_UNIXTIME', D('1700000000.5'))).toBe('2023-11-14T22:13:20.500Z');
    expect(c('TIMESTAMP_MILLIS', 1700000000000n)).toBe('2023-11-14T22:13:20.000Z');
    expect(c('UNIX_TIMESTAMP', TS)).toBe(BigInt(Math.floor(TS.ms / 1000)));
    expect(() => call('TO_TIMESTAMP', 'nope')).toThrow("cannot cast 'nope' to TIMESTAMP");
    expect(c('DATE_FORMAT', TS, "yyyy-MM-dd'T'HH:mm:ss.SSS")).toBe('2024-02-29T13:45:30.250');
    expect(c('DATE_FORMAT', TS, 'dd/MM/yy HH:mm')).toBe('29/02/24 13:45');
    const at = (s: string) => new Timestamp(Date.parse(s));
    expect(c('DATE_DIFF', 'hour', at('2024-01-01T10:59:00Z'), at('2024-01-01T11:00:00Z'))).toBe(1n);
    expect(c('DATE_DIFF', 'minute', at('2024-01-01T10:00:00Z'), at('2024-01-01T09:58:30Z'))).toBe(
      -2n,
    );
    expect(c('DATE_DIFF', 'day', at('2024-01-01T23:00:00Z'), at('2024-01-03T01:00:00Z'))).toBe(2n);
    expect(c('DATE_DIFF', 'week', at('2024-02-25T00:00:00Z'), at('2024-02-26T00:00:00Z'))).toBe(1n);
    expect(c('DATE_DIFF', 'month', at('2023-12-31T00:00:00Z'), at('2024-02-01T00:00:00Z'))).toBe(
      2n,
    );
    expect(c('DATE_DIFF', 'year', at('2023-12-31T00:00:00Z'), at('2024-01-01T00:00:00Z'))).toBe(1n);
    expect(c('DATEDIFF', 'quarter', at('2024-03-31T00:00:00Z'), at('2024-04-01T00:00:00Z'))).toBe(
      1n,
    );
    expect(() => call('DATE_DIFF', 'eon', TS, TS)).toThrow("unsupported DATE_DIFF unit 'eon'");
  });
});

describe('conditional and JSON functions', () => {
  it('COALESCE, NULLIF, GREATEST, LEAST', () => {
    expect(c('COALESCE', null, null, D('1.0'), 2n)).toBe('D:1.0');
    expect(c('COALESCE', null)).toBe(null);
    expect(c('NULLIF', 1n, D('1.00'))).toBe(null);
    expect(c('NULLIF', 'a', 'b')).toBe('a');
    expect(c('NULLIF', 'a', null)).toBe('a');
    expect(c('GREATEST', 1n, null, D('2.5'), 2n)).toBe('D:2.5');
    expect(c('LEAST', 'b', 'a', null)).toBe('a');
  });

  it('JSON_VALUE, JSON_QUERY, JSON_EXISTS', () => {
    const doc = { a: { b: [D('1.50'), { c: 'x' }], 'k y': 7n }, n: null };
    expect(c('JSON_VALUE', doc, '$.a.b[0]')).toBe('D:1.50');
    expect(c('JSON_VALUE', doc, '$.a.b[1].c')).toBe('x');
    expect(c('JSON_VALUE', doc, "$.a['k y']")).toBe(7n);
    expect(c('JSON_VALUE', doc, '$.a.b')).toBe(null);
    expect(c('JSON_VALUE', doc, '$.missing.x')).toBe(null);
    expect(c('JSON_VALUE', doc, '$.a.b[9]')).toBe(null);
    expect(c('JSON_VALUE', '{"p": {"q": 123456789012345.67}}', '$.p.q')).toBe(
      'D:123456789012345.67',
    );
    expect(c('JSON_VALUE', 'not json', '$.a')).toBe(null);
    expect(call('JSON_QUERY', doc, '$.a.b[1]')).toEqual({ c: 'x' });
    expect(c('JSON_EXISTS', doc, '$.n')).toBe(true);
    expect(c('JSON_EXISTS', doc, '$.z')).toBe(false);
    expect(() => call('JSON_VALUE', doc, '$.a[')).toThrow("invalid JSON path '$.a['");
  });
});
