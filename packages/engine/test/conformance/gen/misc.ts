import { add } from './lib.ts';

export function generateMiscCases(): void {
  // Headers and system columns. Input lines may carry `__headers`, `__key`, `__timestamp`,
  // `__offset` and `__partition`, which the runner moves to the record's metadata.
  const withHeaders = [
    '{"id": 1, "__headers": {"trace": "t-1", "src": "web"}}',
    '{"id": 2, "__headers": {"src": "app"}}',
    '{"id": 3}',
  ];
  add('header', 'header_value', {
    sql: "SELECT id, HEADER('trace') AS trace FROM input",
    input: withHeaders,
    expected: ['{"id":1,"trace":"t-1"}', '{"id":2,"trace":null}', '{"id":3,"trace":null}'],
  });
  add('header', 'has_header', {
    sql: "SELECT id, HAS_HEADER('src') AS has FROM input",
    input: withHeaders,
    expected: ['{"id":1,"has":true}', '{"id":2,"has":true}', '{"id":3,"has":false}'],
  });
  add('header', 'header_in_where', {
    sql: "SELECT id FROM input WHERE HEADER('src') = 'web'",
    input: withHeaders,
    expected: ['{"id":1}'],
  });
  add('header', 'header_group_by', {
    sql: "SELECT HEADER('src') AS src, COUNT(*) AS n FROM input GROUP BY HEADER('src') EMIT FINAL",
    input: withHeaders,
    expected: ['{"src":"web","n":1}', '{"src":"app","n":1}', '{"src":null,"n":1}'],
    unordered: true,
  });
  add('header', 'headers_propagate', {
    sql: 'SELECT id FROM input',
    input: withHeaders,
    expected: [
      '{"id":1,"__headers":{"trace":"t-1","src":"web"}}',
      '{"id":2,"__headers":{"src":"app"}}',
      '{"id":3,"__headers":{}}',
    ],
    expectHeaders: true,
    description: 'a projection keeps the input headers',
  });
  add('header', 'set_header', {
    sql: "SELECT id, SET_HEADER('region', 'eu') AS region FROM input",
    input: withHeaders,
    expected: [
      '{"id":1,"region":"eu","__headers":{"trace":"t-1","src":"web","region":"eu"}}',
      '{"id":2,"region":"eu","__headers":{"src":"app","region":"eu"}}',
      '{"id":3,"region":"eu","__headers":{"region":"eu"}}',
    ],
    expectHeaders: true,
    description: 'SET_HEADER returns the value and sets it on the output record',
  });
  add('header', 'set_header_from_column', {
    sql: "SELECT id, SET_HEADER('id', CAST(id AS STRING)) AS h FROM input WHERE id = 3",
    input: withHeaders,
    expected: ['{"id":3,"h":"3","__headers":{"id":"3"}}'],
    expectHeaders: true,
  });
  add('header', 'set_header_overwrites', {
    sql: "SELECT id, SET_HEADER('src', 'batch') AS s FROM input WHERE id = 1",
    input: withHeaders,
    expected: ['{"id":1,"s":"batch","__headers":{"trace":"t-1","src":"batch"}}'],
    expectHeaders: true,
  });
  add('header', 'remove_header', {
    sql: "SELECT id, REMOVE_HEADER('src') AS removed FROM input WHERE id = 1",
    input: withHeaders,
    expected: ['{"id":1,"removed":"web","__headers":{"trace":"t-1"}}'],
    expectHeaders: true,
    description: 'REMOVE_HEADER returns the removed value and drops the header from the output',
  });
  add('header', 'header_keys', {
    sql: 'SELECT id, HEADER_KEYS() AS ks FROM input',
    input: withHeaders,
    expected: ['{"id":1,"ks":"trace,src"}', '{"id":2,"ks":"src"}', '{"id":3,"ks":""}'],
    description: 'HEADER_KEYS() lists the keys comma-separated, in order (as Velostream)',
  });
  add('header', 'header_utf8', {
    sql: "SELECT HEADER('name') AS n FROM input",
    input: ['{"id": 1, "__headers": {"name": "Jürgen 日本"}}'],
    expected: ['{"n":"Jürgen 日本"}'],
  });
  add('system', 'system_columns', {
    sql: 'SELECT id, _key, _offset, _partition, _timestamp FROM input',
    input: [
      '{"id": 1, "__key": "k-1", "__offset": 41, "__partition": 2, "__timestamp": 1700000000000}',
    ],
    expected: ['{"id":1,"_key":"k-1","_offset":41,"_partition":2,"_timestamp":1700000000000}'],
  });
  add('system', 'event_time_from_timestamp', {
    sql: 'SELECT id, _event_time FROM input',
    input: ['{"id": 1, "__timestamp": 1700000000000}'],
    expected: ['{"id":1,"_event_time":1700000000000}'],
    description: 'without an event-time field the record timestamp is the event time',
  });
  add('system', 'event_time_from_field', {
    sql: "SELECT id, _event_time FROM input WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_seconds')",
    input: ['{"id": 1, "ts": 1700000000}'],
    expected: ['{"id":1,"_event_time":1700000000000}'],
  });
  add('system', 'tumble_timestamps_with_key', {
    sql: `SELECT _key AS k, COUNT(*) AS n, TUMBLE_START() AS s, TUMBLE_END() AS e FROM input GROUP BY _key WINDOW TUMBLING(1s)`,
    input: [
      '{"v": 1, "__key": "a", "__timestamp": 1700000000000}',
      '{"v": 2, "__key": "a", "__timestamp": 1700000000999}',
    ],
    expected: ['{"k":"a","n":2,"s":"2023-11-14T22:13:20.000Z","e":"2023-11-14T22:13:21.000Z"}'],
  });

  // Projection basics
  add('project', 'select_star', {
    sql: 'SELECT * FROM input',
    input: ['{"b": 1, "a": "x", "c": null}'],
    expected: ['{"b":1,"a":"x","c":null}'],
    description: 'SELECT * keeps the input column order',
  });
  add('project', 'column_order', {
    sql: 'SELECT c, a, b FROM input',
    input: ['{"a": 1, "b": 2, "c": 3}'],
    expected: ['{"c":3,"a":1,"b":2}'],
  });
  add('project', 'alias', {
    sql: 'SELECT a AS x, a AS y FROM input',
    input: ['{"a": 1}'],
    expected: ['{"x":1,"y":1}'],
  });
  add('project', 'qualified_with_alias', {
    sql: 'SELECT t.a, t.b AS bee FROM input t',
    input: ['{"a": 1, "b": 2}'],
    expected: ['{"a":1,"bee":2}'],
  });
  add('project', 'missing_field_null', {
    sql: 'SELECT a, b FROM input',
    input: ['{"a": 1, "b": 2}', '{"a": 3}'],
    expected: ['{"a":1,"b":2}', '{"a":3,"b":null}'],
  });
  add('project', 'booleans', {
    sql: 'SELECT a, NOT a AS n, a = TRUE AS t FROM input',
    input: ['{"a": true}', '{"a": false}'],
    expected: ['{"a":true,"n":false,"t":true}', '{"a":false,"n":true,"t":false}'],
  });
  add('project', 'string_literal_quotes', {
    sql: "SELECT 'it''s' AS s, 'ü' AS u FROM input",
    input: ['{"a": 1}'],
    expected: ['{"s":"it\'s","u":"ü"}'],
  });
  add('project', 'case_insensitive_keywords', {
    sql: 'select a as x from input where a > 0',
    input: ['{"a": 1}', '{"a": 0}'],
    expected: ['{"x":1}'],
  });
  add('project', 'comments', {
    sql: `-- a comment
SELECT a /* inline */ AS x -- trailing
FROM input`,
    input: ['{"a": 1}'],
    expected: ['{"x":1}'],
  });
  add('project', 'quoted_identifier', {
    sql: 'SELECT "my col" AS m, "Upper" FROM input',
    input: ['{"my col": 1, "Upper": 2}'],
    expected: ['{"m":1,"Upper":2}'],
  });
  add('project', 'filter_project_dlq_continues', {
    sql: 'SELECT id, 100 / d AS q FROM input',
    input: ['{"id": 1, "d": 4}', '{"id": 2, "d": 0}', '{"id": 3, "d": 5}'],
    expected: ['{"id":1,"q":25}', '{"id":3,"q":20}'],
    dlq: ['{"record":{"id":2,"d":0},"reason":"division by zero","line":2,"column":12}'],
    description: 'division by zero sends one record to the DLQ and the stream continues',
  });
  add('project', 'division_by_zero_in_where', {
    sql: 'SELECT id FROM input WHERE 10.0 / d > 1',
    input: ['{"id": 1, "d": 2.0}', '{"id": 2, "d": 0.0}'],
    expected: ['{"id":1}'],
    dlq: ['{"record":{"id":2,"d":"0.0"}}'],
  });

  // LIMIT
  add('limit', 'limit_rows', {
    sql: 'SELECT id FROM input LIMIT 2',
    input: ['{"id": 1}', '{"id": 2}', '{"id": 3}'],
    expected: ['{"id":1}', '{"id":2}'],
  });
  add('limit', 'limit_after_filter', {
    sql: 'SELECT id FROM input WHERE id > 1 LIMIT 1',
    input: ['{"id": 1}', '{"id": 2}', '{"id": 3}'],
    expected: ['{"id":2}'],
  });
  add('limit', 'limit_zero', {
    sql: 'SELECT id FROM input LIMIT 0',
    input: ['{"id": 1}'],
    expected: [],
  });
  add('limit', 'limit_more_than_input', {
    sql: 'SELECT id FROM input LIMIT 10',
    input: ['{"id": 1}'],
    expected: ['{"id":1}'],
  });

  // Several statements
  add('statements', 'stream_then_select', {
    sql: `CREATE STREAM big AS SELECT id, amount FROM input WHERE amount > 100.00;
SELECT id FROM big WHERE amount < 500.00`,
    input: [
      '{"id": 1, "amount": 50.00}',
      '{"id": 2, "amount": 150.00}',
      '{"id": 3, "amount": 700.00}',
    ],
    expectedBySink: {
      big: ['{"id":2,"amount":"150.00"}', '{"id":3,"amount":"700.00"}'],
      result: ['{"id":2}'],
    },
  });
  add('statements', 'two_independent_streams', {
    sql: `CREATE STREAM evens AS SELECT id FROM input WHERE id % 2 = 0;
CREATE STREAM odds AS SELECT id FROM input WHERE id % 2 = 1;`,
    input: ['{"id": 1}', '{"id": 2}', '{"id": 3}'],
    expectedBySink: { evens: ['{"id":2}'], odds: ['{"id":1}', '{"id":3}'] },
  });
  add('statements', 'into_sink_name', {
    sql: "CREATE STREAM s AS SELECT id FROM input INTO 'file:///tmp/velo-conformance/out.jsonl?format=jsonl'",
    input: ['{"id": 1}'],
    expected: ['{"id":1}'],
    description: 'the output of a stream with INTO goes to that URI',
  });
  add('statements', 'table_changes', {
    sql: 'CREATE TABLE totals AS SELECT k, SUM(v) AS s FROM input GROUP BY k',
    input: ['{"k": "a", "v": 1}', '{"k": "a", "v": 2}', '{"k": "b", "v": 5}'],
    expected: ['{"k":"a","s":1}', '{"k":"a","s":3}', '{"k":"b","s":5}'],
  });
  add('statements', 'chained_streams', {
    sql: `CREATE STREAM s1 AS SELECT id, v * 2 AS v2 FROM input;
CREATE STREAM s2 AS SELECT id, v2 + 1 AS v3 FROM s1;
SELECT id, v3 FROM s2 WHERE v3 > 3`,
    input: ['{"id": 1, "v": 1}', '{"id": 2, "v": 2}'],
    expectedBySink: {
      s1: ['{"id":1,"v2":2}', '{"id":2,"v2":4}'],
      s2: ['{"id":1,"v3":3}', '{"id":2,"v3":5}'],
      result: ['{"id":2,"v3":5}'],
    },
  });
  add('statements', 'aggregate_over_stream', {
    sql: `CREATE STREAM paid AS SELECT k, amount FROM input WHERE status = 'paid';
SELECT k, SUM(amount) AS total FROM paid GROUP BY k EMIT FINAL`,
    input: [
      '{"k": "a", "amount": 1.25, "status": "paid"}',
      '{"k": "a", "amount": 9.99, "status": "open"}',
      '{"k": "a", "amount": 0.75, "status": "paid"}',
    ],
    expectedBySink: {
      paid: ['{"k":"a","amount":"1.25"}', '{"k":"a","amount":"0.75"}'],
      result: ['{"k":"a","total":"2.00"}'],
    },
  });

  // Nested JSON
  const nested = [
    '{"id": 1, "payload": {"device": {"id": 7, "name": "ü-sensor"}}, "tags": ["x", "y"], "raw": "{\\"a\\": {\\"b\\": \\"deep\\"}}"}',
  ];
  add('json', 'nested_access', {
    sql: 'SELECT id, payload.device.id AS did, payload.device.name AS dname FROM input',
    input: nested,
    expected: ['{"id":1,"did":7,"dname":"ü-sensor"}'],
  });
  add('json', 'array_index', {
    sql: 'SELECT tags[0] AS first, tags[1] AS second, tags[5] AS missing FROM input',
    input: nested,
    expected: ['{"first":"x","second":"y","missing":null}'],
    description: 'array indexes start at 0; out of range is NULL',
  });
  add('json', 'json_value', {
    sql: "SELECT JSON_VALUE(raw, '$.a.b') AS v, JSON_VALUE(raw, '$.a.zz') AS m FROM input",
    input: nested,
    expected: ['{"v":"deep","m":null}'],
  });
  add('json', 'object_passthrough', {
    sql: 'SELECT payload FROM input',
    input: nested,
    expected: ['{"payload":{"device":{"id":7,"name":"ü-sensor"}}}'],
  });
  add('json', 'missing_path_null', {
    sql: 'SELECT payload.nothing.here AS x FROM input',
    input: nested,
    expected: ['{"x":null}'],
  });
  add('json', 'nested_in_where', {
    sql: 'SELECT id FROM input WHERE payload.device.id = 7',
    input: [...nested, '{"id": 2, "payload": {"device": {"id": 8}}}'],
    expected: ['{"id":1}'],
  });
  add('json', 'nested_decimal_exact', {
    sql: 'SELECT o.price.amount * 2 AS twice FROM input o',
    input: ['{"price": {"amount": 123456789012345.67}}'],
    expected: ['{"twice":"246913578024691.34"}'],
  });

  // Timestamps
  const ts = ['{"t": "2023-11-14T22:13:20.123Z"}'];
  add('time', 'extract_fields', {
    sql: 'SELECT EXTRACT(YEAR FROM CAST(t AS TIMESTAMP)) AS y, EXTRACT(MONTH FROM CAST(t AS TIMESTAMP)) AS m, EXTRACT(DAY FROM CAST(t AS TIMESTAMP)) AS d, EXTRACT(HOUR FROM CAST(t AS TIMESTAMP)) AS h, EXTRACT(MINUTE FROM CAST(t AS TIMESTAMP)) AS mi FROM input',
    input: ts,
    expected: ['{"y":2023,"m":11,"d":14,"h":22,"mi":13}'],
  });
  add('time', 'date_trunc', {
    sql: "SELECT DATE_TRUNC('hour', CAST(t AS TIMESTAMP)) AS h, DATE_TRUNC('day', CAST(t AS TIMESTAMP)) AS d FROM input",
    input: ts,
    expected: ['{"h":"2023-11-14T22:00:00.000Z","d":"2023-11-14T00:00:00.000Z"}'],
  });
  add('time', 'timestamp_compare', {
    sql: "SELECT t FROM input WHERE CAST(t AS TIMESTAMP) > CAST('2023-11-14T22:13:20Z' AS TIMESTAMP)",
    input: [...ts, '{"t": "2023-11-14T22:13:19.999Z"}'],
    expected: ['{"t":"2023-11-14T22:13:20.123Z"}'],
  });
  add('time', 'timestamp_output_format', {
    sql: 'SELECT CAST(t AS TIMESTAMP) AS ts FROM input',
    input: ['{"t": "2023-11-14T22:13:20Z"}', '{"t": "1970-01-01T00:00:00Z"}'],
    expected: ['{"ts":"2023-11-14T22:13:20.000Z"}', '{"ts":"1970-01-01T00:00:00.000Z"}'],
  });
  add('time', 'null_timestamp', {
    sql: 'SELECT CAST(t AS TIMESTAMP) AS ts, EXTRACT(YEAR FROM CAST(t AS TIMESTAMP)) AS y FROM input',
    input: ['{"t": null}'],
    expected: ['{"ts":null,"y":null}'],
  });
}
