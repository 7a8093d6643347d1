/**
 * Wrong answers found by an external SQL suite (issue 12), one case per answer: each failed
 * before its fix. Expected rows are SQL's answers (three-valued logic, set semantics of joins).
 */
import { add } from './lib.ts';

export function generateFixCases(): void {
  const one = ['{"x": 5}'];
  // 1. BETWEEN is `v >= lo AND v <= hi` in three-valued logic: one FALSE side decides it.
  add('null', 'between_null_bounds', {
    sql: 'SELECT x NOT BETWEEN NULL AND 1 AS a, x BETWEEN 6 AND NULL AS b, x BETWEEN NULL AND 6 AS c, x NOT BETWEEN 1 AND NULL AS d, x BETWEEN NULL AND NULL AS e FROM input',
    input: one,
    expected: ['{"a":true,"b":false,"c":null,"d":null,"e":null}'],
  });
  // 2. Each OVER clause keeps its own ORDER BY.
  const v = [3, 1, 5, 2, 4].map((n) => `{"v": ${n}}`);
  add('over', 'two_orderings', {
    sql: 'SELECT v, ROW_NUMBER() OVER (ORDER BY v DESC) AS d, ROW_NUMBER() OVER (ORDER BY v) AS a FROM input',
    input: v,
    expected: [1, 2, 3, 4, 5].map((n) => `{"v":${n},"d":${6 - n},"a":${n}}`),
    unordered: true,
  });
  add('over', 'two_orderings_asc_first', {
    sql: 'SELECT v, RANK() OVER (ORDER BY v) AS a, RANK() OVER (ORDER BY v DESC) AS d FROM input',
    input: ['{"v": 1}', '{"v": 2}', '{"v": 3}'],
    expected: ['{"v":3,"a":3,"d":1}', '{"v":2,"a":2,"d":2}', '{"v":1,"a":1,"d":3}'],
  });
  // 3. NULLS FIRST / LAST under DESC (default NULLS LAST, as DuckDB).
  const withNull = ['{"v": 3}', '{"v": null}', '{"v": 5}'];
  add('over', 'desc_nulls_first', {
    sql: 'SELECT v, ROW_NUMBER() OVER (ORDER BY v DESC NULLS FIRST) AS r FROM input',
    input: withNull,
    expected: ['{"v":null,"r":1}', '{"v":5,"r":2}', '{"v":3,"r":3}'],
  });
  add('over', 'desc_nulls_default_last', {
    sql: 'SELECT v, ROW_NUMBER() OVER (ORDER BY v DESC) AS r FROM input',
    input: withNull,
    expected: ['{"v":5,"r":1}', '{"v":3,"r":2}', '{"v":null,"r":3}'],
  });
  // 4. Scalar subqueries in a SELECT without FROM see the loaded tables.
  add('subquery', 'scalar_without_from', {
    sql: 'SELECT (SELECT COUNT(*) FROM u) AS n, (SELECT MAX(x) FROM u) AS m, 1 IN (SELECT x FROM u) AS i',
    inputs: { u: ['{"x": 1}', '{"x": 2}'] },
    expected: ['{"n":2,"m":2,"i":true}'],
  });
  // 5. HAVING inside a correlated subquery, and a correlated subquery in HAVING.
  add('subquery', 'correlated_having_inside', {
    sql: 'SELECT k, (SELECT COUNT(*) FROM u WHERE u.k = s.k HAVING COUNT(*) > 1) AS c FROM s',
    inputs: { s: ['{"k": 1}', '{"k": 2}'], u: ['{"k": 1}', '{"k": 1}', '{"k": 2}'] },
    expected: ['{"k":1,"c":2}', '{"k":2,"c":null}'],
  });
  add('subquery', 'correlated_group_by_inside', {
    sql: 'SELECT k, (SELECT SUM(w) FROM u WHERE u.k = s.k GROUP BY u.k HAVING COUNT(*) > 1) AS c FROM s',
    inputs: {
      s: ['{"k": 1}', '{"k": 2}'],
      u: ['{"k": 1, "w": 1.5}', '{"k": 1, "w": 2.25}', '{"k": 2, "w": 4.0}'],
    },
    expected: ['{"k":1,"c":"3.75"}', '{"k":2,"c":null}'],
  });
  add('subquery', 'correlated_in_having', {
    sql: 'SELECT k, COUNT(*) AS n FROM s GROUP BY k HAVING COUNT(*) > (SELECT COUNT(*) FROM u WHERE u.k = s.k) EMIT FINAL',
    inputs: { s: ['{"k": 1}', '{"k": 1}', '{"k": 2}'], u: ['{"k": 1}', '{"k": 2}', '{"k": 2}'] },
    expected: ['{"k":1,"n":2}'],
  });
  add('subquery', 'in_grouped_having', {
    sql: 'SELECT x FROM s WHERE x IN (SELECT k FROM u GROUP BY k HAVING COUNT(*) > 1)',
    inputs: { s: ['{"x": 1}', '{"x": 2}'], u: ['{"k": 1}', '{"k": 2}', '{"k": 2}'] },
    expected: ['{"x":2}'],
  });
  // 6. LIMIT inside subqueries.
  add('subquery', 'exists_limit_zero', {
    sql: 'SELECT k FROM s WHERE EXISTS (SELECT k FROM u LIMIT 0)',
    inputs: { s: ['{"k": 1}'], u: ['{"k": 1}'] },
    expected: [],
  });
  add('subquery', 'limit_inside', {
    sql: 'SELECT k, (SELECT MAX(k) FROM u LIMIT 0) AS m, k IN (SELECT k FROM u LIMIT 1) AS first FROM s',
    inputs: { s: ['{"k": 1}', '{"k": 2}'], u: ['{"k": 1}', '{"k": 2}'] },
    expected: ['{"k":1,"m":null,"first":true}', '{"k":2,"m":null,"first":false}'],
  });
  // 7. TRY_CAST gives NULL (no dead letter) and honours DECIMAL precision.
  add('cast', 'try_cast_null', {
    sql: "SELECT TRY_CAST(x AS INTEGER) AS a, TRY_CAST(1234567 AS DECIMAL(7,3)) AS b, TRY_CAST(1234.5678 AS DECIMAL(7,3)) AS c, TRY_CAST(x AS BOOLEAN) AS d, TRY_CAST('12' AS INTEGER) AS e FROM input",
    input: ['{"x": "abc"}'],
    expected: ['{"a":null,"b":null,"c":"1234.568","d":null,"e":12}'],
  });
  add('cast', 'cast_precision_overflow', {
    sql: 'SELECT id, CAST(x AS DECIMAL(7,3)) AS d FROM input',
    input: ['{"id": 1, "x": 1234567}', '{"id": 2, "x": 1234}'],
    expected: ['{"id":2,"d":"1234.000"}'],
    dlq: ['{"record":{"id":1,"x":1234567},"reason":"value 1234567.000 does not fit DECIMAL(7,3)"}'],
  });
  // 8. TRUNC with negative digits truncates to tens, hundreds, … (scale 0, as ROUND).
  add('round', 'trunc_negative_digits', {
    sql: 'SELECT TRUNC(12345.678, -3) AS a, TRUNC(-12345.678, -2) AS b, TRUNC(999, -3) AS c, TRUNC(12345.678, 1) AS d FROM input',
    input: one,
    expected: ['{"a":"12000","b":"-12300","c":0,"d":"12345.6"}'],
  });
  // 9. A self-join's SELECT * has both sides' columns.
  add('join', 'self_join_star', {
    sql: 'SELECT * FROM t p JOIN t q ON p.a = q.b',
    inputs: { t: ['{"a": 1, "b": 1}', '{"a": 2, "b": 1}'] },
    expected: ['{"a":1,"b":1,"a_2":1,"b_2":1}', '{"a":1,"b":1,"a_2":2,"b_2":1}'],
  });
  // 10. IN (SELECT *) over a one-column table.
  add('subquery', 'in_select_star_one_column', {
    sql: 'SELECT x FROM s WHERE x IN (SELECT * FROM u)',
    inputs: { s: ['{"x": 1}', '{"x": 2}'], u: ['{"y": 1}'] },
    expected: ['{"x":1}'],
  });
  // 12. The analyzer refuses exactly the casts that would fail on every row (types/cast.ts).
  add('error', 'error_cast_timestamp_to_boolean', {
    sql: "SELECT CAST(TIMESTAMP '2024-01-01 00:00:00' AS BOOLEAN) AS b FROM input",
    input: one,
    error: 'error: cannot cast TIMESTAMP to BOOLEAN at line 1, column 8',
  });
}
