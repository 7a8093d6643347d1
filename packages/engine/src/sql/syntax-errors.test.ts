import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import { syntaxMessages as m } from './messages.ts';
import { parseSql } from './parser.ts';

/** [sql, message, line, column, hint?] — the first diagnostic of the text. */
const cases: [string, string, number, number, string?][] = [
  ['SELECT a FORM t', m.expected('FROM', '"FORM"'), 1, 10, 'did you mean FROM?'],
  [
    'SELECT a FROM t WHER a > 1',
    m.expected(
      'WHERE, GROUP BY, HAVING, WINDOW, EMIT, ORDER BY, LIMIT, INTO, WITH or ";"',
      '"WHER"',
    ),
    1,
    17,
    'did you mean WHERE?',
  ],
  [
    'SELEC a FROM t',
    m.expected('CREATE STREAM, CREATE TABLE or SELECT', '"SELEC"'),
    1,
    1,
    'did you mean SELECT?',
  ],
  [
    'CREATE STRAEM s AS SELECT 1',
    m.expected('STREAM or TABLE', '"STRAEM"'),
    1,
    8,
    'did you mean STREAM?',
  ],
  ['CREATE STREAM s SELECT a FROM t', m.expected('AS', '"SELECT"'), 1, 17],
  ['SELECT FROM t', m.expected('an expression', '"FROM"'), 1, 8],
  ['SELECT a,\n  FROM t', m.expected('an expression', '"FROM"'), 2, 3],
  ['SELECT (a + 1 FROM t', m.expected('")"', '"FROM"'), 1, 15],
  [
    'SELECT a FROM',
    m.expected(
      "a source: a quoted URI such as 'kafka://host/topic' or a stream name",
      'end of input',
    ),
    1,
    14,
  ],
  ["SELECT 'abc FROM t", m.unterminatedString(), 1, 8],
  ['SELECT "abc FROM t', m.unterminatedIdentifier(), 1, 8],
  ['SELECT a /* x FROM t', m.unterminatedComment(), 1, 10],
  ['SELECT a # b FROM t', m.unexpectedCharacter('#'), 1, 10],
  ['SELECT COUNT(*) FROM t WINDOW TUMBLING(5x)', m.badDuration('5x'), 1, 40],
  ['SELECT COUNT(*) FROM t WINDOW TUMBLING(5)', m.badDuration('5'), 1, 40],
  [
    'SELECT COUNT(*) FROM t WINDOW TUMBLNG(5s)',
    m.expected('TUMBLING, SLIDING or SESSION', '"TUMBLNG"'),
    1,
    31,
    'did you mean TUMBLING?',
  ],
  ['SELECT COUNT(*) FROM t WINDOW SLIDING(1m)', m.expected('","', '")"'), 1, 41],
  ['SELECT a FROM t WHERE ts > 5s', m.durationOutsideWindow('5s'), 1, 28],
  ["SELECT a FROM t WHERE ts > INTERVAL '5' FORTNIGHT", m.badIntervalUnit('FORTNIGHT'), 1, 41],
  ["SELECT a FROM t WHERE ts > INTERVAL 'x' MINUTE", m.badIntervalQuantity('x'), 1, 37],
  ["SELECT TIMESTAMP 'yesterday' FROM t", m.badTimestamp('yesterday'), 1, 18],
  ['SELECT CAST(a AS MONEY) FROM t', m.unknownType('MONEY'), 1, 18],
  ['SELECT 99999999999999999999 FROM t', m.integerOutOfRange('99999999999999999999'), 1, 8],
  ['SELECT a FROM t JOIN u', m.expected('ON', 'end of input'), 1, 23],
  ['SELECT a FROM t WHERE a > 1 WHERE b > 1', m.duplicateClause('WHERE'), 1, 29],
  ['SELECT a FROM t EMIT LATER', m.expected('FINAL or CHANGES', '"LATER"'), 1, 22],
  [
    'SELECT a FROM t INTO stdout',
    m.expected("a quoted sink URI such as 'file:///tmp/out.jsonl'", '"stdout"'),
    1,
    22,
  ],
  ["SELECT a FROM t WITH ('k' 'v')", m.expected('"="', "string 'v'"), 1, 27],
  ['SELECT a FROM t LIMIT x', m.expected('a row count (an integer)', '"x"'), 1, 23],
  ['SELECT CASE WHEN a THEN 1 FROM t', m.expected('WHEN, ELSE or END', '"FROM"'), 1, 27],
  [
    'SELECT a IS 1 FROM t',
    m.expected('NULL, NOT NULL, TRUE, FALSE or DISTINCT FROM', '"1"'),
    1,
    13,
  ],
  [
    'SELECT ROW_NUMBER() OVER (ORDER BY a ROWS 1 FOLLOWS) FROM t',
    m.expected('PRECEDING or FOLLOWING', '"FOLLOWS"'),
    1,
    45,
  ],
  ['SELECT order FROM t', m.expected('an expression', '"order"'), 1, 8, m.quoteKeyword('ORDER')],
  [
    'CREATE STREAM select AS SELECT 1',
    m.expected('a stream or table name', '"select"'),
    1,
    15,
    m.quoteKeyword('SELECT'),
  ],
  ['SELECT a FROM t;\n)', m.expected('CREATE STREAM, CREATE TABLE or SELECT', '")"'), 2, 1],
];

describe('syntax errors', () => {
  it.each(cases)('%s', (sql, message, line, column, hint) => {
    const { diagnostics } = parseSql(sql);
    expect(diagnostics.length).toBeGreaterThan(0);
    const d = diagnostics[0];
    expect({ message: d.message, line: d.line, column: d.column, hint: d.hint }).toEqual({
      message,
      line,
      column,
      hint,
    });
    expect(d.severity).toBe('error');
  });

  it('formats as error: <message> at line L, column C with the hint below', () => {
    const d = parseSql('SELECT a FORM t').diagnostics[0];
    expect(formatDiagnostic(d)).toBe(
      'error: expected FROM but found "FORM" at line 1, column 10\n  hint: did you mean FROM?',
    );
  });

  it('recovers at ";" and reports one error per broken statement', () => {
    const r = parseSql('SELECT a FORM t;\nSELECT b FROM u;\nSELECT FROM v;\nSELECT c FROM w');
    expect(
      r.statements.map((s) => s.query.from?.kind === 'named_source' && s.query.from.name.name),
    ).toEqual(['u', 'w']);
    expect(r.diagnostics.map((d) => [d.line, d.column])).toEqual([
      [1, 10],
      [3, 8],
    ]);
  });

  it('reports an empty input as no statements and no errors', () => {
    expect(parseSql('  -- just a comment\n;;')).toEqual({ statements: [], diagnostics: [] });
  });
});
