import { describe, expect, it } from 'vitest';
import { parseSql } from './parser.ts';
import {
  bin,
  call,
  col,
  dec,
  id,
  int,
  interval,
  parseExprSql,
  parseOne,
  parseSelectSql,
  str,
  stripSpans,
  when,
} from './test-helpers.ts';

describe('expressions', () => {
  const cases: [string, unknown][] = [
    ['42', int(42)],
    ['9223372036854775807', int(9223372036854775807n)],
    [
      '-9223372036854775808',
      { kind: 'integer', text: '-9223372036854775808', value: -9223372036854775808n },
    ],
    ['100.00', dec('100.00')],
    ['-0.50', dec('-0.50')],
    ['123456789012345.67', dec('123456789012345.67')],
    ['1e3', { kind: 'float', text: '1e3', value: 1000 }],
    ['2.5E-4', { kind: 'float', text: '2.5E-4', value: 0.00025 }],
    ["'it''s'", str("it's")],
    ["'héllo 😀'", str('héllo 😀')],
    ['TRUE', { kind: 'boolean', value: true }],
    ['false', { kind: 'boolean', value: false }],
    ['NULL', { kind: 'null' }],
    ["INTERVAL '1' MINUTE", interval('1', 'MINUTE', 60_000)],
    ['INTERVAL 5 MINUTES', interval('5', 'MINUTE', 300_000)],
    ["INTERVAL '5 seconds'", interval('5', 'SECOND', 5_000)],
    ["INTERVAL '1.5' HOUR", interval('1.5', 'HOUR', 5_400_000)],
    [
      "TIMESTAMP '2023-11-14T22:13:20Z'",
      { kind: 'timestamp', text: '2023-11-14T22:13:20Z', ms: 1_700_000_000_000 },
    ],
    ['amount', col('amount')],
    ['o.amount', col('o', 'amount')],
    ['payload.device.id', col('payload', 'device', 'id')],
    ['"Weird Name"', { kind: 'column', parts: [id('Weird Name', true)] }],
    ['"select"', { kind: 'column', parts: [id('select', true)] }],
    ['tags[0]', { kind: 'index_access', base: col('tags'), index: int(0) }],
    [
      'tags[0].name',
      {
        kind: 'field_access',
        base: { kind: 'index_access', base: col('tags'), index: int(0) },
        field: id('name'),
      },
    ],
    ['a + b * c', bin('+', col('a'), bin('*', col('b'), col('c')))],
    ['(a + b) * c', bin('*', bin('+', col('a'), col('b')), col('c'))],
    ['a - b - c', bin('-', bin('-', col('a'), col('b')), col('c'))],
    ['a % 2', bin('%', col('a'), int(2))],
    ["a || '-' || b", bin('||', bin('||', col('a'), str('-')), col('b'))],
    ["'x' || 1 + 2", bin('||', str('x'), bin('+', int(1), int(2)))],
    ['-a', { kind: 'unary', op: '-', operand: col('a') }],
    ['a != b', bin('<>', col('a'), col('b'))],
    [
      'a <= 1 AND b > 2 OR c',
      bin('OR', bin('AND', bin('<=', col('a'), int(1)), bin('>', col('b'), int(2))), col('c')),
    ],
    ['NOT a = 1', { kind: 'unary', op: 'NOT', operand: bin('=', col('a'), int(1)) }],
    ['a IS NULL', { kind: 'is_null', operand: col('a'), negated: false }],
    ['a IS NOT NULL', { kind: 'is_null', operand: col('a'), negated: true }],
    [
      'a BETWEEN 1 AND 2',
      { kind: 'between', operand: col('a'), low: int(1), high: int(2), negated: false },
    ],
    [
      'a NOT BETWEEN 1 AND 2',
      { kind: 'between', operand: col('a'), low: int(1), high: int(2), negated: true },
    ],
    [
      "a IN ('x', 'y')",
      { kind: 'in_list', operand: col('a'), list: [str('x'), str('y')], negated: false },
    ],
    ['a NOT IN (1)', { kind: 'in_list', operand: col('a'), list: [int(1)], negated: true }],
    [
      "a LIKE 'x%'",
      {
        kind: 'like',
        operand: col('a'),
        pattern: str('x%'),
        escape: null,
        negated: false,
        caseInsensitive: false,
      },
    ],
    [
      "a NOT ILIKE 'x!%' ESCAPE '!'",
      {
        kind: 'like',
        operand: col('a'),
        pattern: str('x!%'),
        escape: str('!'),
        negated: true,
        caseInsensitive: true,
      },
    ],
    [
      'CASE WHEN a > 1 THEN 1 ELSE 0 END',
      {
        kind: 'case',
        operand: null,
        whens: [when(bin('>', col('a'), int(1)), int(1))],
        elseResult: int(0),
      },
    ],
    [
      "CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
      {
        kind: 'case',
        operand: col('a'),
        whens: [when(int(1), str('one')), when(int(2), str('two'))],
        elseResult: null,
      },
    ],
    [
      'CAST(a AS DECIMAL(10, 2))',
      {
        kind: 'cast',
        operand: col('a'),
        type: { kind: 'type_name', name: 'DECIMAL', type: 'DECIMAL', precision: 10, scale: 2 },
      },
    ],
    [
      'a::bigint',
      {
        kind: 'cast',
        operand: col('a'),
        type: { kind: 'type_name', name: 'BIGINT', type: 'INTEGER', precision: null, scale: null },
      },
    ],
    ['EXTRACT(HOUR FROM ts)', { kind: 'extract', field: 'HOUR', operand: col('ts') }],
    ['COUNT(*)', call('COUNT', [], { star: true })],
    ['COUNT(DISTINCT customer_id)', call('COUNT', [col('customer_id')], { distinct: true })],
    ['upper(name)', call('UPPER', [col('name')])],
    ['NOW()', call('NOW', [])],
    ['LEFT(s, 2)', call('LEFT', [col('s'), int(2)])],
    ['SUBSTRING(s FROM 2 FOR 3)', call('SUBSTRING', [col('s'), int(2), int(3)])],
    ['TRIM(s)', call('TRIM', [col('s')])],
    ["TRIM(s, 'x')", call('TRIM', [col('s'), str('x')])],
    ['TRIM(FROM s)', call('TRIM', [col('s')])],
    ["TRIM(BOTH 'x' FROM s)", call('TRIM', [col('s'), str('x')])],
    ["TRIM(LEADING 'x' FROM s)", call('LTRIM', [col('s'), str('x')])],
    ['TRIM(TRAILING FROM s)', call('RTRIM', [col('s')])],
    ["TRIM('x' FROM s)", call('TRIM', [col('s'), str('x')])],
    ["JSON_VALUE(payload, '$.a.b')", call('JSON_VALUE', [col('payload'), str('$.a.b')])],
    ['TUMBLE_START()', call('TUMBLE_START', [])],
    ['EXISTS (SELECT 1 FROM c)', { kind: 'exists', query: parseSelectSql('SELECT 1 FROM c') }],
    [
      '(SELECT MAX(x) FROM c)',
      { kind: 'scalar_subquery', query: parseSelectSql('SELECT MAX(x) FROM c') },
    ],
    [
      'a IN (SELECT id FROM c)',
      {
        kind: 'in_subquery',
        operand: col('a'),
        query: parseSelectSql('SELECT id FROM c'),
        negated: false,
      },
    ],
  ];
  it.each(cases)('%s', (sql, expected) => {
    expect(parseExprSql(sql)).toEqual(expected);
  });
});

describe('window functions', () => {
  const cases: [string, unknown][] = [
    [
      'ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts DESC NULLS LAST)',
      call('ROW_NUMBER', [], {
        over: {
          kind: 'over',
          partitionBy: [col('k')],
          orderBy: [{ kind: 'order_item', expr: col('ts'), direction: 'DESC', nulls: 'LAST' }],
          frame: null,
        },
      }),
    ],
    [
      'SUM(x) OVER (ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)',
      call('SUM', [col('x')], {
        over: {
          kind: 'over',
          partitionBy: [],
          orderBy: [{ kind: 'order_item', expr: col('ts'), direction: 'ASC', nulls: null }],
          frame: {
            kind: 'frame',
            unit: 'ROWS',
            start: { kind: 'frame_bound', type: 'PRECEDING', offset: int(2) },
            end: { kind: 'frame_bound', type: 'CURRENT_ROW', offset: null },
          },
        },
      }),
    ],
    [
      "AVG(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)",
      call('AVG', [col('x')], {
        over: {
          kind: 'over',
          partitionBy: [],
          orderBy: [{ kind: 'order_item', expr: col('ts'), direction: 'ASC', nulls: null }],
          frame: {
            kind: 'frame',
            unit: 'RANGE',
            start: {
              kind: 'frame_bound',
              type: 'PRECEDING',
              offset: interval('1', 'HOUR', 3_600_000),
            },
            end: { kind: 'frame_bound', type: 'CURRENT_ROW', offset: null },
          },
        },
      }),
    ],
    [
      'LAG(x, 1) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING)',
      call('LAG', [col('x'), int(1)], {
        over: {
          kind: 'over',
          partitionBy: [],
          orderBy: [{ kind: 'order_item', expr: col('ts'), direction: 'ASC', nulls: null }],
          frame: {
            kind: 'frame',
            unit: 'ROWS',
            start: { kind: 'frame_bound', type: 'UNBOUNDED_PRECEDING', offset: null },
            end: { kind: 'frame_bound', type: 'CURRENT_ROW', offset: null },
          },
        },
      }),
    ],
  ];
  it.each(cases)('%s', (sql, expected) => {
    expect(parseExprSql(sql)).toEqual(expected);
  });
});

describe('SELECT clauses', () => {
  it('parses every clause of the DESIGN example', () => {
    const sql = `-- @metric: velo_big_orders_total
-- @metric_type: counter
-- @metric_labels: customer_id
CREATE STREAM big_orders AS
SELECT customer_id, SUM(amount * quantity) AS total, COUNT(*) AS n,
       TUMBLE_START() AS window_start
FROM 'kafka://localhost:9092/orders?group_id=analytics' o
WHERE amount > 100.00
GROUP BY customer_id
WINDOW TUMBLING(1m)
EMIT FINAL
INTO 'file:///tmp/out/big_orders.jsonl?format=jsonl'
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis',
      'watermark.delay' = '5s');`;
    const stmt = stripSpans(parseOne(sql));
    expect(stmt.kind).toBe('create_stream');
    if (stmt.kind !== 'create_stream') return;
    expect(stmt.name).toEqual(id('big_orders'));
    expect(stmt.annotations).toEqual([
      { kind: 'annotation', key: 'metric', value: 'velo_big_orders_total' },
      { kind: 'annotation', key: 'metric_type', value: 'counter' },
      { kind: 'annotation', key: 'metric_labels', value: 'customer_id' },
    ]);
    expect(stmt.into).toEqual({
      kind: 'into',
      uri: 'file:///tmp/out/big_orders.jsonl?format=jsonl',
    });
    expect(stmt.with).toEqual([
      { kind: 'with_option', key: 'event.time.field', value: 'ts' },
      { kind: 'with_option', key: 'event.time.format', value: 'epoch_millis' },
      { kind: 'with_option', key: 'watermark.delay', value: '5s' },
    ]);
    const q = stmt.query;
    expect(q.items.map((i) => (i.kind === 'select_expr' ? (i.alias?.name ?? null) : '*'))).toEqual([
      null,
      'total',
      'n',
      'window_start',
    ]);
    expect(q.from).toEqual({
      kind: 'uri_source',
      uri: 'kafka://localhost:9092/orders?group_id=analytics',
      params: { group_id: 'analytics' },
      alias: id('o'),
    });
    expect(q.where).toEqual(bin('>', col('amount'), dec('100.00')));
    expect(q.groupBy).toEqual([col('customer_id')]);
    expect(q.window).toEqual({
      kind: 'window_tumbling',
      timeColumn: null,
      size: { kind: 'duration', text: '1m', ms: 60_000 },
    });
    expect(q.emit).toEqual({ kind: 'emit', mode: 'FINAL' });
  });

  const windows: [string, unknown][] = [
    [
      'TUMBLING(5s)',
      {
        kind: 'window_tumbling',
        timeColumn: null,
        size: { kind: 'duration', text: '5s', ms: 5000 },
      },
    ],
    [
      'TUMBLING(500ms)',
      {
        kind: 'window_tumbling',
        timeColumn: null,
        size: { kind: 'duration', text: '500ms', ms: 500 },
      },
    ],
    [
      'TUMBLING(INTERVAL 1 MINUTE)',
      { kind: 'window_tumbling', timeColumn: null, size: interval('1', 'MINUTE', 60_000) },
    ],
    [
      'TUMBLING(ts, 1h)',
      {
        kind: 'window_tumbling',
        timeColumn: col('ts'),
        size: { kind: 'duration', text: '1h', ms: 3_600_000 },
      },
    ],
    [
      'SLIDING(1m, 10s)',
      {
        kind: 'window_sliding',
        timeColumn: null,
        size: { kind: 'duration', text: '1m', ms: 60_000 },
        advance: { kind: 'duration', text: '10s', ms: 10_000 },
      },
    ],
    [
      'SESSION(30s)',
      {
        kind: 'window_session',
        timeColumn: null,
        gap: { kind: 'duration', text: '30s', ms: 30_000 },
      },
    ],
  ];
  it.each(windows)('WINDOW %s', (w, expected) => {
    expect(parseSelectSql(`SELECT COUNT(*) FROM t WINDOW ${w}`).window).toEqual(expected);
  });

  it('accepts WINDOW before GROUP BY', () => {
    const q = parseSelectSql(
      'SELECT k, COUNT(*) FROM t WINDOW TUMBLING(1h) GROUP BY k EMIT CHANGES LIMIT 10',
    );
    expect(q.groupBy).toEqual([col('k')]);
    expect(q.window?.kind).toBe('window_tumbling');
    expect(q.emit).toEqual({ kind: 'emit', mode: 'CHANGES' });
    expect(q.limit).toEqual(int(10));
  });

  it('parses Flink-style GROUP BY TUMBLE', () => {
    const q = parseSelectSql("SELECT COUNT(*) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), k");
    expect(q.groupBy).toEqual([
      call('TUMBLE', [col('ts'), interval('1', 'MINUTE', 60_000)]),
      col('k'),
    ]);
  });

  it('parses stars, DISTINCT and aliases', () => {
    const q = parseSelectSql('SELECT DISTINCT *, o.*, a x, b AS "Y" FROM orders');
    expect(q.distinct).toBe(true);
    expect(q.items).toEqual([
      { kind: 'select_star', qualifier: null },
      { kind: 'select_star', qualifier: id('o') },
      { kind: 'select_expr', expr: col('a'), alias: id('x') },
      { kind: 'select_expr', expr: col('b'), alias: id('Y', true) },
    ]);
    expect(q.from).toEqual({ kind: 'named_source', name: id('orders'), alias: null });
  });

  const joins: [string, string][] = [
    ['JOIN', 'INNER'],
    ['INNER JOIN', 'INNER'],
    ['LEFT JOIN', 'LEFT'],
    ['LEFT OUTER JOIN', 'LEFT'],
    ['RIGHT JOIN', 'RIGHT'],
    ['FULL OUTER JOIN', 'FULL'],
  ];
  it.each(joins)('%s', (kw, joinType) => {
    const q = parseSelectSql(`SELECT * FROM orders o ${kw} customers AS c ON o.customer_id = c.id`);
    expect(q.joins).toEqual([
      {
        kind: 'join',
        joinType,
        source: { kind: 'named_source', name: id('customers'), alias: id('c') },
        on: bin('=', col('o', 'customer_id'), col('c', 'id')),
      },
    ]);
  });

  it('decodes URI parameters', () => {
    const q = parseSelectSql(
      "SELECT * FROM 'file:///d/x.csv?format=csv&header=true&delimiter=%3B&columns=a,b'",
    );
    expect(q.from).toMatchObject({
      params: { format: 'csv', header: 'true', delimiter: ';', columns: 'a,b' },
    });
  });

  it('parses several statements and a plain SELECT with INTO/WITH', () => {
    const r = parseSql(
      "CREATE TABLE customers AS SELECT * FROM 'file:///c.jsonl';\nSELECT * FROM customers INTO 'stdout://' WITH ('late.policy' = 'drop');",
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.statements.map((s) => s.kind)).toEqual(['create_table', 'select_statement']);
    expect(r.statements[1].into?.uri).toBe('stdout://');
    expect(r.statements[1].span.start).toEqual({ offset: 59, line: 2, column: 1 });
  });

  it('attaches annotations only to the statement they precede', () => {
    const r = parseSql(
      '-- @metric: a\nSELECT x\n-- @metric: inside\nFROM t;\n-- plain comment\n-- @metric: b\nSELECT y FROM u',
    );
    expect(r.statements.map((s) => s.annotations.map((a) => a.value))).toEqual([['a'], ['b']]);
  });

  it('gives every node a span that points into the text', () => {
    const sql = 'SELECT a + 1 AS b\nFROM t';
    const q = parseOne(sql).query;
    const item = q.items[0];
    expect(item.span).toEqual({
      start: { offset: 7, line: 1, column: 8 },
      end: { offset: 17, line: 1, column: 18 },
    });
    expect(q.from?.span).toEqual({
      start: { offset: 23, line: 2, column: 6 },
      end: { offset: 24, line: 2, column: 7 },
    });
    expect(sql.slice(q.span.start.offset, q.span.end.offset)).toBe(sql);
  });
});
