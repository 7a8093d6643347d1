import { add } from './lib.ts';

const WITH = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
const withDelay = (delay: string, extra = '') =>
  `WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis', 'watermark.delay' = '${delay}'${extra})`;
const ev = (k: string, ts: number, more = '') => `{"k": "${k}", "ts": ${ts}${more}}`;
const iso = (ms: number) => JSON.stringify(new Date(ms).toISOString());
const tw = (k: string, n: number, start: number, size: number) =>
  `{"k":"${k}","n":${n},"ws":${iso(start)},"we":${iso(start + size)}}`;

const TUMBLE_SQL = (size: string, extra = WITH) =>
  `SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws, TUMBLE_END() AS we
FROM input
GROUP BY k
WINDOW TUMBLING(${size})
EMIT FINAL
${extra}`;

export function generateWindowCases(): void {
  add('window', 'tumbling_basic', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 1000), ev('b', 2000), ev('a', 4999), ev('a', 5000), ev('b', 7000)],
    expected: [
      tw('a', 2, 0, 5000),
      tw('b', 1, 0, 5000),
      tw('a', 1, 5000, 5000),
      tw('b', 1, 5000, 5000),
    ],
    unordered: true,
  });
  add('window', 'tumbling_exact_end', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 0), ev('a', 4999), ev('a', 5000), ev('a', 9999), ev('a', 10000)],
    expected: [tw('a', 2, 0, 5000), tw('a', 2, 5000, 5000), tw('a', 1, 10000, 5000)],
    description: 'an event at exactly the window end belongs to the next window',
  });
  add('window', 'tumbling_empty_windows', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 1000), ev('a', 21000)],
    expected: [tw('a', 1, 0, 5000), tw('a', 1, 20000, 5000)],
    description: 'windows without records emit nothing',
  });
  add('window', 'tumbling_one_row_per_window', {
    sql: TUMBLE_SQL('10s'),
    input: [ev('a', 1), ev('a', 2), ev('a', 3), ev('a', 4), ev('a', 5), ev('a', 6)],
    expected: [tw('a', 6, 0, 10000)],
    description: 'EMIT FINAL emits one row per window and key, never one per record',
  });
  add('window', 'tumbling_end_of_input_closes', {
    sql: TUMBLE_SQL('1m'),
    input: [ev('a', 1000), ev('b', 30000)],
    expected: [tw('a', 1, 0, 60000), tw('b', 1, 0, 60000)],
    unordered: true,
    description: 'at the end of bounded input every open window closes',
  });
  add('window', 'tumbling_interval_syntax', {
    sql: TUMBLE_SQL('INTERVAL 1 MINUTE'),
    input: [ev('a', 59999), ev('a', 60000)],
    expected: [tw('a', 1, 0, 60000), tw('a', 1, 60000, 60000)],
  });
  add('window', 'tumbling_hours_aligned_to_epoch', {
    sql: TUMBLE_SQL('1h'),
    input: [ev('a', 1700000000000), ev('a', 1700001000000), ev('a', 1700003600000)],
    expected: [tw('a', 2, 1699999200000, 3600000), tw('a', 1, 1700002800000, 3600000)],
  });
  add('window', 'tumbling_before_group_by', {
    sql: `SELECT k, COUNT(*) AS n FROM input WINDOW TUMBLING(5s) GROUP BY k EMIT FINAL ${WITH}`,
    input: [ev('a', 1000), ev('a', 6000)],
    expected: ['{"k":"a","n":1}', '{"k":"a","n":1}'],
    description: 'WINDOW may stand before GROUP BY',
  });
  add('window', 'tumbling_no_group_by', {
    sql: `SELECT COUNT(*) AS n, TUMBLE_START() AS ws FROM input WINDOW TUMBLING(5s) ${WITH}`,
    input: [ev('a', 1000), ev('b', 2000), ev('c', 6000)],
    expected: [`{"n":2,"ws":${iso(0)}}`, `{"n":1,"ws":${iso(5000)}}`],
    description: 'windowed aggregation defaults to EMIT FINAL',
  });
  add('window', 'tumbling_sum_decimal', {
    sql: `SELECT k, SUM(amount) AS total, MIN(amount) AS lo, MAX(amount) AS hi, AVG(amount) AS mean
FROM input GROUP BY k WINDOW TUMBLING(5s) EMIT FINAL ${WITH}`,
    input: [
      ev('a', 1000, ', "amount": 10.50'),
      ev('a', 2000, ', "amount": 0.25'),
      ev('a', 3000, ', "amount": 100.00'),
    ],
    expected: ['{"k":"a","total":"110.75","lo":"0.25","hi":"100.00","mean":"36.916667"}'],
  });
  add('window', 'tumbling_having', {
    sql: `SELECT k, COUNT(*) AS n FROM input GROUP BY k HAVING COUNT(*) >= 2 WINDOW TUMBLING(5s) EMIT FINAL ${WITH}`,
    input: [ev('a', 1000), ev('a', 2000), ev('b', 3000), ev('b', 6000), ev('b', 7000)],
    expected: ['{"k":"a","n":2}', '{"k":"b","n":2}'],
  });
  add('window', 'tumbling_where', {
    sql: `SELECT k, COUNT(*) AS n FROM input WHERE v > 0 GROUP BY k WINDOW TUMBLING(5s) EMIT FINAL ${WITH}`,
    input: [ev('a', 1000, ', "v": 1'), ev('a', 2000, ', "v": -1'), ev('a', 3000, ', "v": null')],
    expected: ['{"k":"a","n":1}'],
  });
  add('window', 'tumbling_system_columns', {
    sql: `SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we FROM input GROUP BY k WINDOW TUMBLING(5s) ${WITH}`,
    input: [ev('a', 1000), ev('a', 7000)],
    expected: ['{"k":"a","n":1,"ws":0,"we":5000}', '{"k":"a","n":1,"ws":5000,"we":10000}'],
    description: '_window_start and _window_end are epoch milliseconds',
  });
  add('window', 'tumbling_emit_changes', {
    sql: `SELECT k, COUNT(*) AS n, _window_start AS ws FROM input GROUP BY k WINDOW TUMBLING(5s) EMIT CHANGES ${WITH}`,
    input: [ev('a', 1000), ev('a', 2000), ev('b', 3000), ev('a', 6000)],
    expected: [
      '{"k":"a","n":1,"ws":0}',
      '{"k":"a","n":2,"ws":0}',
      '{"k":"b","n":1,"ws":0}',
      '{"k":"a","n":1,"ws":5000}',
    ],
    description: 'EMIT CHANGES emits the updated row for every input record',
  });
  add('window', 'flink_tumble_group_by', {
    sql: `SELECT k, COUNT(*) AS n FROM input GROUP BY k, TUMBLE(ts, INTERVAL '5' SECOND) ${WITH}`,
    input: [ev('a', 1000), ev('a', 4000), ev('a', 5000)],
    expected: ['{"k":"a","n":2}', '{"k":"a","n":1}'],
    description: 'Flink-style TUMBLE in GROUP BY',
  });
  add('window', 'epoch_seconds', {
    sql: `SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws FROM input GROUP BY k WINDOW TUMBLING(5s)
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_seconds')`,
    input: [ev('a', 1), ev('a', 4), ev('a', 5)],
    expected: [`{"k":"a","n":2,"ws":${iso(0)}}`, `{"k":"a","n":1,"ws":${iso(5000)}}`],
  });
  add('window', 'iso8601', {
    sql: `SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws FROM input GROUP BY k WINDOW TUMBLING(1m)
WITH ('event.time.field' = 'ts', 'event.time.format' = 'iso8601')`,
    input: [
      '{"k": "a", "ts": "2023-11-14T22:13:20.000Z"}',
      '{"k": "a", "ts": "2023-11-14T22:13:59.999Z"}',
      '{"k": "a", "ts": "2023-11-14T22:14:00.000Z"}',
    ],
    expected: [
      '{"k":"a","n":2,"ws":"2023-11-14T22:13:00.000Z"}',
      '{"k":"a","n":1,"ws":"2023-11-14T22:14:00.000Z"}',
    ],
  });
  add('window', 'late_record_dlq', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 1000), ev('a', 6000), ev('a', 2000), ev('a', 5500)],
    expected: [tw('a', 1, 0, 5000), tw('a', 2, 5000, 5000)],
    dlq: ['{"record":{"k":"a","ts":2000}}'],
    description: 'a record for a closed window is late: counted and sent to the DLQ',
  });
  add('window', 'late_within_open_window', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 6000), ev('a', 5001), ev('a', 9999)],
    expected: [tw('a', 3, 5000, 5000)],
    description: 'out-of-order records whose window is still open are not late',
  });
  add('window', 'late_policy_drop', {
    sql: TUMBLE_SQL('5s', withDelay('0s', ", 'late.policy' = 'drop'")),
    input: [ev('a', 1000), ev('a', 6000), ev('a', 2000)],
    expected: [tw('a', 1, 0, 5000), tw('a', 1, 5000, 5000)],
    dlq: [],
    description: "'late.policy' = 'drop' drops late records without dead letters",
  });
  add('window', 'watermark_delay', {
    sql: TUMBLE_SQL('5s', withDelay('2s')),
    input: [ev('a', 1000), ev('a', 6000), ev('a', 2000), ev('a', 7500), ev('a', 3000)],
    expected: [tw('a', 2, 0, 5000), tw('a', 2, 5000, 5000)],
    dlq: ['{"record":{"k":"a","ts":3000}}'],
    description:
      'watermark = max event time - delay; a window closes when the watermark reaches its end',
  });
  add('window', 'watermark_delay_exact', {
    sql: TUMBLE_SQL('5s', withDelay('1s')),
    input: [ev('a', 1000), ev('a', 5999), ev('a', 4999), ev('a', 6000), ev('a', 4000)],
    expected: [tw('a', 2, 0, 5000), tw('a', 2, 5000, 5000)],
    dlq: ['{"record":{"k":"a","ts":4000}}'],
    description:
      'with delay 1s, [0,5000) closes when the record at 6000 brings the watermark to 5000',
  });
  add('window', 'keys_close_independently_of_key', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 1000), ev('b', 6000), ev('a', 2000)],
    expected: [tw('a', 1, 0, 5000), tw('b', 1, 5000, 5000)],
    dlq: ['{"record":{"k":"a","ts":2000}}'],
    description: 'the watermark is per source, not per key',
  });
  const slide = (k: string, n: number, ws: number, we: number) =>
    `{"k":"${k}","n":${n},"ws":${ws},"we":${we}}`;
  const SLIDE_SQL = `SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we
FROM input GROUP BY k WINDOW SLIDING(10s, 5s) EMIT FINAL ${WITH}`;
  add('window', 'sliding_basic', {
    sql: SLIDE_SQL,
    input: [ev('a', 12000), ev('a', 17000)],
    expected: [
      slide('a', 1, 5000, 15000),
      slide('a', 2, 10000, 20000),
      slide('a', 1, 15000, 25000),
    ],
    unordered: true,
    description: 'SLIDING(size, advance): each record is in size/advance windows',
  });
  add('window', 'sliding_boundaries', {
    sql: SLIDE_SQL,
    input: [ev('a', 15000), ev('a', 19999), ev('a', 20000)],
    expected: [
      slide('a', 2, 10000, 20000),
      slide('a', 3, 15000, 25000),
      slide('a', 1, 20000, 30000),
    ],
    unordered: true,
    description: 'window [10s,20s) holds 15000 and 19999; [15s,25s) holds all three',
  });
  add('window', 'sliding_keys', {
    sql: SLIDE_SQL,
    input: [ev('a', 12000), ev('b', 13000)],
    expected: [
      slide('a', 1, 5000, 15000),
      slide('b', 1, 5000, 15000),
      slide('a', 1, 10000, 20000),
      slide('b', 1, 10000, 20000),
    ],
    unordered: true,
  });
  add('window', 'sliding_minute_hop', {
    sql: `SELECT COUNT(*) AS n, _window_start AS ws FROM input WINDOW SLIDING(1m, 30s) ${WITH}`,
    input: [ev('a', 60000), ev('a', 95000)],
    expected: ['{"n":1,"ws":30000}', '{"n":2,"ws":60000}', '{"n":1,"ws":90000}'],
    unordered: true,
  });
  const sess = (k: string, n: number, ws: number, we: number) =>
    `{"k":"${k}","n":${n},"ws":${ws},"we":${we}}`;
  const SESSION_SQL = (
    extra = WITH,
  ) => `SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we
FROM input GROUP BY k WINDOW SESSION(10s) EMIT FINAL ${extra}`;
  add('window', 'session_basic', {
    sql: SESSION_SQL(),
    input: [ev('a', 1000), ev('a', 5000), ev('b', 2000), ev('a', 20000)],
    expected: [sess('a', 2, 1000, 15000), sess('b', 1, 2000, 12000), sess('a', 1, 20000, 30000)],
    unordered: true,
    description: 'a session runs from its first event to its last event + gap',
  });
  add('window', 'session_gap_exact', {
    sql: SESSION_SQL(),
    input: [ev('a', 0), ev('a', 10000), ev('a', 20001)],
    expected: [sess('a', 2, 0, 20000), sess('a', 1, 20001, 30001)],
    description:
      'an event exactly gap after the last stays in the session; more than gap starts a new one',
  });
  add('window', 'session_merge', {
    sql: SESSION_SQL(withDelay('30s')),
    input: [ev('a', 1000), ev('a', 20000), ev('a', 10500)],
    expected: [sess('a', 3, 1000, 30000)],
    description: 'an out-of-order event bridging two sessions merges them',
  });
  add('window', 'session_out_of_order_extends', {
    sql: SESSION_SQL(withDelay('30s')),
    input: [ev('a', 1000), ev('a', 20000), ev('a', 12000)],
    expected: [sess('a', 1, 1000, 11000), sess('a', 2, 12000, 30000)],
    unordered: true,
  });
  add('window', 'session_sum', {
    sql: `SELECT k, SUM(amount) AS total FROM input GROUP BY k WINDOW SESSION(30s) ${WITH}`,
    input: [
      ev('u1', 0, ', "amount": 1.10'),
      ev('u1', 29000, ', "amount": 2.20'),
      ev('u1', 90000, ', "amount": 3.30'),
    ],
    expected: ['{"k":"u1","total":"3.30"}', '{"k":"u1","total":"3.30"}'],
  });
  add('window', 'null_key_window', {
    sql: TUMBLE_SQL('5s'),
    input: ['{"k": null, "ts": 1000}', '{"k": null, "ts": 2000}'],
    expected: [`{"k":null,"n":2,"ws":${iso(0)},"we":${iso(5000)}}`],
  });
  add('window', 'null_values_in_window_aggregates', {
    sql: `SELECT COUNT(*) AS n, COUNT(v) AS nv, SUM(v) AS s FROM input WINDOW TUMBLING(5s) ${WITH}`,
    input: [
      ev('a', 1000, ', "v": null'),
      ev('a', 2000, ', "v": 2.5'),
      ev('a', 6000, ', "v": null'),
    ],
    expected: ['{"n":2,"nv":1,"s":"2.5"}', '{"n":1,"nv":0,"s":null}'],
  });
  add('window', 'missing_event_time_dlq', {
    sql: TUMBLE_SQL('5s'),
    input: [ev('a', 1000), '{"k": "a", "ts": null}', ev('a', 2000)],
    expected: [tw('a', 2, 0, 5000)],
    dlq: ['{"record":{"k":"a","ts":null}}'],
    description: 'a record without its event time goes to the DLQ',
  });
  add('window', 'create_stream_window', {
    sql: `CREATE STREAM counts AS
SELECT k, COUNT(*) AS n FROM input GROUP BY k WINDOW TUMBLING(5s) EMIT FINAL
${WITH}`,
    input: [ev('a', 1000), ev('a', 6000)],
    expected: ['{"k":"a","n":1}', '{"k":"a","n":1}'],
  });
}
