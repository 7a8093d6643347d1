import { describe, expect, it } from 'vitest';
import type { ColumnRef, Expr } from '../sql/ast.ts';
import { parseSql } from '../sql/parser.ts';
import type { Schema } from '../types/schema.ts';
import { analyzeProgram } from './index.ts';

const T = "'file:///trades.jsonl'";
const schemas: Record<string, Schema> = {
  'file:///trades.jsonl': {
    columns: [
      { name: 'symbol', type: 'STRING' },
      { name: 'price', type: 'DECIMAL' },
      { name: 'qty', type: 'INTEGER' },
      { name: 'ts', type: 'INTEGER' },
      { name: 'payload', type: 'JSON' },
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
  const r = analyzeProgram(parsed.statements, {
    schemas,
    boundSources: ['orders', 'customers'],
    text: sql,
  });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.program;
}

function outputTypes(sql: string): [string, string, string][] {
  const p = analyze(sql);
  return p.statements[0].select.output.map((o) =>
    o.kind === 'expr' ? [o.name, o.type, o.classification] : ['*', 'ANY', 'plain'],
  );
}

describe('types and output columns', () => {
  const cases: [string, [string, string, string][]][] = [
    [
      `SELECT symbol, price * qty AS notional, price / 3, qty / 2, price * 1e0 FROM ${T}`,
      [
        ['symbol', 'STRING', 'plain'],
        ['notional', 'DECIMAL', 'plain'],
        ['expr3', 'DECIMAL', 'plain'],
        ['expr4', 'INTEGER', 'plain'],
        ['expr5', 'FLOAT', 'plain'],
      ],
    ],
    [
      `SELECT symbol, SUM(price), AVG(qty), COUNT(*), COUNT(DISTINCT qty), MIN(price), MAX(symbol) FROM ${T} GROUP BY symbol`,
      [
        ['symbol', 'STRING', 'plain'],
        ['sum', 'DECIMAL', 'aggregate'],
        ['avg', 'DECIMAL', 'aggregate'],
        ['count', 'INTEGER', 'aggregate'],
        ['count_2', 'INTEGER', 'aggregate'],
        ['min', 'DECIMAL', 'aggregate'],
        ['max', 'STRING', 'aggregate'],
      ],
    ],
    [
      `SELECT payload.device.id, payload['k'], CAST(qty AS DECIMAL(10, 2)) AS q, qty || 'x', EXTRACT(HOUR FROM ts), CASE WHEN qty > 1 THEN price ELSE 0 END AS c FROM ${T}`,
      [
        ['id', 'ANY', 'plain'],
        ['expr2', 'ANY', 'plain'],
        ['q', 'DECIMAL', 'plain'],
        ['expr4', 'STRING', 'plain'],
        ['hour', 'INTEGER', 'plain'],
        ['c', 'DECIMAL', 'plain'],
      ],
    ],
    [
      `SELECT symbol, ROW_NUMBER() OVER (PARTITION BY symbol ORDER BY ts) AS rn, LAG(price, 1) OVER (ORDER BY ts) AS prev FROM ${T}`,
      [
        ['symbol', 'STRING', 'plain'],
        ['rn', 'INTEGER', 'window'],
        ['prev', 'DECIMAL', 'window'],
      ],
    ],
    [
      `SELECT symbol, COUNT(*) AS n, TUMBLE_START() AS ws, _window_end FROM ${T} GROUP BY symbol WINDOW TUMBLING(1m) WITH ('event.time.field' = 'ts')`,
      [
        ['symbol', 'STRING', 'plain'],
        ['n', 'INTEGER', 'aggregate'],
        ['ws', 'TIMESTAMP', 'plain'],
        ['_window_end', 'INTEGER', 'plain'],
      ],
    ],
    [
      'SELECT *, _offset, _key FROM orders',
      [
        ['*', 'ANY', 'plain'],
        ['_offset', 'INTEGER', 'plain'],
        ['_key', 'STRING', 'plain'],
      ],
    ],
    [
      `SELECT * FROM ${T}`,
      [
        ['symbol', 'STRING', 'plain'],
        ['price', 'DECIMAL', 'plain'],
        ['qty', 'INTEGER', 'plain'],
        ['ts', 'INTEGER', 'plain'],
        ['payload', 'JSON', 'plain'],
      ],
    ],
  ];
  it.each(cases)('%s', (sql, expected) => {
    expect(outputTypes(sql)).toEqual(expected);
  });

  it('records the type of every expression node and the resolution of every column', () => {
    const p = analyze(`SELECT t.price * 2 AS x FROM ${T} t WHERE t.payload.a.b = 'z'`);
    const s = p.statements[0];
    const item = s.select.node.items[0];
    if (item.kind !== 'select_expr' || item.expr.kind !== 'binary') throw new Error('shape');
    expect(p.exprTypes.get(item.expr)).toBe('DECIMAL');
    expect(p.exprTypes.get(item.expr.right)).toBe('INTEGER');
    expect(p.refs.get(item.expr.left as ColumnRef)).toEqual({
      relation: 0,
      outerDepth: 0,
      column: 'price',
      system: null,
      path: [],
      type: 'DECIMAL',
    });
    const where = s.select.where as Extract<Expr, { kind: 'binary' }>;
    expect(p.refs.get(where.left as ColumnRef)).toMatchObject({
      column: 'payload',
      path: ['a', 'b'],
      type: 'ANY',
    });
  });
});

describe('windows, emit and event time', () => {
  const windows: [string, unknown, string][] = [
    [
      'WINDOW TUMBLING(5s)',
      {
        type: 'tumbling',
        sizeMs: 5000,
        advanceMs: 5000,
        timeColumn: null,
        origin: 'window_clause',
      },
      'final',
    ],
    [
      'WINDOW SLIDING(1m, 10s) EMIT CHANGES',
      {
        type: 'sliding',
        sizeMs: 60_000,
        advanceMs: 10_000,
        timeColumn: null,
        origin: 'window_clause',
      },
      'changes',
    ],
    [
      'WINDOW SESSION(30s)',
      { type: 'session', sizeMs: 30_000, advanceMs: 0, timeColumn: null, origin: 'window_clause' },
      'final',
    ],
    [
      "WINDOW TUMBLING(INTERVAL '1' HOUR)",
      {
        type: 'tumbling',
        sizeMs: 3_600_000,
        advanceMs: 3_600_000,
        timeColumn: null,
        origin: 'window_clause',
      },
      'final',
    ],
    ['', null, 'changes'],
  ];
  it.each(windows)('%s', (clause, window, emit) => {
    const p = analyze(`SELECT symbol, COUNT(*) FROM 'kafka://k/t' GROUP BY symbol ${clause}`);
    expect(p.statements[0].select.window).toEqual(window);
    expect(p.statements[0].select.emit).toBe(emit);
  });

  it('extracts Flink-style GROUP BY windows and keeps the other keys', () => {
    const p = analyze(
      `SELECT symbol, COUNT(*) FROM ${T} GROUP BY HOP(ts, INTERVAL '10' SECOND, INTERVAL '1' MINUTE), symbol`,
    );
    const s = p.statements[0].select;
    expect(s.window).toMatchObject({
      type: 'sliding',
      sizeMs: 60_000,
      advanceMs: 10_000,
      origin: 'group_by',
    });
    expect(s.window?.timeColumn).toMatchObject({ kind: 'column' });
    expect(s.groupBy).toHaveLength(1);
    expect(s.groupBy[0]).toMatchObject({ kind: 'column', parts: [{ name: 'symbol' }] });
  });

  it('reads event time from WITH over URI parameters', () => {
    const p = analyze(
      "SELECT COUNT(*) FROM 'kafka://k/t?event.time.field=a&watermark.delay=2s' WINDOW TUMBLING(1m) WITH ('event.time.field' = 'b', 'event.time.format' = 'iso8601', 'late.policy' = 'drop')",
    );
    expect(p.statements[0].eventTime).toEqual({
      field: 'b',
      format: 'iso8601',
      watermarkDelayMs: 2000,
      latePolicy: 'drop',
    });
    expect(p.sources).toEqual([
      {
        id: 'kafka://k/t?event.time.field=a&watermark.delay=2s',
        uri: 'kafka://k/t?event.time.field=a&watermark.delay=2s',
        params: { 'event.time.field': 'a', 'watermark.delay': '2s' },
        scheme: 'kafka',
        schema: null,
        eventTime: { field: 'b', format: 'iso8601', watermarkDelayMs: 2000, latePolicy: 'drop' },
      },
    ]);
  });

  it('allows EMIT FINAL without a window on bounded sources', () => {
    const p = analyze(`SELECT symbol, COUNT(*) FROM ${T} GROUP BY symbol EMIT FINAL`);
    expect(p.statements[0].select).toMatchObject({
      emit: 'final',
      emitExplicit: true,
      window: null,
    });
  });
});

describe('relations, joins, statements', () => {
  it('chains statements by name and types their output', () => {
    const p = analyze(
      `CREATE TABLE latest AS SELECT symbol, MAX(price) AS top FROM ${T} GROUP BY symbol;\nSELECT l.top + 1 AS t FROM latest l`,
    );
    const [first, second] = p.statements;
    expect(first).toMatchObject({ index: 0, kind: 'table', name: 'latest' });
    expect(second.select.relations[0].input).toEqual({
      kind: 'statement',
      statement: 0,
      statementKind: 'table',
      name: 'latest',
    });
    expect(second.select.outputColumns).toEqual([{ name: 't', type: 'DECIMAL' }]);
    expect(second.sql).toBe('SELECT l.top + 1 AS t FROM latest l');
  });

  it('classifies a stream–table join as a lookup with its keys', () => {
    const p = analyze(`SELECT t.symbol, c.cname FROM ${T} t LEFT JOIN customers c ON t.qty = c.id`);
    const j = p.statements[0].select.joins[0];
    expect(j).toMatchObject({
      joinType: 'LEFT',
      relation: 1,
      strategy: 'lookup',
      lowerMs: null,
      upperMs: null,
    });
    expect(j.keys).toHaveLength(1);
    expect(p.refs.get(j.keys[0].right as ColumnRef)).toMatchObject({ relation: 1, column: 'id' });
  });

  it('classifies a time-bounded stream–stream join as an interval join', () => {
    const p = analyze(
      "SELECT a.k FROM 'kafka://k/a' a FULL JOIN 'kafka://k/b' b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts + INTERVAL '1' MINUTE",
    );
    expect(p.statements[0].select.joins[0]).toMatchObject({
      strategy: 'interval',
      lowerMs: -300_000,
      upperMs: 60_000,
    });
  });

  it('resolves correlated subqueries against the outer query', () => {
    const p = analyze(
      `SELECT symbol FROM ${T} t WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = t.qty)`,
    );
    const sub = [...p.statements[0].select.subqueries.values()][0];
    const where = sub.where as Extract<Expr, { kind: 'binary' }>;
    expect(p.refs.get(where.right as ColumnRef)).toMatchObject({
      relation: 0,
      outerDepth: 1,
      column: 'qty',
    });
  });

  it('accepts GROUP BY and HAVING on SELECT aliases', () => {
    const p = analyze(`SELECT symbol AS s, COUNT(*) AS n FROM ${T} GROUP BY s HAVING n > 2`);
    expect(p.statements[0].select.aggregates.map((a) => a.name)).toEqual(['COUNT']);
  });

  it('collects metric annotations', () => {
    const p = analyze(
      `-- @metric: velo_x_total\n-- @metric_type: counter\nCREATE STREAM x AS SELECT * FROM ${T}`,
    );
    expect(p.statements[0].annotations).toEqual([
      { key: 'metric', value: 'velo_x_total' },
      { key: 'metric_type', value: 'counter' },
    ]);
  });
});
