import { add } from './lib.ts';

const WITH = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
const ev = (k: string, ts: number, more = '') => `{"k": "${k}", "ts": ${ts}${more}}`;

export function generateMoreCases(): void {
  add('window', 'sliding_emit_changes', {
    sql: `SELECT k, COUNT(*) AS n, _window_start AS ws FROM input GROUP BY k WINDOW SLIDING(10s, 5s) EMIT CHANGES ${WITH}`,
    input: [ev('a', 12000), ev('a', 13000)],
    expected: [
      '{"k":"a","n":1,"ws":5000}',
      '{"k":"a","n":1,"ws":10000}',
      '{"k":"a","n":2,"ws":5000}',
      '{"k":"a","n":2,"ws":10000}',
    ],
    unordered: true,
    description: 'with EMIT CHANGES a record updates every sliding window it falls in',
  });
  add('window', 'round_avg_in_window', {
    sql: `SELECT k, ROUND(AVG(amount), 2) AS mean FROM input GROUP BY k WINDOW TUMBLING(5s) ${WITH}`,
    input: [
      ev('a', 1000, ', "amount": 1.00'),
      ev('a', 2000, ', "amount": 2.00'),
      ev('a', 3000, ', "amount": 2.00'),
    ],
    expected: ['{"k":"a","mean":"1.67"}'],
  });
  add('window', 'window_after_join', {
    sql: `SELECT c.name, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o JOIN customers c ON o.cid = c.id
GROUP BY c.name WINDOW TUMBLING(5s) ${WITH}`,
    inputs: {
      orders: [
        '{"cid": 1, "ts": 1000, "amount": 1.50}',
        '{"cid": 1, "ts": 2000, "amount": 2.25}',
        '{"cid": 2, "ts": 7000, "amount": 9.99}',
      ],
      customers: ['{"id": 1, "name": "Ann"}', '{"id": 2, "name": "Bob"}'],
    },
    expected: ['{"name":"Ann","n":2,"total":"3.75"}', '{"name":"Bob","n":1,"total":"9.99"}'],
  });
  add('window', 'many_windows_one_key', {
    sql: `SELECT COUNT(*) AS n, _window_start AS ws FROM input WINDOW TUMBLING(1s) ${WITH}`,
    input: Array.from({ length: 10 }, (_, i) => ev('a', i * 500)),
    expected: Array.from({ length: 5 }, (_, i) => `{"n":2,"ws":${i * 1000}}`),
  });
  add('window', 'session_keys_independent', {
    sql: `SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we FROM input GROUP BY k WINDOW SESSION(5s) ${WITH}`,
    input: [ev('a', 0), ev('b', 1000), ev('a', 4000), ev('b', 9000), ev('a', 20000)],
    expected: [
      '{"k":"a","n":2,"ws":0,"we":9000}',
      '{"k":"b","n":1,"ws":1000,"we":6000}',
      '{"k":"b","n":1,"ws":9000,"we":14000}',
      '{"k":"a","n":1,"ws":20000,"we":25000}',
    ],
    unordered: true,
  });
  add('window', 'tumble_end_is_exclusive_bound', {
    sql: `SELECT COUNT(*) AS n, TUMBLE_END() AS e FROM input WINDOW TUMBLING(1m) ${WITH}`,
    input: [ev('a', 59999)],
    expected: ['{"n":1,"e":"1970-01-01T00:01:00.000Z"}'],
  });
  add('statements', 'table_join_by_name', {
    sql: `CREATE TABLE c AS SELECT id, name FROM customers;
SELECT o.id, c.name FROM orders o JOIN c ON o.cid = c.id`,
    inputs: {
      orders: ['{"id": 1, "cid": 10}', '{"id": 2, "cid": 11}'],
      customers: ['{"id": 10, "name": "Ann"}'],
    },
    pushOrder: ['customers', 'orders'],
    expectedBySink: { result: ['{"id":1,"name":"Ann"}'] },
    description: 'a CREATE TABLE is joinable by name in later statements',
  });
  add('statements', 'limit_on_changes', {
    sql: 'SELECT k, COUNT(*) AS n FROM input GROUP BY k LIMIT 2',
    input: ['{"k": "a"}', '{"k": "a"}', '{"k": "a"}'],
    expected: ['{"k":"a","n":1}', '{"k":"a","n":2}'],
  });
  add('time', 'now_uses_pipeline_clock', {
    sql: 'SELECT id, NOW() AS t FROM input',
    input: ['{"id": 1}'],
    expected: ['{"id":1,"t":"1970-01-01T00:00:00.000Z"}'],
    description: 'the runner gives the pipeline a clock fixed at epoch 0',
  });
  add('time', 'timestamp_plus_interval', {
    sql: "SELECT CAST(t AS TIMESTAMP) + INTERVAL '90' MINUTE AS later FROM input",
    input: ['{"t": "2023-11-14T22:13:20Z"}'],
    expected: ['{"later":"2023-11-14T23:43:20.000Z"}'],
  });
  add('time', 'extract_epoch_and_second', {
    sql: 'SELECT EXTRACT(SECOND FROM CAST(t AS TIMESTAMP)) AS s, EXTRACT(DOW FROM CAST(t AS TIMESTAMP)) AS dow FROM input',
    input: ['{"t": "2023-11-14T22:13:20Z"}'],
    expected: ['{"s":20,"dow":2}'],
    description: '2023-11-14 is a Tuesday (DOW 2, Sunday = 0)',
  });
  add('null', 'join_null_key_left', {
    sql: 'SELECT a.id, b.v FROM a LEFT JOIN b ON a.k = b.k',
    inputs: {
      a: ['{"id": 1, "k": null}', '{"id": 2, "k": "x"}'],
      b: ['{"k": null, "v": "never"}', '{"k": "x", "v": "hit"}'],
    },
    expected: ['{"id":1,"v":null}', '{"id":2,"v":"hit"}'],
    description: 'NULL never equals NULL in a join condition',
  });
  add('null', 'window_function_null_order', {
    sql: 'SELECT ts, SUM(v) OVER (ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM input',
    input: ['{"ts": 1, "v": null}', '{"ts": 2, "v": 3}', '{"ts": 3, "v": null}'],
    expected: ['{"ts":1,"s":null}', '{"ts":2,"s":3}', '{"ts":3,"s":3}'],
    unordered: true,
  });
  add('decimal', 'sum_mixed_scales_in_window', {
    sql: `SELECT SUM(x) AS s FROM input WINDOW TUMBLING(5s) ${WITH}`,
    input: [ev('a', 1, ', "x": 0.1'), ev('a', 2, ', "x": 0.02'), ev('a', 3, ', "x": 0.003')],
    expected: ['{"s":"0.123"}'],
  });
  add('decimal', 'division_chain', {
    sql: 'SELECT a / b / c AS r FROM input',
    input: ['{"a": 1.00, "b": 3.00, "c": 3.00}'],
    expected: ['{"r":"0.111111"}'],
    description: '1.00/3.00 = 0.333333 (scale 6); 0.333333/3.00 = 0.111111',
  });
  add('decimal', 'multiply_then_round', {
    sql: 'SELECT ROUND(price * qty * 1.19, 2) AS gross FROM input',
    input: ['{"price": 19.99, "qty": 3}', '{"price": 0.05, "qty": 1}'],
    expected: ['{"gross":"71.36"}', '{"gross":"0.06"}'],
    description: '59.97 * 1.19 = 71.3643; 0.05 * 1.19 = 0.0595 rounds half away from zero to 0.06',
  });
  add('string', 'like_escape_percent', {
    sql: "SELECT s FROM input WHERE s LIKE '100\\%' ESCAPE '\\'",
    input: ['{"s": "100%"}', '{"s": "1000"}'],
    expected: ['{"s":"100%"}'],
  });
  add('string', 'substring_emoji', {
    sql: 'SELECT SUBSTRING(s, 1, 2) AS p, UPPER(s) AS u FROM input',
    input: ['{"s": "😀é🎉"}'],
    expected: ['{"p":"😀é","u":"😀É🎉"}'],
  });
  add('header', 'headers_on_aggregate_output', {
    sql: "SELECT HEADER('tenant') AS tenant, COUNT(*) AS n FROM input GROUP BY HEADER('tenant')",
    input: ['{"id": 1, "__headers": {"tenant": "t1"}}', '{"id": 2, "__headers": {"tenant": "t1"}}'],
    expected: ['{"tenant":"t1","n":1}', '{"tenant":"t1","n":2}'],
  });
}

export function generateTrapCases(): void {
  const input = ['{"symbol": "AAPL", "price": 120.50, "qty": 10, "ts": 1000}'];
  const E = (message: string, line: number, column: number, hint?: string) =>
    `error: ${message} at line ${line}, column ${column}${hint ? `\n  hint: ${hint}` : ''}`;
  add('subquery', 'not_in_with_null_in_subquery', {
    sql: 'SELECT o.id FROM orders o WHERE o.cid NOT IN (SELECT id FROM vip)',
    inputs: {
      orders: ['{"id": 1, "cid": 10}', '{"id": 2, "cid": 20}'],
      vip: ['{"id": 10}', '{"id": null}'],
    },
    expected: [],
    description: 'x NOT IN (…, NULL) is never true: no rows (SQL three-valued logic)',
  });
  add('join', 'three_way_chained', {
    sql: `CREATE STREAM enriched AS SELECT o.id, c.name, c.nation FROM orders o JOIN customers c ON o.cid = c.id;
SELECT e.id, e.name, n.country FROM enriched e LEFT JOIN nations n ON e.nation = n.code`,
    inputs: {
      orders: ['{"id": 1, "cid": 10}', '{"id": 2, "cid": 11}', '{"id": 3, "cid": 12}'],
      customers: [
        '{"id": 10, "name": "Ann", "nation": "NO"}',
        '{"id": 11, "name": "Bo", "nation": "XX"}',
      ],
      nations: ['{"code": "NO", "country": "Norge"}'],
    },
    expectedBySink: {
      result: ['{"id":1,"name":"Ann","country":"Norge"}', '{"id":2,"name":"Bo","country":null}'],
    },
    description: 'one JOIN per statement; a three-way join chains two statements',
  });
  add('join', 'three_way', {
    sql: `SELECT o.id, c.name, n.country FROM orders o
JOIN customers c ON o.cid = c.id
LEFT JOIN nations n ON c.nation = n.code`,
    inputs: {
      orders: ['{"id": 1, "cid": 10}', '{"id": 2, "cid": 11}', '{"id": 3, "cid": 12}'],
      customers: [
        '{"id": 10, "name": "Ann", "nation": "NO"}',
        '{"id": 11, "name": "Bo", "nation": "XX"}',
      ],
      nations: ['{"code": "NO", "country": "Norge"}'],
    },
    expected: ['{"id":1,"name":"Ann","country":"Norge"}', '{"id":2,"name":"Bo","country":null}'],
  });
  add('aggregate', 'left_join_count_column', {
    sql: 'SELECT c.name, COUNT(*) AS n, COUNT(o.id) AS orders FROM customers c LEFT JOIN orders o ON c.id = o.cid GROUP BY c.name EMIT FINAL',
    inputs: {
      customers: ['{"id": 10, "name": "Ann"}', '{"id": 11, "name": "Bo"}'],
      orders: ['{"id": 1, "cid": 10}', '{"id": 2, "cid": 10}'],
    },
    expected: ['{"name":"Ann","n":2,"orders":2}', '{"name":"Bo","n":1,"orders":0}'],
    unordered: true,
    description: 'customers is the stream side: each customer record meets every matching order',
  });
  add('aggregate', 'group_by_expression', {
    sql: 'SELECT UPPER(k) AS uk, COUNT(*) AS n FROM input GROUP BY UPPER(k) EMIT FINAL',
    input: ['{"k": "a"}', '{"k": "A"}', '{"k": "b"}'],
    expected: ['{"uk":"A","n":2}', '{"uk":"B","n":1}'],
    unordered: true,
  });
  add('error', 'error_window_function_in_where', {
    sql: 'SELECT symbol FROM input WHERE ROW_NUMBER() OVER (ORDER BY qty) = 1',
    input,
    error: E('window functions are not allowed in WHERE', 1, 32),
  });
  add('error', 'error_emit_without_aggregate', {
    sql: 'SELECT symbol FROM input EMIT CHANGES',
    input,
    error: E('EMIT applies only to aggregations (GROUP BY, aggregates or a window)', 1, 26),
  });
  add('error', 'error_sliding_advance_too_large', {
    sql: 'SELECT COUNT(*) AS n FROM input WINDOW SLIDING(10s, 20s)',
    input,
    error: E('a sliding window advance must not exceed its size', 1, 53),
  });
  add('join', 'non_equi_condition', {
    sql: 'SELECT a.id, b.y FROM a JOIN b ON a.x > b.y',
    inputs: { a: ['{"id": 1, "x": 1}', '{"id": 2, "x": -1}'], b: ['{"y": 0}', '{"y": 1}'] },
    expected: ['{"id":1,"y":0}'],
    description: 'a join without equalities compares every pair (the condition is a filter)',
  });
  add('join', 'cross_join_and_comma', {
    sql: 'SELECT a.id, b.y FROM a CROSS JOIN b',
    inputs: { a: ['{"id": 1}', '{"id": 2}'], b: ['{"y": "p"}', '{"y": "q"}'] },
    expected: ['{"id":1,"y":"p"}', '{"id":1,"y":"q"}', '{"id":2,"y":"p"}', '{"id":2,"y":"q"}'],
  });
  add('error', 'error_bad_late_policy', {
    sql: "SELECT COUNT(*) AS n FROM input WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'late.policy' = 'keep')",
    input,
    error: E('invalid \'late.policy\' "keep"; use dlq or drop', 1, 86),
  });
  add('error', 'error_bad_watermark_delay', {
    sql: "SELECT COUNT(*) AS n FROM input WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'watermark.delay' = 'soon')",
    input,
    error: E('invalid \'watermark.delay\' "soon"; use a duration such as 5s, 500ms or 1m', 1, 86),
  });
  add('error', 'error_sum_of_string', {
    sql: 'SELECT SUM(symbol) AS s FROM input EMIT FINAL',
    input,
    error: E('SUM expects a numeric argument, got STRING', 1, 8),
  });
}

export function generateEdgeCases(): void {
  const WITH_MS = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
  add('window', 'before_epoch_floor', {
    sql: `SELECT COUNT(*) AS n, _window_start AS ws, _window_end AS we FROM input WINDOW TUMBLING(5s) ${WITH_MS}`,
    input: ['{"ts": -1}', '{"ts": -5000}', '{"ts": 0}'],
    expected: ['{"n":2,"ws":-5000,"we":0}', '{"n":1,"ws":0,"we":5000}'],
    description: 'windows align with floor(t / size): -1 ms is in [-5000, 0), not [0, 5000)',
  });
  add('window', 'count_distinct_in_window', {
    sql: `SELECT COUNT(DISTINCT u) AS users FROM input WINDOW TUMBLING(5s) ${WITH_MS}`,
    input: ['{"ts": 1, "u": 1}', '{"ts": 2, "u": 1}', '{"ts": 3, "u": 2}', '{"ts": 6000, "u": 1}'],
    expected: ['{"users":2}', '{"users":1}'],
  });
  add('system', 'event_time_fractional_seconds', {
    sql: "SELECT id, _event_time FROM input WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_seconds')",
    input: ['{"id": 1, "ts": 1700000000.5}', '{"id": 2, "ts": "1700000001"}'],
    expected: ['{"id":1,"_event_time":1700000000500}', '{"id":2,"_event_time":1700000001000}'],
  });
  add('math', 'mod_decimal', {
    sql: 'SELECT a % b AS m, MOD(a, b) AS n FROM input',
    input: ['{"a": 7.5, "b": 2.0}', '{"a": -7.5, "b": 2.0}', '{"a": 0.35, "b": 0.10}'],
    expected: ['{"m":"1.5","n":"1.5"}', '{"m":"-1.5","n":"-1.5"}', '{"m":"0.05","n":"0.05"}'],
    description: 'DECIMAL remainder is exact, scale max(s1, s2), sign of the dividend',
  });
  add('string', 'like_emoji_one_char', {
    sql: "SELECT s FROM input WHERE s LIKE '_'",
    input: ['{"s": "😀"}', '{"s": "ab"}', '{"s": "é"}'],
    expected: ['{"s":"😀"}', '{"s":"é"}'],
    description: '_ matches one code point, also outside the BMP',
  });
  add('string', 'control_characters_escaped', {
    sql: 'SELECT s FROM input',
    input: ['{"s": "a\\u0001b\\u001fc"}', '{"s": "\\ud83d\\ude00"}'],
    expected: ['{"s":"a\\u0001b\\u001fc"}', '{"s":"😀"}'],
    description:
      'control characters are escaped on output; escaped surrogate pairs become one character',
  });
  add('limit', 'limit_window_rows', {
    sql: `SELECT COUNT(*) AS n, _window_start AS ws FROM input WINDOW TUMBLING(1s) LIMIT 2 ${WITH_MS}`,
    input: ['{"ts": 0}', '{"ts": 1000}', '{"ts": 2000}', '{"ts": 3000}'],
    expected: ['{"n":1,"ws":0}', '{"n":1,"ws":1000}'],
  });
}

export function generateInterleavedCases(): void {
  const WITH_MS = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
  const clicks = [
    '{"k": "u1", "ts": 250000, "id": "c1"}',
    '{"k": "u1", "ts": 650000, "id": "c2"}',
    '{"k": "u2", "ts": 900000, "id": "c3"}',
  ];
  const views = [
    '{"k": "u1", "ts": 0, "id": "v1"}',
    '{"k": "u1", "ts": 200000, "id": "v2"}',
    '{"k": "u2", "ts": 700000, "id": "v3"}',
  ];
  const sql = (type: string) => `SELECT a.id AS aid, b.id AS bid FROM clicks a ${type} views b
ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts
${WITH_MS}`;
  add('join', 'interval_interleaved_inner', {
    sql: sql('JOIN'),
    inputs: { clicks, views },
    interleave: true,
    expected: ['{"aid":"c1","bid":"v1"}', '{"aid":"c1","bid":"v2"}', '{"aid":"c3","bid":"v3"}'],
    unordered: true,
    description:
      'both streams advance together; state older than the bound may expire, matches may not',
  });
  add('join', 'interval_interleaved_left', {
    sql: sql('LEFT JOIN'),
    inputs: { clicks, views },
    interleave: true,
    expected: [
      '{"aid":"c1","bid":"v1"}',
      '{"aid":"c1","bid":"v2"}',
      '{"aid":"c2","bid":null}',
      '{"aid":"c3","bid":"v3"}',
    ],
    unordered: true,
  });
  add('join', 'interval_interleaved_future_bound', {
    sql: `SELECT a.id AS aid, b.id AS bid FROM clicks a JOIN views b
ON a.k = b.k AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '1' MINUTE
${WITH_MS}`,
    inputs: {
      clicks: ['{"k": "u", "ts": 0, "id": "c"}'],
      views: [
        '{"k": "u", "ts": 30000, "id": "in"}',
        '{"k": "u", "ts": 60000, "id": "edge"}',
        '{"k": "u", "ts": 61000, "id": "out"}',
      ],
    },
    interleave: true,
    expected: ['{"aid":"c","bid":"in"}', '{"aid":"c","bid":"edge"}'],
    unordered: true,
    description: 'the earlier side is kept until the watermark passes its upper bound',
  });
  add('join', 'table_update_interleaved', {
    sql: 'SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id',
    inputs: {
      orders: ['{"id": 1, "cid": 10, "ts": 1}', '{"id": 2, "cid": 10, "ts": 3}'],
      customers: [
        '{"id": 10, "name": "Old", "ts": 0, "__key": "10"}',
        '{"id": 10, "name": "New", "ts": 2, "__key": "10"}',
      ],
    },
    interleave: true,
    expected: ['{"id":1,"name":"New"}', '{"id":2,"name":"New"}'],
    description:
      'a bounded table side is loaded to its end before the stream side starts (DESIGN §2)',
  });
}
