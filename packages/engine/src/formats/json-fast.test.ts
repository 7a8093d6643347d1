/**
 * The JSON hot paths (shape-predicted readJsonLines, compiled row writers) against the generic
 * paths on seeded random streams whose records mostly repeat one shape and sometimes do not.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../types/decimal.ts';
import { Timestamp, type Value } from '../types/value.ts';
import {
  createRowFormatter,
  formatJsonLines,
  formatJsonRow,
  formatJsonValue,
  parseJsonExact,
  readJsonLines,
} from './json.ts';

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

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const STRINGS = ['', 'plain', 'Google', 'a"b', 'back\\slash', 'tab\there', 'é😀', '\ud800', 'x'];

function randomValue(r: () => number): Value {
  const k = r();
  if (k < 0.2) return BigInt(Math.floor((r() - 0.3) * 1e6));
  if (k < 0.3) return BigInt(`${pick(r, ['', '-'])}98765432109876543210${Math.floor(r() * 10)}`);
  if (k < 0.45) return Decimal.parse(`${Math.floor(r() * 1e5)}.${Math.floor(r() * 100)}0`);
  if (k < 0.55) return r() * 100;
  if (k < 0.7) return pick(r, STRINGS);
  if (k < 0.78) return new Timestamp(1_700_000_000_000 + Math.floor(r() * 1e9));
  if (k < 0.84) return r() < 0.5;
  if (k < 0.9) return null;
  if (k < 0.95) return [1n, 'a', null];
  return { x: 1n, 'y"': [Decimal.parse('0.10')] };
}

const BASE_KEYS = ['auction', 'bidder', 'price', 'channel', 'url', 'date_time', 'extra'];

/** Keys of one record: usually the base shape, sometimes changed in one of many ways. */
function randomKeys(r: () => number): string[] {
  const keys = [...BASE_KEYS];
  const k = r();
  if (k < 0.7) return keys;
  if (k < 0.75) return keys.slice(0, 1 + Math.floor(r() * (keys.length - 1)));
  if (k < 0.8) return [...keys, 'more'];
  if (k < 0.85) return [keys[1], keys[0], ...keys.slice(2)];
  if (k < 0.88) return ['__proto__', ...keys];
  if (k < 0.91) return ['2', '1', ...keys];
  if (k < 0.94) return ['auc"tion', ...keys.slice(1)];
  if (k < 0.97) return ['auctio', ...keys.slice(1)];
  return ['auctionX', ...keys.slice(1)];
}

function recordOf(keys: string[], r: () => number): Record<string, Value> {
  const o: Record<string, Value> = {};
  for (const k of keys) {
    Object.defineProperty(o, k, {
      value: randomValue(r),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return o;
}

/** A JSON line for `keys`, usually compact, sometimes spaced, escaped or broken. */
function randomLine(r: () => number): string {
  const keys = randomKeys(r);
  const o = recordOf(keys, r);
  let text = formatJsonValue(o);
  const k = r();
  if (k < 0.05) text = text.replace(/,"/g, ', "');
  else if (k < 0.08) text = text.replace(/":/, '" :');
  else if (k < 0.1) text = text.replace('"auction"', '"\\u0061uction"');
  else if (k < 0.12) text = text.replace('"auction"', '"auction","auction":1,"x"');
  else if (k < 0.17) {
    // a broken record
    const at = Math.floor(r() * text.length);
    text =
      text.slice(0, at) + pick(r, ['}', ',', 'x', '"', ':', '', '1.', '{']) + text.slice(at + 1);
  } else if (k < 0.19) text = `  ${text} `;
  else if (k < 0.2) text = '';
  return text;
}

/** The generic reader's answer for one line: parseJsonExact per line. */
function expectedLine(text: string, line: number): { value?: Value; message?: string } {
  if (text.trim() === '') return {};
  try {
    return { value: parseJsonExact(text) };
  } catch (e) {
    return { message: (e as Error).message.replace(/at line 1,/, `at line ${line},`) };
  }
}

function describeValue(v: Value): string {
  // keys and prototypes too: a record must be the same object, not just the same text
  return JSON.stringify(v, function (this: unknown, _k, x) {
    if (typeof x === 'bigint') return `${x}n`;
    if (x instanceof Decimal) return `D${x.toString()}`;
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
      const own = Object.getOwnPropertyNames(x);
      return {
        proto: Object.getPrototypeOf(x) === Object.prototype,
        keys: own,
        values: own.map((p) => (x as Record<string, unknown>)[p]),
      };
    }
    return x;
  });
}

describe('readJsonLines shape prediction', () => {
  it('agrees with the generic parser on seeded random streams', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = rng(seed);
      const lines: string[] = [];
      for (let i = 0; i < 1500; i++) lines.push(randomLine(r));
      const text = lines.join(r() < 0.5 ? '\n' : '\r\n');
      const { records, errors } = readJsonLines(text);
      const wantRecords: string[] = [];
      const wantErrors: { line: number; message: string; raw: string }[] = [];
      lines.forEach((l, i) => {
        const e = expectedLine(l, i + 1);
        if (e.message !== undefined) wantErrors.push({ line: i + 1, message: e.message, raw: l });
        else if ('value' in e) wantRecords.push(describeValue(e.value as Value));
      });
      expect(records.map(describeValue)).toEqual(wantRecords);
      expect(errors).toEqual(wantErrors);
    }
  });

  it('handles spaced lines with the predicted keys, then compact ones again', () => {
    const text = [
      '{"a":1,"b":"x"}',
      '{"a": 2, "b": "y"}',
      '{"a":3,"b":"z"}',
      '{"a": 4, "b": "w"}',
      '{"c":5}',
      '{"c":6}',
      '{"a":7,"b":"v"}',
      '{"constructor":8}',
      '{"constructor":9}',
      '1.50',
      '{"a":10,"b":"u"}',
    ].join('\n');
    const { records, errors } = readJsonLines(text);
    expect(errors).toEqual([]);
    expect(records.map((v) => formatJsonValue(v))).toEqual([
      '{"a":1,"b":"x"}',
      '{"a":2,"b":"y"}',
      '{"a":3,"b":"z"}',
      '{"a":4,"b":"w"}',
      '{"c":5}',
      '{"c":6}',
      '{"a":7,"b":"v"}',
      '{"constructor":8}',
      '{"constructor":9}',
      '"1.50"',
      '{"a":10,"b":"u"}',
    ]);
    expect(readJsonLines('{"a": 1, "b": "x"}\n{"a":2,"b":"y"}').records).toEqual([
      { a: 1n, b: 'x' },
      { a: 2n, b: 'y' },
    ]);
  });

  it('reads same-shape records exactly and leaves other shapes to the generic parser', () => {
    const text = [
      '{"a":1,"b":"x","c":1.50}',
      '{"a":2,"b":"y","c":-0.05}',
      '{"a":3,"b":"z"}',
      '{"a":4,"b":"w","c":2.0,"d":null}',
      '{"a":5,"b":"v","c":{"n":[1,2.5,"s"]}}',
      '{"a":6, "b":"u","c":7}',
      '{"a":7,"b":"t","c":1e2}',
      '{"a":8,"b":"s","c":}',
      '{"a":9,"b":"r","c":9} x',
      '{"a":10,"b":"q","c":10}',
      '{"__proto__":1,"b":2}',
      '{"__proto__":3,"b":4}',
    ].join('\n');
    const { records, errors } = readJsonLines(text);
    expect(records.map((v) => formatJsonValue(v))).toEqual([
      '{"a":1,"b":"x","c":"1.50"}',
      '{"a":2,"b":"y","c":"-0.05"}',
      '{"a":3,"b":"z"}',
      '{"a":4,"b":"w","c":"2.0","d":null}',
      '{"a":5,"b":"v","c":{"n":[1,"2.5","s"]}}',
      '{"a":6,"b":"u","c":7}',
      '{"a":7,"b":"t","c":100}',
      '{"a":10,"b":"q","c":10}',
      '{"__proto__":1,"b":2}',
      '{"__proto__":3,"b":4}',
    ]);
    expect(errors).toEqual([
      {
        line: 8,
        message: "unexpected character '}' at line 8, column 20",
        raw: '{"a":8,"b":"s","c":}',
      },
      {
        line: 9,
        message: "unexpected character 'x' at line 9, column 23",
        raw: '{"a":9,"b":"r","c":9} x',
      },
    ]);
    const proto = records[9] as Record<string, Value>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__', 'b']);
    expect((records[1] as Record<string, Decimal>).c.scale).toBe(2);
  });
});

describe('compiled JSON row writers', () => {
  it('formatJsonRow matches the generic object writer on seeded random rows', () => {
    const r = rng(77);
    for (let i = 0; i < 5000; i++) {
      const row = recordOf(randomKeys(r), r);
      expect(formatJsonRow(row)).toBe(formatJsonValue(row));
    }
  });

  it('createRowFormatter writes the given columns in order, missing ones as null', () => {
    const r = rng(78);
    const columns = ['price', 'auction', 'missing', 'we"ird', 'date_time'];
    const format = createRowFormatter(columns);
    expect(createRowFormatter([...columns])).toBe(format);
    for (let i = 0; i < 2000; i++) {
      const row = recordOf([...BASE_KEYS, 'we"ird'], r);
      const expected: Record<string, Value> = {};
      for (const c of columns) expected[c] = row[c] === undefined ? null : row[c];
      expect(format(row)).toBe(formatJsonValue(expected));
    }
    expect(createRowFormatter([])({ a: 1n })).toBe('{}');
    // column lists that would collide if joined by a separator
    expect(createRowFormatter(['a\u0000b'])({ 'a\u0000b': 1n, a: 2n, b: 3n })).toBe(
      '{"a\\u0000b":1}',
    );
    expect(createRowFormatter(['a', 'b'])({ 'a\u0000b': 1n, a: 2n, b: 3n })).toBe('{"a":2,"b":3}');
    expect(
      createRowFormatter(['t', 's', 'n'])({
        t: new Timestamp(0),
        s: 'a\nb',
        n: Decimal.parse('-0.50'),
      }),
    ).toBe('{"t":"1970-01-01T00:00:00.000Z","s":"a\\nb","n":"-0.50"}');
  });

  it('formatJsonLines writes one line per record', () => {
    const records: { fields: Record<string, Value> }[] = [
      { fields: { a: 1n, b: 'x' } },
      { fields: { b: 'y"' } },
    ];
    expect(formatJsonLines(records, ['b', 'a'])).toBe('{"b":"x","a":1}\n{"b":"y\\"","a":null}\n');
  });
});
