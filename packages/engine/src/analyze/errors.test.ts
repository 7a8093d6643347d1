import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseSql } from '../sql/parser.ts';
import type { Schema } from '../types/schema.ts';
import { analyzeProgram } from './index.ts';
import { hints, messages as m } from './messages.ts';

const T = "'file:///trades.jsonl'";
const schemas: Record<string, Schema> = {
  'file:///trades.jsonl': {
    columns: [
      { name: 'symbol', type: 'STRING' },
      { name: 'price', type: 'DECIMAL' },
      { name: 'qty', type: 'INTEGER' },
      { name: 'ts', type: 'INTEGER' },
      { name: 'payload', type: 'JSON' },
      { name: 'name', type: 'STRING' },
      { name: 'active', type: 'BOOLEAN' },
    ],
  },
  customers: {
    columns: [
      { name: 'id', type: 'INTEGER' },
      { name: 'cname', type: 'STRING' },
    ],
  },
};

function analyze(sql: string) {
  const parsed = parseSql(sql);
  expect(parsed.diagnostics).toEqual([]);
  return analyzeProgram(parsed.statements, {
    schemas,
    boundSources: ['orders', 'customers'],
    text: sql,
  });
}

const TRADE_COLUMNS = 'symbol, price, qty, ts, payload, name, active';

/**
 * [sql ($T = the trades file), message, text the diagnostic starts at (its first occurrence
 * gives the column, line 1), hint]. Each query must produce exactly this one error.
 */
const cases: [string, string, string, string?][] = [
  ['SELECT symbl FROM $T', m.unknownColumn('symbl'), 'symbl', hints.didYouMean('symbol')],
  [
    'SELECT XXXX FROM $T',
    m.unknownColumn('XXXX'),
    'XXXX',
    hints.availableColumns(TRADE_COLUMNS.split(', ')),
  ],
  [
    'SELECT symbol, COUNT(*) FROM $T GROUP BY XXXX',
    m.unknownColumn('XXXX'),
    'XXXX',
    hints.didYouMean('symbol'),
  ],
  ['SELECT x.price FROM $T t', m.unknownRelation('x'), 'x.price', hints.didYouMean('t')],
  [
    'SELECT t.prise FROM $T t',
    m.unknownColumnInRelation('prise', 't'),
    't.prise',
    hints.didYouMean('price'),
  ],
  ['SELECT price.a FROM $T', m.noFieldOnType('price', 'DECIMAL', 'a'), 'price.a'],
  // A WITH query, a subquery in FROM or a set operation's query is computed on its own, once.
  [
    'SELECT symbol, (WITH c AS (SELECT id FROM customers WHERE id = o.qty) SELECT COUNT(*) FROM c) AS n FROM $T o',
    m.outerReferenceInOwnQuery('o'),
    'o.qty',
    hints.filterWhereRead('o.qty'),
  ],
  [
    'SELECT symbol FROM $T o WHERE EXISTS (SELECT 1 FROM (SELECT id FROM customers WHERE id = o.qty) d)',
    m.outerReferenceInOwnQuery('o'),
    'o.qty',
    hints.filterWhereRead('o.qty'),
  ],
  [
    'SELECT symbol FROM $T o WHERE qty IN (SELECT id FROM customers WHERE cname = o.name UNION SELECT 1)',
    m.outerReferenceInOwnQuery('o'),
    'o.name',
    hints.filterWhereRead('o.name'),
  ],
  ['SELECT * FROM ordrs', m.unknownSource('ordrs'), 'ordrs', hints.didYouMean('orders')],
  ['SELECT * FROM nothing', m.unknownSource('nothing'), 'nothing'],
  [
    'SELECT cname FROM orders o JOIN orders p ON o.k = p.k',
    m.ambiguousColumn('cname'),
    'cname',
    hints.qualify(['o', 'p']),
  ],
  ['SELECT SUMM(price) FROM $T', m.unknownFunction('SUMM'), 'SUMM', hints.didYouMean('SUM')],
  ['SELECT ABS(1, 2) FROM $T', 'function ABS expects 1 argument, got 2', 'ABS'],
  ['SELECT UPPER(price) FROM $T', 'argument 1 of UPPER must be STRING, got DECIMAL', 'UPPER'],
  ['SELECT COUNT() FROM $T', m.argumentCount('COUNT', '1', 0), 'COUNT'],
  ['SELECT SUM(*) FROM $T', m.starNotAllowed('SUM'), 'SUM'],
  ['SELECT UPPER(DISTINCT name) FROM $T', m.distinctNotAllowed('UPPER'), 'UPPER'],
  [
    'SELECT symbol, SUM(price) FROM $T',
    m.ungroupedColumn('symbol'),
    'symbol',
    hints.groupBy('symbol'),
  ],
  [
    'SELECT symbol, qty + 1, SUM(price) FROM $T GROUP BY symbol',
    m.ungroupedColumn('qty'),
    'qty',
    hints.groupBy('qty'),
  ],
  [
    'SELECT symbol, COUNT(*) FROM $T GROUP BY symbol HAVING qty > 1',
    m.ungroupedColumn('qty'),
    'qty >',
    hints.groupBy('qty'),
  ],
  [
    'SELECT symbol FROM $T WHERE SUM(price) > 1 GROUP BY symbol',
    m.aggregateInWhere(),
    'SUM',
    hints.useHaving(),
  ],
  ['SELECT symbol FROM $T GROUP BY COUNT(*)', m.aggregateInGroupBy(), 'COUNT'],
  ['SELECT c.cname FROM $T t JOIN customers c ON MAX(t.qty) = c.id', m.aggregateInJoin(), 'MAX'],
  ['SELECT SUM(MAX(price)) FROM $T', m.nestedAggregate(), 'MAX'],
  ['SELECT symbol FROM $T HAVING active', m.havingWithoutAggregation(), 'active'],
  ['SELECT symbol FROM $T GROUP BY 2', m.groupByPosition('2', 1), '2'],
  ['SELECT ROW_NUMBER() FROM $T', m.windowFunctionNeedsOver('ROW_NUMBER'), 'ROW_NUMBER'],
  ['SELECT UPPER(name) OVER (ORDER BY ts) FROM $T', m.overNotAllowed('UPPER'), 'UPPER'],
  [
    'SELECT symbol FROM $T WHERE ROW_NUMBER() OVER (ORDER BY ts) = 1',
    m.windowFunctionNotAllowed('WHERE'),
    'ROW_NUMBER',
  ],
  ['SELECT LAG() OVER (ORDER BY ts) FROM $T', m.argumentCount('LAG', '1 to 3', 0), 'LAG'],
  [
    'SELECT SUM(price) OVER (ORDER BY ts ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM $T',
    m.frameOffsetInvalid(),
    '-1',
  ],
  [
    "SELECT SUM(price) OVER (ORDER BY ts, qty RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) FROM $T",
    m.rangeNeedsOneOrderBy(),
    'RANGE',
  ],
  [
    'SELECT SUM(price) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM $T',
    m.frameOrderInvalid(),
    'ROWS',
  ],
  ['SELECT name + 1 FROM $T', m.operatorTypes('+', 'STRING', 'INTEGER'), 'name'],
  [
    "SELECT name - INTERVAL '1' MINUTE FROM $T",
    m.operatorTypes('-', 'STRING', 'INTEGER'),
    'name',
    hints.castText(),
  ],
  ['SELECT -name FROM $T', m.unaryTypes('-', 'STRING'), '-name'],
  ['SELECT name FROM $T WHERE qty', m.notBoolean('WHERE condition', 'INTEGER'), 'qty'],
  ['SELECT name FROM $T WHERE name = 1', m.operatorTypes('=', 'STRING', 'INTEGER'), 'name = 1'],
  ['SELECT name FROM $T WHERE active AND qty', m.notBoolean('argument of AND', 'INTEGER'), 'qty'],
  ["SELECT name FROM $T WHERE qty LIKE 'a%'", m.likeTypes('INTEGER'), 'qty'],
  [
    "SELECT name FROM $T WHERE qty BETWEEN 'a' AND 2",
    m.operatorTypes('BETWEEN', 'INTEGER', 'STRING'),
    "'a'",
  ],
  ["SELECT name FROM $T WHERE qty IN (1, 'x')", m.operatorTypes('IN', 'INTEGER', 'STRING'), "'x'"],
  [
    'SELECT CASE WHEN qty THEN 1 END FROM $T',
    m.notBoolean('CASE WHEN condition', 'INTEGER'),
    'qty',
  ],
  ['SELECT CAST(active AS TIMESTAMP) FROM $T', m.castInvalid('BOOLEAN', 'TIMESTAMP'), 'CAST'],
  ['SELECT CAST(price AS DECIMAL(2, 5)) FROM $T', m.decimalScale(2, 5), 'DECIMAL'],
  ['SELECT EXTRACT(FORTNIGHT FROM ts) FROM $T', m.extractField('FORTNIGHT'), 'FORTNIGHT'],
  ['SELECT EXTRACT(HOUR FROM active) FROM $T', m.extractType('BOOLEAN'), 'active'],
  ["SELECT HEADER('a', 'b') FROM $T", m.headerArgs('HEADER', '1', 2), 'HEADER'],
  [
    "SELECT COUNT(*) FROM $T WINDOW TUMBLING(0s) WITH ('event.time.field' = 'ts')",
    m.windowSizePositive('size'),
    '0s',
  ],
  [
    "SELECT COUNT(*) FROM $T WINDOW SLIDING(10s, 1m) WITH ('event.time.field' = 'ts')",
    m.slidingAdvance(),
    '1m',
  ],
  [
    "SELECT COUNT(*) FROM $T GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE) WINDOW TUMBLING(1m)",
    m.twoWindows(),
    'TUMBLE(',
  ],
  [
    'SELECT COUNT(*) FROM $T GROUP BY TUMBLE(ts, 5)',
    m.intervalInvalid(),
    '5)',
    "write a duration such as INTERVAL '1' MINUTE",
  ],
  [
    "SELECT COUNT(*) FROM $T GROUP BY HOP(ts, INTERVAL '1' MINUTE)",
    m.argumentCount('HOP', '3', 2),
    'HOP',
  ],
  [
    "SELECT TUMBLE(ts, INTERVAL '1' MINUTE) FROM $T",
    m.groupWindowOutsideGroupBy('TUMBLE'),
    'TUMBLE',
  ],
  [
    "SELECT symbol FROM $T WINDOW TUMBLING(1m) WITH ('event.time.field' = 'ts')",
    m.windowWithoutAggregate(),
    'WINDOW',
  ],
  [
    'SELECT TUMBLE_START(), symbol FROM $T',
    m.windowBoundWithoutWindow('TUMBLE_START'),
    'TUMBLE_START',
  ],
  ['SELECT _window_start FROM $T', m.windowColumnWithoutWindow('_window_start'), '_window_start'],
  [
    "SELECT symbol, COUNT(*) FROM 'kafka://k/orders' GROUP BY symbol EMIT FINAL",
    m.emitFinalUnbounded('kafka://k/orders'),
    'EMIT',
    hints.addWindow(),
  ],
  [
    "SELECT symbol, COUNT(*) FROM 'datagen://orders' GROUP BY symbol EMIT FINAL",
    m.emitFinalUnbounded('datagen://orders'),
    'EMIT',
    hints.addWindow(),
  ],
  ['SELECT symbol FROM $T EMIT FINAL', m.emitWithoutAggregate(), 'EMIT'],
  [
    "SELECT * FROM $T WITH ('event.time.format' = 'rfc')",
    m.badEventTimeFormat('rfc'),
    "'event.time.format'",
  ],
  [
    "SELECT * FROM $T WITH ('watermark.delay' = 'soon')",
    m.badWatermarkDelay('soon'),
    "'watermark.delay'",
  ],
  ["SELECT * FROM $T WITH ('late.policy' = 'keep')", m.badLatePolicy('keep'), "'late.policy'"],
  ["SELECT * FROM 'kafka://k/t?late.policy=keep'", m.badLatePolicy('keep'), "'kafka"],
  [
    "SELECT * FROM 'kafka://k/t' t RIGHT JOIN customers c ON t.qty = c.id",
    m.outerJoinNeedsTimeBound('RIGHT'),
    'RIGHT',
  ],
  [
    'SELECT * FROM $T t JOIN customers c ON t.qty',
    m.notBoolean('JOIN condition', 'INTEGER'),
    't.qty',
  ],
  [
    'SELECT symbol FROM $T WHERE qty IN (SELECT id, cname FROM customers)',
    m.subqueryColumns('IN'),
    'SELECT id',
  ],
  ['SELECT (SELECT * FROM orders) FROM $T', m.subqueryColumns('scalar'), 'SELECT *'],
  ['SELECT a', m.fromRequired(), 'SELECT a'],
  ['SELECT symbol FROM $T LIMIT 9007199254740993', m.limitTooLarge(), '9007199254740993'],
];

describe('analysis errors', () => {
  it.each(cases)('%s', (template, message, at, hint) => {
    const sql = template.replaceAll('$T', T);
    const { diagnostics } = analyze(sql);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.message)).toContain(message);
    const d = errors.find((x) => x.message === message)!;
    expect({ line: d.line, column: d.column, hint: d.hint }).toEqual({
      line: 1,
      column: sql.indexOf(at) + 1,
      hint,
    });
    if (template !== 'SELECT a') expect(errors).toHaveLength(1);
  });

  it('reports positions on later lines and statements', () => {
    const sql = `CREATE STREAM s AS SELECT symbol, price FROM ${T};\nSELECT symbl\nFROM s;\nCREATE TABLE s AS SELECT 1 FROM ${T}`;
    const { diagnostics } = analyze(sql);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `error: ${m.unknownColumn('symbl')} at line 2, column 8\n  hint: did you mean "symbol"?`,
      `error: ${m.alreadyDefined('s')} at line 4, column 14`,
    ]);
  });

  it('reports absurdly deep expressions instead of overflowing the stack', () => {
    const sql = `SELECT ${Array.from({ length: 50_000 }, () => 'qty').join(' + ')} FROM ${T}`;
    const { diagnostics } = analyze(sql);
    expect(diagnostics.map((d) => [d.message, d.line, d.column])).toEqual([[m.tooDeep(), 1, 1]]);
  });

  it('formats the DESIGN example', () => {
    const { diagnostics } = analyze(`SELECT symbol, COUNT(*) FROM ${T}\nGROUP BY XXXX`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'error: column "XXXX" does not exist at line 2, column 10\n  hint: did you mean "symbol"?',
    ]);
  });
});

describe('diagnostic codes', () => {
  const codes: [string, string][] = [
    ['SELECT symbl FROM $T', 'unknown_column'],
    ['SELECT t.prise FROM $T t', 'unknown_column'],
    ['SELECT x.price FROM $T t', 'unknown_relation'],
    ['SELECT cname FROM orders o JOIN orders p ON o.k = p.k', 'ambiguous_column'],
    ['SELECT SUMM(price) FROM $T', 'unknown_function'],
    ['SELECT * FROM ordrs', 'unknown_source'],
    ['SELECT symbol, SUM(price) FROM $T', 'ungrouped_column'],
    ['SELECT symbol FROM $T WHERE SUM(price) > 1 GROUP BY symbol', 'aggregate'],
    ['SELECT ROW_NUMBER() FROM $T', 'window_function'],
    ['SELECT ABS(1, 2) FROM $T', 'arguments'],
    ['SELECT name + 1 FROM $T', 'type_mismatch'],
    ['SELECT UPPER(price) FROM $T', 'type_mismatch'],
    ['SELECT TUMBLE_START(), symbol FROM $T', 'window'],
    ["SELECT symbol, COUNT(*) FROM 'kafka://k/o' GROUP BY symbol EMIT FINAL", 'emit'],
    ["SELECT * FROM $T WITH ('late.policy' = 'keep')", 'option'],
    ["SELECT * FROM 'kafka://k/t' t RIGHT JOIN customers c ON t.qty = c.id", 'join'],
    ['SELECT (SELECT * FROM orders) FROM $T', 'subquery'],
  ];
  it.each(codes)('%s → %s', (template, code) => {
    const { diagnostics } = analyze(template.replaceAll('$T', T));
    expect(diagnostics.map((d) => d.code)).toEqual([code]);
  });
});

describe('analysis warnings', () => {
  it('warns when a window runs on processing time', () => {
    const { diagnostics } = analyze(`SELECT COUNT(*) FROM ${T} WINDOW TUMBLING(1m)`);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'processing_time',
        message: m.processingTime('file:///trades.jsonl'),
        hint: hints.eventTime(),
        line: 1,
        column: 45,
        endLine: 1,
        endColumn: 64,
      },
    ]);
  });

  it.each([
    ['PERCENT_RANK() OVER (PARTITION BY product ORDER BY ts)', 'PERCENT_RANK'],
    ['ROW_NUMBER() OVER (ORDER BY amount DESC)', 'ROW_NUMBER'],
    ['SUM(amount) OVER (ORDER BY ts ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)', 'SUM'],
  ])('warns that %s never emits on an unbounded source', (call, name) => {
    const sql = `SELECT ${call} AS x FROM 'datagen://orders'`;
    expect(analyze(sql).diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'over_never_emits',
        message: m.overNeedsWholePartition(name, 'datagen://orders'),
        hint: hints.boundedOver(),
        line: 1,
        column: 8,
        endLine: 1,
        endColumn: 8 + name.length,
      },
    ]);
  });

  it.each([
    ['SUM(amount) OVER ()', 'SUM'],
    ['COUNT(*) OVER (PARTITION BY product)', 'COUNT'],
    ['LAST_VALUE(amount) OVER (PARTITION BY product RANGE UNBOUNDED PRECEDING)', 'LAST_VALUE'],
  ])('refuses %s (the whole partition) on an unbounded source', (call, name) => {
    const sql = `SELECT ${call} AS x FROM 'datagen://orders'`;
    expect(analyze(sql).diagnostics).toEqual([
      {
        severity: 'error',
        code: 'over_never_emits',
        message: m.overWithoutOrderUnbounded(name, 'datagen://orders'),
        hint: hints.unorderedOver(),
        line: 1,
        column: 8,
        endLine: 1,
        endColumn: 8 + name.length,
      },
    ]);
  });

  it.each([
    'ROW_NUMBER() OVER (PARTITION BY product)',
    'LAG(amount) OVER ()',
    'RANK() OVER ()',
    'SUM(amount) OVER (ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)',
  ])('accepts %s on an unbounded source (arrival order, no whole partition)', (call) => {
    expect(analyze(`SELECT ${call} AS x FROM 'datagen://orders'`).diagnostics).toEqual([]);
  });

  it('accepts an aggregate OVER () over a bounded source', () => {
    expect(analyze(`SELECT SUM(price) OVER () AS s FROM ${T}`).diagnostics).toEqual([]);
    const pg = "'postgresql://u@h/db?table=orders'";
    expect(analyze(`SELECT SUM(amount) OVER () AS s FROM ${pg}`).diagnostics).toEqual([]);
  });

  it.each([
    "'file:///in/*.jsonl?watch=true'",
    "'postgresql://u@h/db?table=orders&cdc=true'",
    "'postgresql://u@h/db?table=orders&cursor.column=id'",
  ])('knows that %s never ends', (uri) => {
    const d = analyze(`SELECT SUM(amount) OVER () AS s FROM ${uri}`).diagnostics;
    expect(d.map((x) => x.message)).toEqual([m.overWithoutOrderUnbounded('SUM', uri.slice(1, -1))]);
  });

  it('does not warn for whole-partition window functions over a bounded source', () => {
    expect(
      analyze(`SELECT ROW_NUMBER() OVER (ORDER BY price DESC) AS r FROM ${T}`).diagnostics,
    ).toEqual([]);
  });

  const noWarning = [
    `SELECT COUNT(*) FROM ${T} WINDOW TUMBLING(1m) WITH ('event.time.field' = 'ts')`,
    "SELECT COUNT(*) FROM 'file:///x.jsonl?event.time.field=ts' WINDOW TUMBLING(1m)",
    "SELECT COUNT(*) FROM 'kafka://k/orders' WINDOW TUMBLING(1m)",
    "SELECT COUNT(*) FROM 'datagen://orders' WINDOW TUMBLING(1m)",
    `SELECT COUNT(*) FROM ${T} GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)`,
  ];
  it.each(noWarning)('no warning: %s', (sql) => {
    expect(analyze(sql).diagnostics).toEqual([]);
  });
});
