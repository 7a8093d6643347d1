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
