import { describe, expect, it } from 'vitest';
import { formatJsonRow } from '../formats/json.ts';
import type { EngineRecord } from '../types/value.ts';
import { compile } from './compile.ts';
import { explain } from './explain.ts';
import { createPipeline, restorePipeline } from './pipeline.ts';
import { compileOrThrow, records, run } from './test-support.ts';

const trades = records(`
{"sym":"A","px":10.50,"ts":0}
{"sym":"B","px":3.25,"ts":400}
{"sym":"A","px":11.00,"ts":999}
{"sym":"A","px":12.00,"ts":1000}
{"sym":"B","px":1.75,"ts":3500}
`);

const WITH = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";

describe('windows through the public API', () => {
  it('tumbling EMIT FINAL: one row per group per window, window end exclusive, empty windows skipped', () => {
    const r = run(
      `SELECT sym, COUNT(*) AS n, SUM(px) AS total, TUMBLE_START() AS ws FROM trades GROUP BY sym WINDOW TUMBLING(1s) ${WITH}`,
      { trades },
    );
    expect(r.out.result).toEqual([
      '{"sym":"A","n":2,"total":"21.50","ws":"1970-01-01T00:00:00.000Z"}',
      '{"sym":"B","n":1,"total":"3.25","ws":"1970-01-01T00:00:00.000Z"}',
      '{"sym":"A","n":1,"total":"12.00","ws":"1970-01-01T00:00:01.000Z"}',
      '{"sym":"B","n":1,"total":"1.75","ws":"1970-01-01T00:00:03.000Z"}',
    ]);
  });

  it('gives the same output whatever the batch sizes', () => {
    const sql = `SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym WINDOW SLIDING(2s, 1s) ${WITH}`;
    const input = records(`
{"sym":"A","ts":0}
{"sym":"A","ts":2500}
{"sym":"A","ts":100}
{"sym":"A","ts":1200}
`);
    const one = run(sql, { trades: input });
    const batch = run(sql, { trades: input }, { batch: true });
    expect(batch).toEqual(one);
    expect(one.dlq).toEqual([
      {
        record: '{"sym":"A","ts":100}',
        reason:
          'late record: event time 1970-01-01T00:00:00.100Z is behind the watermark 1970-01-01T00:00:02.500Z',
      },
    ]);
  });

  it('session windows split by the gap', () => {
    const r = run(
      `SELECT sym, COUNT(*) AS n, SESSION_START() AS s, SESSION_END() AS e FROM trades GROUP BY sym WINDOW SESSION(1s) ${WITH}`,
      { trades: records('{"sym":"A","ts":0}\n{"sym":"A","ts":1000}\n{"sym":"A","ts":2001}') },
    );
    expect(r.out.result).toEqual([
      '{"sym":"A","n":2,"s":"1970-01-01T00:00:00.000Z","e":"1970-01-01T00:00:02.000Z"}',
      '{"sym":"A","n":1,"s":"1970-01-01T00:00:02.001Z","e":"1970-01-01T00:00:03.001Z"}',
    ]);
  });

  it('EMIT CHANGES emits an updated row per record', () => {
    const r = run(
      `SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym WINDOW TUMBLING(1s) EMIT CHANGES ${WITH}`,
      { trades: trades.slice(0, 3) },
    );
    expect(r.out.result).toEqual(['{"sym":"A","n":1}', '{"sym":"B","n":1}', '{"sym":"A","n":2}']);
  });

  it('running aggregate: changes by default, once per group with EMIT FINAL', () => {
    const sql = 'SELECT sym, MAX(px) AS hi FROM trades GROUP BY sym';
    expect(run(sql, { trades }).out.result).toEqual([
      '{"sym":"A","hi":"10.50"}',
      '{"sym":"B","hi":"3.25"}',
      '{"sym":"A","hi":"11.00"}',
      '{"sym":"A","hi":"12.00"}',
      '{"sym":"B","hi":"3.25"}',
    ]);
    expect(run(`${sql} EMIT FINAL`, { trades }).out.result).toEqual([
      '{"sym":"A","hi":"12.00"}',
      '{"sym":"B","hi":"3.25"}',
    ]);
  });

  it('HAVING filters groups and LIMIT stops the output', () => {
    const r = run(
      'SELECT sym, COUNT(*) AS n FROM trades GROUP BY sym HAVING COUNT(*) > 2 EMIT FINAL',
      { trades },
    );
    expect(r.out.result).toEqual(['{"sym":"A","n":3}']);
    expect(run('SELECT sym FROM trades LIMIT 2', { trades }).out.result).toEqual([
      '{"sym":"A"}',
      '{"sym":"B"}',
    ]);
  });
});

describe('errors and NULLs', () => {
  it('division by zero sends the record to the dead letters with its SQL position', () => {
    const r = run('SELECT a,\n  a / b AS q FROM t', { t: records('{"a":1,"b":0}\n{"a":6,"b":4}') });
    expect(r.out.result).toEqual(['{"a":6,"q":1}']);
    expect(r.dlq).toEqual([
      { record: '{"a":1,"b":0}', reason: 'division by zero', line: 2, column: 3 },
    ]);
  });

  it('NULL comparisons filter out, IS NULL keeps', () => {
    const t = records('{"a":null}\n{"a":1}');
    expect(run('SELECT a FROM t WHERE a = 1 OR a <> 1', { t }).out.result).toEqual(['{"a":1}']);
    expect(run('SELECT a FROM t WHERE a IS NULL', { t }).out.result).toEqual(['{"a":null}']);
  });
});

describe('joins', () => {
  const customers = records('{"id":1,"name":"Ada"}\n{"id":2,"name":"Bob"}');
  const orders = records('{"oid":10,"cid":1}\n{"oid":11,"cid":3}\n{"oid":12,"cid":null}');

  it('stream–table LEFT JOIN keeps orders without a customer', () => {
    const r = run('SELECT o.oid, c.name FROM orders o LEFT JOIN customers c ON o.cid = c.id', {
      orders,
      customers,
    });
    expect(r.out.result).toEqual([
      '{"oid":10,"name":"Ada"}',
      '{"oid":11,"name":null}',
      '{"oid":12,"name":null}',
    ]);
  });

  it('a CREATE TABLE keyed by its GROUP BY matches every row with the join key', () => {
    const sales = records(
      '{"region":"EU","city":"Oslo"}\n{"region":"EU","city":"Rome"}\n{"region":"EU","city":"Oslo"}',
    );
    const visits = records('{"region":"EU","id":1}');
    const r = run(
      `CREATE TABLE per_city AS SELECT region, city, COUNT(*) AS n FROM sales GROUP BY region, city;
       SELECT v.id, t.city, t.n FROM visits v JOIN per_city t ON v.region = t.region`,
      { sales, visits },
    );
    expect(r.out.result).toEqual(['{"id":1,"city":"Oslo","n":2}', '{"id":1,"city":"Rome","n":1}']);
  });

  it('waits for the table to load even when the stream is pushed first', () => {
    const r = run('SELECT o.oid, c.name FROM orders o JOIN customers c ON o.cid = c.id', {
      orders,
      customers,
    });
    expect(r.out.result).toEqual(['{"oid":10,"name":"Ada"}']);
  });

  it('markTableLoaded starts the stream side of an unbounded table source', () => {
    const program = compileOrThrow(
      'SELECT o.oid, c.name FROM orders o JOIN customers c ON o.cid = c.id',
      {
        orders,
        customers,
      },
    );
    expect(program.tableSources).toEqual(['customers']);
    const p = createPipeline(program);
    p.push(
      'orders',
      orders.map((r) => ({ ...r })),
    );
    p.push(
      'customers',
      customers.map((r) => ({ ...r })),
    );
    expect(p.takeOutput()).toEqual([]);
    p.markTableLoaded('customers');
    expect(p.takeOutput().flatMap((o) => o.records.map((r) => formatJsonRow(r.fields)))).toEqual([
      '{"oid":10,"name":"Ada"}',
    ]);
  });

  it('joins chain left-deep: a stream joined with a table, then with another stream', () => {
    const shipments = records('{"oid":10,"carrier":"UPS"}\n{"oid":11,"carrier":"DHL"}');
    const r = run(
      "SELECT o.oid, c.name, s.carrier FROM orders o LEFT JOIN customers c ON o.cid = c.id JOIN shipments s ON s.oid = o.oid AND s._event_time BETWEEN o._event_time AND o._event_time + INTERVAL '1' SECOND",
      { customers, shipments, orders },
      { batch: true },
    );
    expect(r.out.result).toEqual([
      '{"oid":10,"name":"Ada","carrier":"UPS"}',
      '{"oid":11,"name":null,"carrier":"DHL"}',
    ]);
  });

  it('a time bound on columns other than the event time is checked per pair', () => {
    const a = records('{"k":1,"c":100,"ts":5000}');
    const b = records('{"k":1,"c":150,"ts":5000}\n{"k":1,"c":400,"ts":5000}');
    const r = run(
      `SELECT b.c FROM a JOIN b ON a.k = b.k AND b.c BETWEEN a.c AND a.c + 100 ${WITH}`,
      { a, b },
      { batch: true },
    );
    expect(r.out.result).toEqual(['{"c":150}']);
  });

  it('interval join FULL OUTER emits unmatched rows when their bound passes', () => {
    const a = records('{"k":1,"ts":1000}\n{"k":2,"ts":1000}');
    const b = records('{"k":1,"ts":500}\n{"k":3,"ts":5000}');
    const r = run(
      `SELECT a.k AS ak, b.k AS bk FROM a FULL JOIN b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '1' SECOND AND a.ts ${WITH}`,
      { a, b },
      { batch: true },
    );
    expect(r.out.result).toEqual(['{"ak":1,"bk":1}', '{"ak":2,"bk":null}', '{"ak":null,"bk":3}']);
  });

  it('scalar subquery with an aggregate, and SELECT DISTINCT', () => {
    const limits = records('{"cid":1,"max":5}\n{"cid":1,"max":9}');
    expect(
      run('SELECT oid, (SELECT MAX(max) FROM limits l WHERE l.cid = o.cid) AS m FROM orders o', {
        orders,
        limits,
      }).out.result,
    ).toEqual(['{"oid":10,"m":9}', '{"oid":11,"m":null}', '{"oid":12,"m":null}']);
    expect(
      run('SELECT DISTINCT cid FROM orders2', {
        orders2: records('{"cid":1}\n{"cid":1}\n{"cid":null}'),
      }).out.result,
    ).toEqual(['{"cid":1}', '{"cid":null}']);
  });

  it('IN and EXISTS subqueries against a table', () => {
    const vip = records('{"id":1}');
    expect(
      run('SELECT oid FROM orders WHERE cid IN (SELECT id FROM vip)', { orders, vip }).out.result,
    ).toEqual(['{"oid":10}']);
    expect(
      run('SELECT oid FROM orders o WHERE NOT EXISTS (SELECT 1 FROM vip v WHERE v.id = o.cid)', {
        orders,
        vip,
      }).out.result,
    ).toEqual(['{"oid":11}', '{"oid":12}']);
  });
});

describe('statements, headers, snapshots', () => {
  it('runs the DESIGN §2 example end to end', () => {
    const sql = `-- @metric: velo_big_orders_total
-- @metric_type: counter
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
    const uri = 'kafka://localhost:9092/orders?group_id=analytics';
    const orders = records(`
{"customer_id":"c1","amount":150.25,"quantity":2,"ts":1000}
{"customer_id":"c1","amount":99.99,"quantity":1,"ts":2000}
{"customer_id":"c2","amount":300.10,"quantity":3,"ts":59999}
{"customer_id":"c1","amount":120.00,"quantity":1,"ts":64999}
{"customer_id":"c1","amount":101.00,"quantity":1,"ts":65000}
`);
    const c = compile(sql, { boundSources: [] });
    expect(c.ok).toBe(true);
    expect(c.program!.sinks[0]).toMatchObject({
      sink: 'file:///tmp/out/big_orders.jsonl?format=jsonl',
      annotations: [
        { key: 'metric', value: 'velo_big_orders_total' },
        { key: 'metric_type', value: 'counter' },
      ],
    });
    const p = createPipeline(c.program!);
    const lines = () =>
      p.takeOutput().flatMap((o) => o.records.map((r) => formatJsonRow(r.fields)));
    p.push(uri, orders.slice(0, 4));
    expect(lines()).toEqual([]);
    p.push(uri, orders.slice(4));
    expect(lines()).toEqual([
      '{"customer_id":"c1","total":"300.50","n":1,"window_start":"1970-01-01T00:00:00.000Z"}',
      '{"customer_id":"c2","total":"900.30","n":1,"window_start":"1970-01-01T00:00:00.000Z"}',
    ]);
    p.endOfInput(uri);
    expect(lines()).toEqual([
      '{"customer_id":"c1","total":"221.00","n":2,"window_start":"1970-01-01T00:01:00.000Z"}',
    ]);
  });

  it('later statements read earlier streams by name', () => {
    const r = run(
      `CREATE STREAM big AS SELECT sym, px FROM trades WHERE px > 5.00;
       SELECT sym, COUNT(*) AS n FROM big GROUP BY sym EMIT FINAL`,
      { trades },
    );
    expect(r.out.big.length).toBe(3);
    expect(r.out.result).toEqual(['{"sym":"A","n":3}']);
  });

  it('SET_HEADER and REMOVE_HEADER change the output headers', () => {
    const program = compileOrThrow(
      "SELECT a, SET_HEADER('x', a) AS h, REMOVE_HEADER('gone') AS g, HEADER('keep') AS k FROM t",
      {
        t: records('{"a":"v"}'),
      },
    );
    const p = createPipeline(program);
    p.push('t', [{ fields: { a: 'v' }, eventTime: 0, headers: { keep: '1', gone: '2' } }]);
    const [out] = p.takeOutput();
    expect(out.records[0].headers).toEqual({ keep: '1', x: 'v' });
    expect(formatJsonRow(out.records[0].fields)).toBe('{"a":"v","h":"v","g":"2","k":"1"}');
  });

  it('restore(snapshot) then the rest of the input gives the same output as one run', () => {
    const sql = `SELECT sym, COUNT(*) AS n, SUM(px) AS s FROM trades GROUP BY sym WINDOW TUMBLING(1s) ${WITH}`;
    const program = compileOrThrow(sql, { trades });
    const lines = (rs: { records: EngineRecord[] }[]) =>
      rs.flatMap((o) => o.records.map((r) => formatJsonRow(r.fields)));
    const whole = createPipeline(program);
    for (const r of trades) whole.push('trades', [{ ...r }]);
    whole.endOfInput('trades');
    const expected = lines(whole.takeOutput());
    for (let cut = 0; cut <= trades.length; cut++) {
      const a = createPipeline(program);
      for (const r of trades.slice(0, cut)) a.push('trades', [{ ...r }]);
      const got = lines(a.takeOutput());
      const snap = JSON.parse(JSON.stringify(a.snapshot()));
      const b = restorePipeline(program, snap);
      for (const r of trades.slice(cut)) b.push('trades', [{ ...r }]);
      b.endOfInput('trades');
      expect([...got, ...lines(b.takeOutput())]).toEqual(expected);
    }
  });

  it('a SELECT without FROM evaluates once', () => {
    const c = compile('SELECT 1 + 1 AS two, 10.00 / 3 AS q');
    const p = createPipeline(c.program!);
    expect(p.takeOutput().flatMap((o) => o.records.map((r) => formatJsonRow(r.fields)))).toEqual([
      '{"two":2,"q":"3.333333"}',
    ]);
    expect(p.finished).toBe(true);
  });

  it('metrics count records in/out, late and failed', () => {
    const program = compileOrThrow('SELECT 10 / x AS y FROM t', { t: records('{"x":0}') });
    const p = createPipeline(program);
    p.push('t', records('{"x":0}\n{"x":5}'));
    p.takeOutput();
    expect(p.metrics()).toMatchObject({ recordsIn: 2, recordsOut: 1, failed: 1, late: 0 });
  });

  it('explains the operator chain', () => {
    const c = compile(
      `SELECT sym, COUNT(*) AS n FROM trades WHERE px > 1 GROUP BY sym WINDOW TUMBLING(1m) ${WITH}`,
      { boundSources: ['trades'] },
    );
    expect(explain(c.program!)).toBe(
      [
        'statement 1: SELECT -> result',
        '  read trades <- source trades event-time=ts (epoch_millis) watermark-delay=0ms',
        '  filter WHERE',
        '  window-aggregate TUMBLING(60000ms) keys=1 aggregates=1 emit=final',
        '  project sym, n',
        '  emit -> result (sym, n)',
      ].join('\n'),
    );
  });
});
