import Decimal from 'decimal.js';
import { add, row } from './lib.ts';

const D = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });

const scaleOf = (t: string) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0);
const isInt = (t: string) => !t.includes('.');
/** How the engine writes a number read from JSON text: INTEGER raw, DECIMAL as a string. */
const enc = (t: string) => (isInt(t) ? t : JSON.stringify(t));
const fixed = (d: Decimal, scale: number) => (d.isZero() ? d.abs() : d).toFixed(scale);

type Op = '+' | '-' | '*' | '/';

/** Expected output of `a op b` per DESIGN §3, or null for division by zero. */
export function expectOp(a: string, op: Op, b: string): string | null {
  if (isInt(a) && isInt(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    if (op === '/') return y === 0n ? null : String(x / y); // INTEGER / INTEGER truncates
    return String(op === '+' ? x + y : op === '-' ? x - y : x * y);
  }
  const x = new D(a);
  const y = new D(b);
  const [s1, s2] = [scaleOf(a), scaleOf(b)];
  switch (op) {
    case '+':
      return JSON.stringify(fixed(x.plus(y), Math.max(s1, s2)));
    case '-':
      return JSON.stringify(fixed(x.minus(y), Math.max(s1, s2)));
    case '*':
      return JSON.stringify(fixed(x.times(y), s1 + s2));
    case '/': {
      if (y.isZero()) return null;
      const s = Math.max(s1, s2, 6);
      return JSON.stringify(fixed(x.div(y).toDecimalPlaces(s, Decimal.ROUND_HALF_EVEN), s));
    }
  }
}

const NAMES: Record<Op, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };

function opCase(name: string, op: Op, pairs: [string, string][], description: string): void {
  const input = pairs.map(([a, b]) => `{"a": ${a}, "b": ${b}}`);
  const expected: string[] = [];
  const dlq: string[] = [];
  for (const [a, b] of pairs) {
    const r = expectOp(a, op, b);
    if (r === null) dlq.push(`{"record":${row({ a: enc(a), b: enc(b) })}}`);
    else expected.push(row({ a: enc(a), b: enc(b), r }));
  }
  add('decimal', `${NAMES[op]}_${name}`, {
    sql: `SELECT a, b, a ${op} b AS r FROM input`,
    input,
    expected,
    dlq: dlq.length > 0 ? dlq : undefined,
    description,
  });
}

const families: [string, string, [string, string][]][] = [
  [
    'same_scale',
    'equal scales',
    [
      ['1.10', '2.20'],
      ['0.01', '0.02'],
      ['-5.25', '1.75'],
    ],
  ],
  [
    'mixed_scale',
    'scale max(s1,s2) / s1+s2',
    [
      ['1.5', '2.25'],
      ['10.000', '0.1'],
      ['3.1', '0.001'],
    ],
  ],
  [
    'int_and_decimal',
    'INTEGER with DECIMAL gives DECIMAL',
    [
      ['1', '0.50'],
      ['7', '2.5'],
      ['-3', '1.25'],
    ],
  ],
  [
    'decimal_and_int',
    'DECIMAL with INTEGER gives DECIMAL',
    [
      ['0.50', '1'],
      ['2.5', '7'],
      ['1.25', '-3'],
    ],
  ],
  [
    'float_traps',
    'values binary floats get wrong',
    [
      ['0.1', '0.2'],
      ['1.1', '2.2'],
      ['0.3', '0.1'],
    ],
  ],
  [
    'trailing_zeros',
    'trailing zeros keep their scale',
    [
      ['1.00', '2.000'],
      ['5.0', '0.00'],
      ['100.100', '0.900'],
    ],
  ],
  [
    'negative',
    'negative operands',
    [
      ['-1.50', '-2.25'],
      ['-0.01', '0.01'],
      ['-99.99', '-0.01'],
    ],
  ],
  [
    'large',
    'values beyond 2^53',
    [
      ['123456789012345.67', '0.01'],
      ['9007199254740993.5', '2.0'],
      ['99999999999999999.99', '0.01'],
    ],
  ],
  [
    'many_digits',
    '17+ significant digits',
    [
      ['0.12345678901234567', '0.00000000000000001'],
      ['1.2345678901234567890', '1.0'],
      ['12345678901234567.8', '0.2'],
    ],
  ],
  [
    'integers',
    'INTEGER op INTEGER stays INTEGER',
    [
      ['7', '2'],
      ['-7', '2'],
      ['9007199254740993', '3'],
    ],
  ],
  [
    'big_integers',
    'INTEGER beyond 2^53 is exact',
    [
      ['9007199254740993', '1000'],
      ['4611686018427387903', '2'],
      ['-9007199254740993', '1'],
    ],
  ],
  [
    'zero',
    'zero operands',
    [
      ['0.00', '1.5'],
      ['0.0', '0.0'],
      ['0.000', '0.000001'],
    ],
  ],
];

export function generateDecimalCases(): void {
  for (const [name, description, pairs] of families) {
    for (const op of ['+', '-', '*'] as Op[]) opCase(name, op, pairs, description);
    const divPairs = pairs.filter(([, b]) => !new D(b).isZero());
    opCase(name, '/', divPairs, description);
  }
  opCase(
    'half_even_ties',
    '/',
    [
      ['0.000001', '2'],
      ['0.000003', '2'],
      ['0.000005', '2'],
      ['0.000007', '2'],
    ],
    'division rounds half to even at scale 6',
  );
  opCase(
    'half_even_negative',
    '/',
    [
      ['-0.000001', '2'],
      ['-0.000003', '2'],
      ['-0.000005', '2'],
    ],
    'negative ties round half to even',
  );
  opCase(
    'scale_above_six',
    '/',
    [
      ['1.00000000', '3'],
      ['2.0000000', '3'],
      ['1.000000000000', '7'],
    ],
    'division keeps a scale above 6',
  );
  opCase(
    'repeating',
    '/',
    [
      ['10.00', '3.00'],
      ['2.0', '3.0'],
      ['1.0', '7.0'],
      ['100.0', '0.3'],
    ],
    'repeating fractions round at scale 6',
  );
  opCase(
    'by_zero_integer',
    '/',
    [
      ['2', '0'],
      ['4', '2'],
    ],
    'INTEGER division by zero sends the record to the DLQ',
  );
  opCase(
    'by_zero',
    '/',
    [
      ['1.50', '0.00'],
      ['3.00', '1.50'],
      ['2.00', '0.0'],
      ['4.0', '2.0'],
    ],
    'division by zero sends the record to the DLQ',
  );
  opCase(
    'big_quotient',
    '/',
    [
      ['123456789012345678.90', '0.5'],
      ['99999999999999999999.0', '3.0'],
    ],
    'large quotients stay exact',
  );

  // Literals: a numeric literal with a point is DECIMAL with its written scale.
  add('decimal', 'literal_scale', {
    sql: 'SELECT 100.00 AS a, 0.5 AS b, 1.250 * 2 AS c, 12 AS d, 0.1 + 0.2 AS e FROM input',
    input: ['{"x": 1}'],
    expected: ['{"a":"100.00","b":"0.5","c":"2.500","d":12,"e":"0.3"}'],
  });
  add('decimal', 'nexmark_q1_price', {
    sql: 'SELECT auction, price * 0.908 AS euro FROM input',
    input: [
      '{"auction": 1, "price": 1000}',
      '{"auction": 2, "price": 12345}',
      '{"auction": 3, "price": 1}',
    ],
    expected: [
      '{"auction":1,"euro":"908.000"}',
      '{"auction":2,"euro":"11209.260"}',
      '{"auction":3,"euro":"0.908"}',
    ],
  });
  add('decimal', 'json_keeps_scale', {
    sql: 'SELECT price, b, c, d, e FROM input',
    input: ['{"price": 120.50, "b": 120.5, "c": 120, "d": 0.000, "e": -0.10}'],
    expected: ['{"price":"120.50","b":"120.5","c":120,"d":"0.000","e":"-0.10"}'],
  });
  add('decimal', 'json_exact_big', {
    sql: 'SELECT a, b, c, d FROM input',
    input: [
      '{"a": 123456789012345.67, "b": 9007199254740993, "c": 0.1234567890123456789, "d": -9223372036854775807}',
    ],
    expected: [
      '{"a":"123456789012345.67","b":9007199254740993,"c":"0.1234567890123456789","d":-9223372036854775807}',
    ],
  });
  add('decimal', 'compare_exact', {
    sql: 'SELECT id FROM input WHERE v > 9007199254740992',
    input: [
      '{"id": 1, "v": 9007199254740992}',
      '{"id": 2, "v": 9007199254740993}',
      '{"id": 3, "v": 9007199254740992.01}',
    ],
    expected: ['{"id":2}', '{"id":3}'],
  });
  add('decimal', 'compare_scale_insensitive', {
    sql: 'SELECT id FROM input WHERE v = 1.0',
    input: [
      '{"id": 1, "v": 1}',
      '{"id": 2, "v": 1.00}',
      '{"id": 3, "v": 1.001}',
      '{"id": 4, "v": 0.99999999999999999999}',
    ],
    expected: ['{"id":1}', '{"id":2}'],
  });
  add('decimal', 'float_with_decimal', {
    sql: 'SELECT a * 2e0 AS f, a + 0.5e0 AS g FROM input',
    input: ['{"a": 1.5}', '{"a": 0.25}'],
    expected: ['{"f":3,"g":2}', '{"f":0.5,"g":0.75}'],
    description: 'DECIMAL with FLOAT gives FLOAT',
  });
  add('decimal', 'exponent_is_float', {
    sql: 'SELECT v * 2 AS r FROM input',
    input: ['{"v": 1.5e1}', '{"v": 2E-1}'],
    expected: ['{"r":30}', '{"r":0.4}'],
  });
  add('decimal', 'unary_minus', {
    sql: 'SELECT -a AS n, -(a * 2) AS m FROM input',
    input: ['{"a": 1.50}', '{"a": -0.001}'],
    expected: ['{"n":"-1.50","m":"-3.00"}', '{"n":"0.001","m":"0.002"}'],
  });
  add('decimal', 'precedence', {
    sql: 'SELECT a + b * 2 AS r, (a + b) * 2 AS s FROM input',
    input: ['{"a": 1.5, "b": 0.25}'],
    expected: ['{"r":"2.00","s":"3.50"}'],
  });
  add('decimal', 'string_decimal_cast', {
    sql: 'SELECT CAST(s AS DECIMAL) AS d, CAST(s AS DECIMAL) + 1 AS e FROM input',
    input: ['{"s": "12.50"}', '{"s": "123456789012345.678"}'],
    expected: [
      '{"d":"12.50","e":"13.50"}',
      '{"d":"123456789012345.678","e":"123456789012346.678"}',
    ],
    description: 'strings cast to DECIMAL are parsed exactly and keep their scale',
  });
  add('decimal', 'cast_decimal_scale', {
    sql: 'SELECT CAST(v AS DECIMAL(10, 2)) AS d FROM input',
    input: ['{"v": 1.5}', '{"v": 2}', '{"v": 3.14159}'],
    expected: ['{"d":"1.50"}', '{"d":"2.00"}', '{"d":"3.14"}'],
  });
}
