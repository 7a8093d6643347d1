import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.ts';

const kinds = (text: string) => tokenize(text).tokens.map((t) => [t.type, t.value]);

describe('lexer', () => {
  const cases: [string, [string, string][]][] = [
    [
      'select Foo',
      [
        ['ident', 'SELECT'],
        ['ident', 'FOO'],
        ['eof', ''],
      ],
    ],
    [
      '"Mixed ""Case"""',
      [
        ['quoted_ident', 'Mixed "Case"'],
        ['eof', ''],
      ],
    ],
    [
      "'it''s'",
      [
        ['string', "it's"],
        ['eof', ''],
      ],
    ],
    [
      '42 100.00 .5 7. 1e3 2.5E-4 1e',
      [
        ['integer', '42'],
        ['decimal', '100.00'],
        ['decimal', '.5'],
        ['decimal', '7.'],
        ['float', '1e3'],
        ['float', '2.5E-4'],
        ['duration', '1e'],
        ['eof', ''],
      ],
    ],
    [
      '5s 500ms 1m 1h',
      [
        ['duration', '5s'],
        ['duration', '500ms'],
        ['duration', '1m'],
        ['duration', '1h'],
        ['eof', ''],
      ],
    ],
    [
      'a.b[0]::int',
      [
        ['ident', 'A'],
        ['op', '.'],
        ['ident', 'B'],
        ['op', '['],
        ['integer', '0'],
        ['op', ']'],
        ['op', '::'],
        ['ident', 'INT'],
        ['eof', ''],
      ],
    ],
    [
      'a<>b!=c<=d>=e||f',
      [
        ['ident', 'A'],
        ['op', '<>'],
        ['ident', 'B'],
        ['op', '!='],
        ['ident', 'C'],
        ['op', '<='],
        ['ident', 'D'],
        ['op', '>='],
        ['ident', 'E'],
        ['op', '||'],
        ['ident', 'F'],
        ['eof', ''],
      ],
    ],
    [
      't.* -- trailing\n/* block */ x',
      [
        ['ident', 'T'],
        ['op', '.'],
        ['op', '*'],
        ['ident', 'X'],
        ['eof', ''],
      ],
    ],
    [
      'größe 名前',
      [
        ['ident', 'GRÖSSE'],
        ['ident', '名前'],
        ['eof', ''],
      ],
    ],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it('tracks 1-based lines and columns across newlines and CRLF', () => {
    const { tokens } = tokenize('SELECT\r\n  a,\n\tb');
    expect(
      tokens.map((t) => [t.text, t.span.start.line, t.span.start.column, t.span.end.column]),
    ).toEqual([
      ['SELECT', 1, 1, 7],
      ['a', 2, 3, 4],
      [',', 2, 4, 5],
      ['b', 3, 2, 3],
      ['', 3, 3, 3],
    ]);
  });

  it('keeps comments with their spans', () => {
    const { comments } = tokenize('-- @metric: m\nSELECT 1 /* c */');
    expect(comments.map((c) => [c.text, c.span.start.line, c.span.start.column])).toEqual([
      ['-- @metric: m', 1, 1],
      ['/* c */', 2, 10],
    ]);
  });

  it('reports bad input and keeps going', () => {
    const { tokens, diagnostics } = tokenize("a ? 'open");
    expect(tokens.map((t) => t.type)).toEqual(['ident', 'string', 'eof']);
    expect(diagnostics.map((d) => [d.message, d.line, d.column, d.endColumn])).toEqual([
      ['unexpected character "?"', 1, 3, 4],
      ['unterminated string literal', 1, 5, 10],
    ]);
  });
});
