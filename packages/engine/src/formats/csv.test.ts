import { describe, expect, it } from 'vitest';
import { Decimal } from '../types/decimal.ts';
import { Timestamp, type Value } from '../types/value.ts';
import { formatCsvHeader, formatCsvRow, parseCsv } from './csv.ts';

function show(rows: Record<string, Value>[]): unknown[] {
  return rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v instanceof Decimal ? `D:${v.toString()}` : v instanceof Timestamp ? v.toISOString() : v,
      ]),
    ),
  );
}

describe('parseCsv', () => {
  it('reads a header and infers types per value', () => {
    const { rows, errors, columns } = parseCsv('station,temp,n\r\nOslo,12.50,3\nRio,-0.5,\n', {
      header: true,
    });
    expect(errors).toEqual([]);
    expect(columns).toEqual(['station', 'temp', 'n']);
    expect(show(rows)).toEqual([
      { station: 'Oslo', temp: 'D:12.50', n: 3n },
      { station: 'Rio', temp: 'D:-0.5', n: null },
    ]);
  });

  it('handles quotes with delimiters, newlines and "" escapes', () => {
    const text = 'a,b\n"x, y","line1\nline2"\n"say ""hi""",""\n';
    const { rows, errors } = parseCsv(text, { header: true });
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { a: 'x, y', b: 'line1\nline2' },
      { a: 'say "hi"', b: '' },
    ]);
  });

  it('uses declared columns and types for headerless files', () => {
    const { rows, errors } = parseCsv('Hamburg;12.3\nBulawayo;8.9\nX;abc\n', {
      header: false,
      delimiter: ';',
      columns: ['station', 'temp'],
      types: ['STRING', 'DECIMAL'],
    });
    expect(show(rows)).toEqual([
      { station: 'Hamburg', temp: 'D:12.3' },
      { station: 'Bulawayo', temp: 'D:8.9' },
    ]);
    expect(errors).toEqual([
      { line: 3, message: "cannot cast 'abc' to DECIMAL at line 3", raw: 'X;abc' },
    ]);
  });

  it('names headerless columns column1..N and keeps numbers exact', () => {
    const { rows, columns } = parseCsv('123456789012345.67,9007199254740993,007\n', {
      header: false,
    });
    expect(columns).toEqual(['column1', 'column2', 'column3']);
    expect(show(rows)).toEqual([
      { column1: 'D:123456789012345.67', column2: 9007199254740993n, column3: 7n },
    ]);
  });

  it('reports wrong field counts and bad quotes with line numbers', () => {
    const text = 'a,b\n1,2\n3\n"x"y,4\n"ok",5\n"open,6\n';
    const { rows, errors } = parseCsv(text, { header: true });
    expect(rows).toEqual([
      { a: 1n, b: 2n },
      { a: 'ok', b: 5n },
    ]);
    expect(errors).toEqual([
      { line: 3, message: 'expected 2 fields, got 1 at line 3', raw: '3' },
      { line: 4, message: "unexpected character 'y' after closing quote at line 4", raw: '"x"y,4' },
      { line: 6, message: 'unterminated quoted field at line 6', raw: '"open,6\n' },
    ]);
  });

  it('skips a BOM and blank lines, counts lines across quoted newlines', () => {
    const { rows, errors } = parseCsv('\ufeffa,b\n\n"1\n2",x\n3\n', { header: true });
    expect(rows).toEqual([{ a: '1\n2', b: 'x' }]);
    expect(errors[0].line).toBe(5);
  });

  it('types booleans, timestamps, integers', () => {
    const { rows } = parseCsv('true,2024-01-01T00:00:00Z,42\n', {
      header: false,
      types: ['BOOLEAN', 'TIMESTAMP', 'INTEGER'],
    });
    expect(show(rows)).toEqual([
      { column1: true, column2: '2024-01-01T00:00:00.000Z', column3: 42n },
    ]);
  });
});

describe('formatCsvRow', () => {
  it('writes decimals plain and quotes when needed', () => {
    expect(
      formatCsvRow([
        Decimal.parse('123450.00'),
        3n,
        null,
        '',
        'a,b',
        'say "hi"',
        ' pad',
        new Timestamp(0),
        true,
        1.5,
      ]),
    ).toBe('123450.00,3,,"","a,b","say ""hi"""," pad",1970-01-01T00:00:00.000Z,true,1.5');
    expect(formatCsvRow(['a;b', 'c,d'], ';')).toBe('"a;b";c,d');
    expect(formatCsvRow([{ a: [1n] }])).toBe('"{""a"":[1]}"');
    expect(formatCsvHeader(['station', 'mean temp'])).toBe('station,mean temp');
  });
});

describe('CSV round trip (property)', () => {
  it('formatCsvRow then parseCsv gives the same fields back', () => {
    let seed = 17;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const pieces = [
      'a',
      'b c',
      ',',
      ';',
      '"',
      '""',
      '\n',
      '\r\n',
      ' ',
      'é',
      '😀',
      'x'.repeat(30),
      '12',
      '-3.50',
    ];
    for (let round = 0; round < 300; round++) {
      const delimiter = rand() < 0.5 ? ',' : ';';
      const width = 1 + Math.floor(rand() * 5);
      const rows: (string | null)[][] = [];
      for (let r = 0; r < 1 + Math.floor(rand() * 5); r++) {
        const row: (string | null)[] = [];
        for (let c = 0; c < width; c++) {
          if (rand() < 0.1) {
            row.push(null);
            continue;
          }
          let s = '';
          for (let k = Math.floor(rand() * 4); k > 0; k--)
            s += pieces[Math.floor(rand() * pieces.length)];
          row.push(s);
        }
        rows.push(row);
      }
      const text = rows.map((r) => formatCsvRow(r, delimiter)).join('\n');
      const columns = Array.from({ length: width }, (_, i) => `c${i}`);
      const { rows: back, errors } = parseCsv(text, {
        header: false,
        delimiter,
        columns,
        types: columns.map(() => 'STRING'),
      });
      expect(errors).toEqual([]);
      // a row of one empty (NULL) field is a blank line, which CSV readers skip
      const expected = rows.filter((r) => !(r.length === 1 && r[0] === null));
      expect(back.map((r) => columns.map((c) => r[c]))).toEqual(expected);
    }
  });
});
