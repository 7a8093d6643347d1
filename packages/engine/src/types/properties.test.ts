import DecimalBase from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatJsonValue, parseJsonExact, readJsonLines } from '../formats/json.ts';
import { arithmetic } from './arithmetic.ts';
import { compareValues, hashKey } from './compare.ts';
import { Decimal } from './decimal.ts';
import type { Value } from './value.ts';

const Ref = DecimalBase.clone({ precision: 500, rounding: DecimalBase.ROUND_HALF_EVEN });

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function digits(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s.replace(/^0+(?=\d)/, '');
}

/** A random INTEGER, DECIMAL or FLOAT, often beyond 2^53 or with 17+ significant digits. */
function randomNumber(r: () => number): Value {
  const sign = r() < 0.3 ? '-' : '';
  const kind = r();
  if (kind < 0.35) return BigInt(sign + digits(r, 1 + Math.floor(r() * 22)));
  if (kind < 0.8) {
    const scale = 1 + Math.floor(r() * 10);
    return Decimal.parse(
      `${sign}${digits(r, 1 + Math.floor(r() * 20))}.${digits(r, scale).padStart(scale, '0')}`,
    );
  }
  // dyadic doubles sometimes, so FLOAT/DECIMAL equalities really happen
  return r() < 0.5
    ? Number(sign + digits(r, 4)) / 8
    : Number(`${sign}${digits(r, 6)}.${digits(r, 3)}`);
}

function ref(v: Value): DecimalBase {
  if (v instanceof Decimal) return new Ref(v.toString());
  if (typeof v === 'bigint') return new Ref(v.toString());
  // decimal.js reads a double through its shortest text; the exact binary value is wanted here
  return new Ref(Decimal.exactFromNumber(v as number).toString());
}

describe('property: numbers', () => {
  it('exactFromNumber gives the exact binary value of a double', () => {
    const r = rng(11);
    for (let i = 0; i < 2000; i++) {
      const x = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
      const exact = new Ref(Decimal.exactFromNumber(x).toString());
      expect(exact.toNumber()).toBe(x);
      // x · 2^1074 is an integer for every finite double
      expect(exact.times(new Ref(2).pow(1074)).isInteger()).toBe(true);
    }
  });

  it('compareValues is exact and hashKey agrees with equality', () => {
    const r = rng(2024);
    for (let i = 0; i < 5000; i++) {
      const a = randomNumber(r);
      // equal values of other types half of the time
      let b: Value;
      if (r() < 0.5) b = randomNumber(r);
      else if (a instanceof Decimal) b = a.rescale(a.scale + Math.floor(r() * 3));
      else if (typeof a === 'bigint') b = new Decimal(a * 100n, 2);
      else b = Decimal.exactFromNumber(a as number);
      const expected = ref(a).comparedTo(ref(b));
      expect(compareValues(a, b), `${String(a)} vs ${String(b)}`).toBe(expected);
      expect(hashKey([a]) === hashKey([b]), `${String(a)} vs ${String(b)}`).toBe(expected === 0);
    }
  });

  it('arithmetic matches decimal.js with the DESIGN scale rules', () => {
    const r = rng(77);
    for (let i = 0; i < 5000; i++) {
      const a = randomNumber(r);
      const b = randomNumber(r);
      if (typeof a === 'number' || typeof b === 'number') continue;
      const ra = ref(a);
      const rb = ref(b);
      const sa = a instanceof Decimal ? a.scale : 0;
      const sb = b instanceof Decimal ? b.scale : 0;
      const isInt = typeof a === 'bigint' && typeof b === 'bigint';
      const text = (v: Value) => (v instanceof Decimal ? v.toString() : String(v));
      const fixed = (d: DecimalBase, s: number) => {
        const t = d.toFixed(s);
        return /^-0\.?0*$/.test(t) ? t.slice(1) : t;
      };
      const INT64 = new Ref(2).pow(63);
      // INTEGER results outside 64 bits fail with 'integer out of range'
      const run = (op: '+' | '-' | '*' | '/' | '%') => {
        try {
          return text(arithmetic(op, a, b));
        } catch (e) {
          return (e as Error).message;
        }
      };
      const expectInt = (d: DecimalBase, s: number) =>
        isInt && (d.gte(INT64) || d.lt(INT64.neg())) ? 'integer out of range' : fixed(d, s);
      expect(run('+')).toBe(expectInt(ra.plus(rb), Math.max(sa, sb)));
      expect(run('-')).toBe(expectInt(ra.minus(rb), Math.max(sa, sb)));
      expect(run('*')).toBe(expectInt(ra.times(rb), sa + sb));
      if (rb.isZero()) continue;
      if (isInt) {
        expect(run('/')).toBe(expectInt(ra.div(rb).trunc(), 0));
        expect(text(arithmetic('%', a, b))).toBe(fixed(ra.minus(ra.div(rb).trunc().times(rb)), 0));
      } else {
        const s = Math.max(sa, sb, 6);
        expect(text(arithmetic('/', a, b))).toBe(
          fixed(ra.div(rb).toDecimalPlaces(s, DecimalBase.ROUND_HALF_EVEN), s),
        );
      }
    }
  });
});

function randomString(r: () => number): string {
  const pieces = [
    'a',
    'Z',
    ' ',
    '"',
    '\\',
    '/',
    '\n',
    '\t',
    '\u0001',
    'é',
    '日本',
    '😀',
    '\u2028',
    'x'.repeat(70),
  ];
  let s = '';
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(r() * pieces.length)];
  return s;
}

function randomJson(r: () => number, depth: number): Value {
  const k = r();
  if (depth > 2 || k < 0.5) {
    const t = Math.floor(r() * 6);
    if (t === 0) return null;
    if (t === 1) return r() < 0.5;
    if (t === 2) return randomString(r);
    // a FLOAT is written without exponent and would read back as DECIMAL, so only exact numbers
    const n = randomNumber(r);
    return typeof n === 'number' ? BigInt(Math.round(n)) : n;
  }
  if (k < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1));
  const o: Record<string, Value> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--)
    o[randomString(r) || 'k'] = randomJson(r, depth + 1);
  return o;
}

describe('property: JSON', () => {
  it('round-trips random documents exactly and agrees with JSON.parse on structure', () => {
    const r = rng(99);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = randomJson(r, 0);
      const text = formatJsonValue(v);
      const back = parseJsonExact(text);
      expect(formatJsonValue(back)).toBe(text);
      // same shape as the platform parser (numbers aside)
      expect(JSON.stringify(JSON.parse(text), (_k, x) => (typeof x === 'number' ? 0 : x))).toBe(
        JSON.stringify(back, (_k, x) =>
          typeof x === 'bigint' || typeof x === 'number' || x instanceof Decimal ? 0 : x,
        ),
      );
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Decimal))
        lines.push(text);
    }
    const { records, errors } = readJsonLines(lines.join('\n'));
    expect(errors).toEqual([]);
    expect(records.map(formatJsonValue)).toEqual(lines);
  });

  it('rejects what JSON.parse rejects', () => {
    const r = rng(5);
    const base = '{"a": [1, 2.50, "x\\"y", true, null, {"b": -3e2}], "c": "d"}';
    for (let i = 0; i < 3000; i++) {
      const chars = [...base];
      const at = Math.floor(r() * chars.length);
      const op = r();
      const junk = ['{', '}', '[', ']', ',', ':', '"', '\\', 'x', '0', '.', '-', 'e', ' ', 'n'][
        Math.floor(r() * 15)
      ];
      if (op < 0.33) chars.splice(at, 1);
      else if (op < 0.66) chars.splice(at, 0, junk);
      else chars[at] = junk;
      const text = chars.join('');
      let native = true;
      try {
        JSON.parse(text);
      } catch {
        native = false;
      }
      let ours = true;
      try {
        parseJsonExact(text);
      } catch {
        ours = false;
      }
      expect(ours, text).toBe(native);
    }
  });
});
