import { add } from './lib.ts';

export function generateAggregateCases(): void {
  const sales = [
    '{"k": "a", "v": 10, "p": 1.50}',
    '{"k": "b", "v": 5, "p": 2.25}',
    '{"k": "a", "v": 7, "p": 0.10}',
    '{"k": "c", "v": null, "p": null}',
    '{"k": "a", "v": 3, "p": 4.00}',
  ];
  add('aggregate', 'count_star_final', {
    sql: 'SELECT k, COUNT(*) AS n FROM input GROUP BY k EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","n":3}', '{"k":"b","n":1}', '{"k":"c","n":1}'],
    unordered: true,
  });
  add('aggregate', 'count_column_skips_null', {
    sql: 'SELECT k, COUNT(v) AS n FROM input GROUP BY k EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","n":3}', '{"k":"b","n":1}', '{"k":"c","n":0}'],
    unordered: true,
  });
  add('aggregate', 'sum_integer', {
    sql: 'SELECT k, SUM(v) AS s FROM input GROUP BY k EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","s":20}', '{"k":"b","s":5}', '{"k":"c","s":null}'],
    unordered: true,
    description: 'SUM over only NULLs is NULL',
  });
  add('aggregate', 'sum_decimal_keeps_scale', {
    sql: 'SELECT k, SUM(p) AS s FROM input GROUP BY k EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","s":"5.60"}', '{"k":"b","s":"2.25"}', '{"k":"c","s":null}'],
    unordered: true,
    description: 'SUM keeps the largest input scale; an INTEGER row joins as scale 0',
  });
  add('aggregate', 'min_max_keep_type', {
    sql: 'SELECT k, MIN(p) AS lo, MAX(p) AS hi, MIN(v) AS vlo, MAX(v) AS vhi FROM input GROUP BY k EMIT FINAL',
    input: sales,
    expected: [
      '{"k":"a","lo":"0.10","hi":"4.00","vlo":3,"vhi":10}',
      '{"k":"b","lo":"2.25","hi":"2.25","vlo":5,"vhi":5}',
      '{"k":"c","lo":null,"hi":null,"vlo":null,"vhi":null}',
    ],
    unordered: true,
    description: 'MIN/MAX return the input value itself, with its type and scale',
  });
  add('aggregate', 'avg_decimal', {
    sql: 'SELECT station, AVG(temp) AS mean FROM input GROUP BY station EMIT FINAL',
    input: [
      '{"station": "Oslo", "temp": 12.3}',
      '{"station": "Oslo", "temp": 14.5}',
      '{"station": "Oslo", "temp": 10.0}',
      '{"station": "Rome", "temp": 20.5}',
      '{"station": "Rome", "temp": 21.0}',
    ],
    expected: ['{"station":"Oslo","mean":"12.266667"}', '{"station":"Rome","mean":"20.750000"}'],
    unordered: true,
    description: 'AVG = SUM / COUNT with scale max(s, 6), half even',
  });
  add('aggregate', 'avg_half_even', {
    sql: 'SELECT AVG(x) AS a FROM input EMIT FINAL',
    input: ['{"x": 0.0000005}', '{"x": 0.0000020}'],
    expected: ['{"a":"0.0000012"}'],
    description: 'scale 7 stays 7: 0.0000025 / 2 = 0.00000125 rounds half even to 0.0000012',
  });
  add('aggregate', 'one_brc', {
    sql: `SELECT station, MIN(temp) AS min_temp, AVG(temp) AS mean_temp, MAX(temp) AS max_temp
FROM input GROUP BY station EMIT FINAL`,
    input: [
      '{"station": "Hamburg", "temp": 12.0}',
      '{"station": "Bulawayo", "temp": 8.9}',
      '{"station": "Palembang", "temp": 38.8}',
      '{"station": "Hamburg", "temp": 34.2}',
      '{"station": "St. John\'s", "temp": 15.2}',
      '{"station": "Cracow", "temp": 12.6}',
      '{"station": "Bulawayo", "temp": -3.1}',
    ],
    expected: [
      '{"station":"Hamburg","min_temp":"12.0","mean_temp":"23.100000","max_temp":"34.2"}',
      '{"station":"Bulawayo","min_temp":"-3.1","mean_temp":"2.900000","max_temp":"8.9"}',
      '{"station":"Palembang","min_temp":"38.8","mean_temp":"38.800000","max_temp":"38.8"}',
      '{"station":"St. John\'s","min_temp":"15.2","mean_temp":"15.200000","max_temp":"15.2"}',
      '{"station":"Cracow","min_temp":"12.6","mean_temp":"12.600000","max_temp":"12.6"}',
    ],
    unordered: true,
  });
  add('aggregate', 'count_distinct', {
    sql: 'SELECT k, COUNT(DISTINCT u) AS users FROM input GROUP BY k EMIT FINAL',
    input: [
      '{"k": "a", "u": 1}',
      '{"k": "a", "u": 1}',
      '{"k": "a", "u": 2}',
      '{"k": "b", "u": null}',
      '{"k": "b", "u": 3}',
    ],
    expected: ['{"k":"a","users":2}', '{"k":"b","users":1}'],
    unordered: true,
  });
  add('aggregate', 'count_distinct_decimal_scale', {
    sql: 'SELECT COUNT(DISTINCT p) AS n FROM input EMIT FINAL',
    input: ['{"p": 1.0}', '{"p": 1.00}', '{"p": 1}', '{"p": 2.5}'],
    expected: ['{"n":2}'],
    description: '1, 1.0 and 1.00 are the same value',
  });
  add('aggregate', 'group_by_decimal_key', {
    sql: 'SELECT p, COUNT(*) AS n FROM input GROUP BY p EMIT FINAL',
    input: ['{"p": 2.50}', '{"p": 2.5}', '{"p": 3.0}'],
    expected: ['{"p":"2.50","n":2}', '{"p":"3.0","n":1}'],
    unordered: true,
    description: 'equal decimals group together; the group shows its first value',
  });
  add('aggregate', 'group_by_null_key', {
    sql: 'SELECT k, COUNT(*) AS n FROM input GROUP BY k EMIT FINAL',
    input: ['{"k": null}', '{"k": "x"}', '{"k": null}', '{"v": 1}'],
    expected: ['{"k":null,"n":3}', '{"k":"x","n":1}'],
    unordered: true,
    description: 'NULL keys form one group',
  });
  add('aggregate', 'group_by_two_keys', {
    sql: 'SELECT a, b, SUM(v) AS s FROM input GROUP BY a, b EMIT FINAL',
    input: [
      '{"a": 1, "b": "x", "v": 1}',
      '{"a": 1, "b": "y", "v": 2}',
      '{"a": 1, "b": "x", "v": 3}',
      '{"a": 2, "b": "x", "v": 4}',
    ],
    expected: ['{"a":1,"b":"x","s":4}', '{"a":1,"b":"y","s":2}', '{"a":2,"b":"x","s":4}'],
    unordered: true,
  });
  add('aggregate', 'global_final', {
    sql: 'SELECT COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(v) AS hi FROM input EMIT FINAL',
    input: sales,
    expected: ['{"n":5,"s":25,"lo":3,"hi":10}'],
  });
  add('aggregate', 'global_changes', {
    sql: 'SELECT COUNT(*) AS n, SUM(v) AS s FROM input',
    input: ['{"v": 1}', '{"v": 2}', '{"v": null}', '{"v": 4}'],
    expected: ['{"n":1,"s":1}', '{"n":2,"s":3}', '{"n":3,"s":3}', '{"n":4,"s":7}'],
    description: 'aggregation without a window emits changes by default',
  });
  add('aggregate', 'group_changes_default', {
    sql: 'SELECT k, COUNT(*) AS n FROM input GROUP BY k',
    input: ['{"k": "a"}', '{"k": "b"}', '{"k": "a"}', '{"k": "a"}'],
    expected: ['{"k":"a","n":1}', '{"k":"b","n":1}', '{"k":"a","n":2}', '{"k":"a","n":3}'],
  });
  add('aggregate', 'group_emit_changes_explicit', {
    sql: 'SELECT k, SUM(p) AS total FROM input GROUP BY k EMIT CHANGES',
    input: ['{"k": "a", "p": 1.10}', '{"k": "a", "p": 2.205}', '{"k": "b", "p": 3}'],
    expected: ['{"k":"a","total":"1.10"}', '{"k":"a","total":"3.305"}', '{"k":"b","total":3}'],
  });
  add('aggregate', 'having', {
    sql: 'SELECT k, COUNT(*) AS n FROM input GROUP BY k HAVING COUNT(*) > 1 EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","n":3}'],
  });
  add('aggregate', 'having_sum_decimal', {
    sql: 'SELECT k, SUM(p) AS s FROM input GROUP BY k HAVING SUM(p) >= 2.25 EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","s":"5.60"}', '{"k":"b","s":"2.25"}'],
    unordered: true,
  });
  add('aggregate', 'having_changes', {
    sql: 'SELECT k, COUNT(*) AS n FROM input GROUP BY k HAVING COUNT(*) >= 2',
    input: ['{"k": "a"}', '{"k": "b"}', '{"k": "a"}', '{"k": "a"}'],
    expected: ['{"k":"a","n":2}', '{"k":"a","n":3}'],
  });
  add('aggregate', 'where_before_group', {
    sql: 'SELECT k, COUNT(*) AS n FROM input WHERE v > 4 GROUP BY k EMIT FINAL',
    input: sales,
    expected: ['{"k":"a","n":2}', '{"k":"b","n":1}'],
    unordered: true,
  });
  add('aggregate', 'sum_of_product', {
    sql: 'SELECT SUM(amount * quantity) AS total FROM input EMIT FINAL',
    input: [
      '{"amount": 19.99, "quantity": 3}',
      '{"amount": 0.01, "quantity": 7}',
      '{"amount": 100.00, "quantity": 1}',
    ],
    expected: ['{"total":"160.04"}'],
  });
  add('aggregate', 'expression_over_aggregates', {
    sql: 'SELECT k, SUM(p) / COUNT(*) AS mean, COUNT(*) + 1 AS n1 FROM input GROUP BY k EMIT FINAL',
    input: ['{"k": "a", "p": 1.00}', '{"k": "a", "p": 2.00}', '{"k": "a", "p": 2.00}'],
    expected: ['{"k":"a","mean":"1.666667","n1":4}'],
  });
  add('aggregate', 'sum_big_integers', {
    sql: 'SELECT SUM(v) AS s FROM input EMIT FINAL',
    input: ['{"v": 9007199254740993}', '{"v": 9007199254740993}', '{"v": 1}'],
    expected: ['{"s":18014398509481987}'],
    description: 'INTEGER sums are exact beyond 2^53',
  });
  add('aggregate', 'sum_many_digits', {
    sql: 'SELECT SUM(v) AS s FROM input EMIT FINAL',
    input: [
      '{"v": 0.10000000000000000001}',
      '{"v": 0.20000000000000000002}',
      '{"v": 12345678901234567.1}',
    ],
    expected: ['{"s":"12345678901234567.40000000000000000003"}'],
  });
  add('aggregate', 'sum_ten_cents', {
    sql: 'SELECT SUM(v) AS s FROM input EMIT FINAL',
    input: Array.from({ length: 10 }, () => '{"v": 0.10}'),
    expected: ['{"s":"1.00"}'],
    description: 'ten times 0.10 is exactly 1.00',
  });
  add('aggregate', 'median_odd', {
    sql: 'SELECT MEDIAN(p) AS m FROM input EMIT FINAL',
    input: ['{"p": 2.5}', '{"p": 0.5}', '{"p": 1.5}'],
    expected: ['{"m":"1.5"}'],
  });
  add('aggregate', 'first_last', {
    sql: 'SELECT k, FIRST(v) AS f, LAST(v) AS l FROM input GROUP BY k EMIT FINAL',
    input: ['{"k": "a", "v": 1}', '{"k": "a", "v": 2}', '{"k": "a", "v": 3}', '{"k": "b", "v": 9}'],
    expected: ['{"k":"a","f":1,"l":3}', '{"k":"b","f":9,"l":9}'],
    unordered: true,
  });
  add('aggregate', 'stddev_variance_float', {
    sql: 'SELECT STDDEV(x) AS sd, VARIANCE(x) AS var FROM input EMIT FINAL',
    input: ['{"x": 1e0}', '{"x": 2e0}', '{"x": 3e0}'],
    expected: ['{"sd":1,"var":1}'],
    description: 'sample standard deviation and variance, as in PostgreSQL',
  });
  add('aggregate', 'min_max_strings', {
    sql: 'SELECT MIN(s) AS lo, MAX(s) AS hi FROM input EMIT FINAL',
    input: ['{"s": "banana"}', '{"s": "Äpfel"}', '{"s": "apple"}', '{"s": null}'],
    expected: ['{"lo":"apple","hi":"Äpfel"}'],
    description: 'strings compare by code point',
  });
  add('aggregate', 'count_all_null_column', {
    sql: "SELECT COUNT(*) AS n, COUNT(v) AS nv, SUM(v) AS s, AVG(v) AS a, MIN(v) AS lo FROM input WHERE k = 'x' EMIT FINAL",
    input: ['{"k": "x", "v": null}', '{"k": "x", "v": null}', '{"k": "y", "v": 1.5}'],
    expected: ['{"n":2,"nv":0,"s":null,"a":null,"lo":null}'],
  });
  add('aggregate', 'case_inside_sum', {
    sql: "SELECT SUM(CASE WHEN side = 'buy' THEN qty ELSE -qty END) AS net FROM input EMIT FINAL",
    input: [
      '{"side": "buy", "qty": 10}',
      '{"side": "sell", "qty": 4}',
      '{"side": "buy", "qty": 1}',
    ],
    expected: ['{"net":7}'],
  });
  add('aggregate', 'group_key_not_selected', {
    sql: 'SELECT COUNT(*) AS n FROM input GROUP BY k EMIT FINAL',
    input: ['{"k": "a"}', '{"k": "a"}', '{"k": "b"}'],
    expected: ['{"n":1}', '{"n":2}'],
    unordered: true,
  });
  add('aggregate', 'aliases_and_order', {
    sql: 'SELECT COUNT(*) AS n, k AS key FROM input GROUP BY k EMIT FINAL',
    input: ['{"k": "a"}'],
    expected: ['{"n":1,"key":"a"}'],
    description: 'output keys follow SELECT order',
  });
}
