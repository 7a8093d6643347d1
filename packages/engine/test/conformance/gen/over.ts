import { add } from './lib.ts';

// Partition a (by ts): (1,10) (2,20) (4,20) (6,30); partition b: (3,5) (5,7).
const rows = [
  '{"p": "a", "ts": 1, "v": 10}',
  '{"p": "a", "ts": 2, "v": 20}',
  '{"p": "b", "ts": 3, "v": 5}',
  '{"p": "a", "ts": 4, "v": 20}',
  '{"p": "b", "ts": 5, "v": 7}',
  '{"p": "a", "ts": 6, "v": 30}',
];
const keys = ['a:1', 'a:2', 'b:3', 'a:4', 'b:5', 'a:6'];

function overCase(
  name: string,
  expr: string,
  values: (string | number | null)[],
  description?: string,
): void {
  add('over', name, {
    sql: `SELECT p, ts, ${expr} AS w FROM input`,
    input: rows,
    expected: keys.map((key, i) => {
      const [p, ts] = key.split(':');
      const v = values[i];
      return `{"p":"${p}","ts":${ts},"w":${v === null ? 'null' : typeof v === 'number' ? v : v}}`;
    }),
    unordered: true,
    description,
  });
}

export function generateOverCases(): void {
  overCase('row_number', 'ROW_NUMBER() OVER (PARTITION BY p ORDER BY ts)', [1, 2, 1, 3, 2, 4]);
  overCase(
    'rank',
    'RANK() OVER (PARTITION BY p ORDER BY v)',
    [1, 2, 1, 2, 2, 4],
    'ties share a rank and leave a gap',
  );
  overCase('dense_rank', 'DENSE_RANK() OVER (PARTITION BY p ORDER BY v)', [1, 2, 1, 2, 2, 3]);
  overCase('lag', 'LAG(v) OVER (PARTITION BY p ORDER BY ts)', [null, 10, null, 20, 5, 20]);
  overCase(
    'lag_offset_default',
    'LAG(v, 2, 0) OVER (PARTITION BY p ORDER BY ts)',
    [0, 0, 0, 10, 0, 20],
  );
  overCase('lead', 'LEAD(v) OVER (PARTITION BY p ORDER BY ts)', [20, 20, 7, 30, null, null]);
  overCase(
    'first_value',
    'FIRST_VALUE(v) OVER (PARTITION BY p ORDER BY ts)',
    [10, 10, 5, 10, 5, 10],
  );
  overCase(
    'last_value_default_frame',
    'LAST_VALUE(v) OVER (PARTITION BY p ORDER BY ts)',
    [10, 20, 5, 20, 7, 30],
    'the default frame ends at the current row',
  );
  overCase('nth_value', 'NTH_VALUE(v, 2) OVER (PARTITION BY p ORDER BY ts)', [
    null,
    20,
    null,
    20,
    7,
    20,
  ]);
  overCase(
    'percent_rank',
    'PERCENT_RANK() OVER (PARTITION BY p ORDER BY v)',
    [0, 0.3333333333333333, 0, 0.3333333333333333, 1, 1],
  );
  overCase(
    'cume_dist',
    'CUME_DIST() OVER (PARTITION BY p ORDER BY v)',
    [0.25, 0.75, 0.5, 0.75, 1, 1],
  );
  overCase('ntile', 'NTILE(2) OVER (PARTITION BY p ORDER BY ts)', [1, 1, 1, 2, 2, 2]);
  overCase('running_sum', 'SUM(v) OVER (PARTITION BY p ORDER BY ts)', [10, 30, 5, 50, 12, 80]);
  overCase('running_count', 'COUNT(*) OVER (PARTITION BY p ORDER BY ts)', [1, 2, 1, 3, 2, 4]);
  overCase(
    'rows_frame_sum',
    'SUM(v) OVER (PARTITION BY p ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)',
    [10, 30, 5, 40, 12, 50],
  );
  overCase(
    'rows_frame_avg',
    'AVG(v) OVER (PARTITION BY p ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)',
    ['"10.000000"', '"15.000000"', '"5.000000"', '"16.666667"', '"6.000000"', '"23.333333"'],
    'AVG = SUM / COUNT under the DECIMAL division rule: scale 6, half even',
  );
  overCase(
    'rows_frame_min_max',
    'MAX(v) OVER (PARTITION BY p ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)',
    [10, 20, 5, 20, 7, 30],
  );
  overCase('no_partition', 'ROW_NUMBER() OVER (ORDER BY ts)', [1, 2, 3, 4, 5, 6]);

  add('over', 'range_interval', {
    sql: `SELECT ts, SUM(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS s
FROM input WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')`,
    input: [
      '{"ts": 0, "v": 10}',
      '{"ts": 1800000, "v": 20}',
      '{"ts": 3600000, "v": 30}',
      '{"ts": 7200001, "v": 40}',
    ],
    expected: [
      '{"ts":0,"s":10}',
      '{"ts":1800000,"s":30}',
      '{"ts":3600000,"s":60}',
      '{"ts":7200001,"s":40}',
    ],
    unordered: true,
    description: 'RANGE over an interval includes rows exactly one hour back',
  });
  add('over', 'decimal_running_sum', {
    sql: 'SELECT ts, SUM(amount) OVER (PARTITION BY k ORDER BY ts) AS total FROM input',
    input: [
      '{"k": "x", "ts": 1, "amount": 0.10}',
      '{"k": "x", "ts": 2, "amount": 0.20}',
      '{"k": "x", "ts": 3, "amount": 0.005}',
    ],
    expected: ['{"ts":1,"total":"0.10"}', '{"ts":2,"total":"0.30"}', '{"ts":3,"total":"0.305"}'],
    unordered: true,
  });
  add('over', 'lag_null_values', {
    sql: 'SELECT ts, LAG(v) OVER (ORDER BY ts) AS prev FROM input',
    input: ['{"ts": 1, "v": null}', '{"ts": 2, "v": 5}', '{"ts": 3, "v": null}'],
    expected: ['{"ts":1,"prev":null}', '{"ts":2,"prev":null}', '{"ts":3,"prev":5}'],
    unordered: true,
  });
  add('over', 'null_partition', {
    sql: 'SELECT ts, ROW_NUMBER() OVER (PARTITION BY p ORDER BY ts) AS rn FROM input',
    input: ['{"p": null, "ts": 1}', '{"p": "x", "ts": 2}', '{"p": null, "ts": 3}'],
    expected: ['{"ts":1,"rn":1}', '{"ts":2,"rn":1}', '{"ts":3,"rn":2}'],
    unordered: true,
    description: 'NULL partition keys form one partition',
  });
  // Peers are rows equal on every ORDER BY key (the stream arrives in (d, p) order).
  add('over', 'rank_several_keys', {
    sql: 'SELECT d, p, RANK() OVER (ORDER BY d, p) AS r, DENSE_RANK() OVER (ORDER BY d, p) AS dr, COUNT(*) OVER (ORDER BY d, p) AS n FROM input',
    input: ['{"d": 1, "p": "a"}', '{"d": 1, "p": "a"}', '{"d": 1, "p": "b"}', '{"d": 2, "p": "a"}'],
    expected: [
      '{"d":1,"p":"a","r":1,"dr":1,"n":1}',
      '{"d":1,"p":"a","r":1,"dr":1,"n":2}',
      '{"d":1,"p":"b","r":3,"dr":2,"n":3}',
      '{"d":2,"p":"a","r":4,"dr":3,"n":4}',
    ],
    description:
      'ties on d are told apart by p; on a stream rows go out as they arrive (a peer arriving later is not yet counted)',
  });
  add('over', 'no_order_whole_partition', {
    sql: 'SELECT k, v, SUM(v) OVER (PARTITION BY k) AS s, COUNT(*) OVER () AS n, RANK() OVER (PARTITION BY k) AS r FROM input',
    input: ['{"k": 1, "v": 1.5}', '{"k": 2, "v": 2}', '{"k": 1, "v": 3}'],
    expected: [
      '{"k":1,"v":"1.5","s":"4.5","n":3,"r":1}',
      '{"k":1,"v":3,"s":"4.5","n":3,"r":1}',
      '{"k":2,"v":2,"s":2,"n":3,"r":1}',
    ],
    unordered: true,
    description: "without ORDER BY every row of a partition gets the whole partition's aggregate",
  });
  // Columns of a joined relation after an OVER (read from the join's parts, also after restore).
  add('over', 'join_columns', {
    sql: 'SELECT o.id, c.name, COUNT(*) OVER (PARTITION BY c.name) AS n, ROW_NUMBER() OVER (ORDER BY o.id DESC) AS r FROM input o JOIN customers c ON o.cid = c.id',
    inputs: {
      input: ['{"id": 1, "cid": 10}', '{"id": 2, "cid": 20}', '{"id": 3, "cid": 10}'],
      customers: ['{"id": 10, "name": "ann"}', '{"id": 20, "name": "bob"}'],
    },
    expected: [
      '{"id":3,"name":"ann","n":2,"r":1}',
      '{"id":2,"name":"bob","n":1,"r":2}',
      '{"id":1,"name":"ann","n":2,"r":3}',
    ],
    description: 'before, the joined columns came out NULL after an OVER',
  });
}
