import { describe, expect, it } from 'vitest';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { Timestamp, type Value } from '../types/value.ts';
import {
  formatJsonLines,
  formatJsonRow,
  formatJsonValue,
  parseJsonExact,
  readJsonLines,
} from './json.ts';

const roundTrip = (text: string) => formatJsonValue(parseJsonExact(text));

describe('parseJsonExact', () => {
  it('keeps numbers exact', () => {
    const v = parseJsonExact(
      '{"a": 123456789012345.67, "b": 120.50, "c": 12, "d": 1.5e3, "e": -0.05}',
    );
    expect(formatJsonValue(v)).toBe(
      '{"a":"123456789012345.67","b":"120.50","c":12,"d":1500,"e":"-0.05"}',
    );
    const o = v as Record<string, unknown>;
    expect(o.b).toBeInstanceOf(Decimal);
    expect((o.b as Decimal).scale).toBe(2);
    expect(o.c).toBe(12n);
    expect(o.d).toBe(1500);
    expect(parseJsonExact('12345678901234567890123')).toBe(12345678901234567890123n);
    expect(parseJsonExact('-9007199254740993')).toBe(-9007199254740993n);
    expect((parseJsonExact('0.12345678901234567890') as Decimal).toString()).toBe(
      '0.12345678901234567890',
    );
    expect((parseJsonExact('-1234567890.123456789') as Decimal).toString()).toBe(
      '-1234567890.123456789',
    );
    expect(parseJsonExact('-0')).toBe(0n);
    expect(parseJsonExact('2E-2')).toBe(0.02);
  });

  it('decodes strings with escapes, UTF-8 and surrogates', () => {
    expect(parseJsonExact('"a\\"b\\\\c\\/d\\n\\t\\r\\b\\f"')).toBe('a"b\\c/d\n\t\r\b\f');
    expect(parseJsonExact('"\\u00e9t\\u00E9"')).toBe('été');
    expect(parseJsonExact('"\\ud83d\\ude00"')).toBe('😀');
    expect(parseJsonExact('"日本語 😀 ü"')).toBe('日本語 😀 ü');
    expect(parseJsonExact('"x\\u0000y"')).toBe('x\u0000y');
  });

  it('parses nested structures and literals', () => {
    expect(parseJsonExact(' { "a" : [ true , false , null , { } , [ ] ] } ')).toEqual({
      a: [true, false, null, {}, []],
    });
    const proto = parseJsonExact('{"__proto__": 1}') as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('reports errors with line and column', () => {
    const cases: [string, string][] = [
      ['{"a": }', "unexpected character '}' at line 1, column 7"],
      ['{"a": 1,\n "b": tru}', "unexpected character '}' at line 2, column 10"],
      ['[1, 2', 'unexpected end of JSON input at line 1, column 6'],
      ['"abc', 'unterminated string at line 1, column 1'],
      ['012', 'invalid number at line 1, column 1'],
      ['1.', 'invalid number at line 1, column 1'],
      ['-', 'unexpected end of JSON input at line 1, column 1'],
      ['"\\x"', "invalid escape '\\x' at line 1, column 2"],
      ['"\\u12g4"', "invalid unicode escape '\\u12g4' at line 1, column 2"],
      ['{"a":1} x', "unexpected character 'x' at line 1, column 9"],
      ['"a\tb"', "unexpected character '\\u0009' at line 1, column 3"],
      ['', 'unexpected end of JSON input at line 1, column 1'],
      ["{'a':1}", "unexpected character ''' at line 1, column 2"],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseJsonExact(text);
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(EvaluationError);
      expect((error as Error).message, text).toBe(message);
    }
  });
});

describe('readJsonLines', () => {
  it('reads records, skips blank lines and reports bad lines', () => {
    const text = '{"id":1,"price":19.99}\r\n\n{"id":2,"price":5}\n{"id":3,,}\n  \n[1]\n{"id":4}';
    const { records, errors } = readJsonLines(text);
    expect(records.map((r) => formatJsonValue(r))).toEqual([
      '{"id":1,"price":"19.99"}',
      '{"id":2,"price":5}',
      '[1]',
      '{"id":4}',
    ]);
    expect(errors).toEqual([
      { line: 4, message: "unexpected character ',' at line 4, column 9", raw: '{"id":3,,}' },
    ]);
  });

  it('skips a byte-order mark', () => {
    expect(readJsonLines('\ufeff{"a":1}\n{"a":2}').records).toEqual([{ a: 1n }, { a: 2n }]);
  });

  it('numbers lines from firstLine', () => {
    expect(readJsonLines('x', { firstLine: 10 }).errors[0].message).toBe(
      "unexpected character 'x' at line 10, column 1",
    );
    expect(readJsonLines('{"a":1}\n{"a":').errors[0]).toEqual({
      line: 2,
      message: 'unexpected end of JSON input at line 2, column 6',
      raw: '{"a":',
    });
  });

  it('is fast on small records', () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      lines.push(
        `{"auction":${1000 + (i % 97)},"bidder":${2000 + i},"price":${i * 7},"channel":"Google","url":"https://www.nexmark.com/abc/item.htm?query=1","date_time":1700000000${i % 1000},"extra":""}`,
      );
    }
    const text = lines.join('\n');
    readJsonLines(text);
    const t0 = performance.now();
    const { records } = readJsonLines(text);
    const out: string[] = [];
    for (const r of records) out.push(formatJsonRow(r as Record<string, never>));
    const seconds = (performance.now() - t0) / 1000;
    expect(records.length).toBe(50_000);
    // only guards against pathological (e.g. quadratic) slowdowns on a shared machine; the benchmark measures the real rate
    expect(50_000 / seconds).toBeGreaterThan(20_000);
  });
});

describe('formatJsonValue / formatJsonRow', () => {
  it('writes each type per DESIGN §3', () => {
    expect(
      formatJsonRow({
        total: Decimal.parse('123450.00'),
        n: 3n,
        f: 0.5,
        nan: Number.NaN,
        ts: new Timestamp(1700000000000),
        none: null,
        ok: true,
        s: 'a"b\n😀',
        nested: { list: [1n, Decimal.parse('0.000000')] },
      }),
    ).toBe(
      '{"total":"123450.00","n":3,"f":0.5,"nan":null,"ts":"2023-11-14T22:13:20.000Z","none":null,"ok":true,"s":"a\\"b\\n😀","nested":{"list":[1,"0.000000"]}}',
    );
    expect(formatJsonRow({ 'we"ird': 1n })).toBe('{"we\\"ird":1}');
    expect(roundTrip('"\\ud800"')).toBe('"\\ud800"');
  });
});

describe('readJsonLines string scanning', () => {
  it('handles escapes, tabs and CRLF on the fast and slow paths', () => {
    const text =
      '{"a":"x\\"y","b":"plain"}\r\n{"a":"tab\there","b":"q\t\\n"}\n{"a":"\\\\","b":"\\u00e9"}\n{"a":"last"}';
    const { records, errors } = readJsonLines(text);
    expect(errors).toEqual([]);
    // raw tabs inside strings are accepted line by line (lenient); parseJsonExact rejects them
    expect(records).toEqual([
      { a: 'x"y', b: 'plain' },
      { a: 'tab\there', b: 'q\t\n' },
      { a: '\\', b: 'é' },
      { a: 'last' },
    ]);
    // a key seen before with a different next character must not be taken from the hint
    expect(readJsonLines('{"ab":1}\n{"abc":2}\n{"ab":3}').records).toEqual([
      { ab: 1n },
      { abc: 2n },
      { ab: 3n },
    ]);
    expect(readJsonLines('{"a":{"x":1}}\n{"a":{"y":2}}').records).toEqual([
      { a: { x: 1n } },
      { a: { y: 2n } },
    ]);
    expect(() => parseJsonExact('"a\nb"')).toThrow(
      "unexpected character '\\u000a' at line 1, column 3",
    );
  });
});

describe('formatJsonLines', () => {
  it('writes the columns of each record in order, one line each', () => {
    const records: { fields: Record<string, Value> }[] = [
      { fields: { b: Decimal.parse('1.50'), a: 1n, extra: 'x' } },
      { fields: { a: 2n } },
    ];
    expect(formatJsonLines(records, ['a', 'b'])).toBe('{"a":1,"b":"1.50"}\n{"a":2,"b":null}\n');
    expect(formatJsonLines(records, [])).toBe('{}\n{}\n');
    expect(formatJsonLines([], ['a'])).toBe('');
  });
});
