import { add } from './lib.ts';

const input = [
  '{"a": null, "b": 2, "s": null, "f": null}',
  '{"a": 1, "b": null, "s": "x", "f": true}',
];

export function generateNullCases(): void {
  add('null', 'arithmetic', {
    sql: 'SELECT a + b AS p, a - b AS m, a * b AS t, a / b AS d, -a AS n FROM input',
    input,
    expected: [
      '{"p":null,"m":null,"t":null,"d":null,"n":null}',
      '{"p":null,"m":null,"t":null,"d":null,"n":-1}',
    ],
  });
  add('null', 'decimal_arithmetic', {
    sql: 'SELECT x + 1.50 AS p, x * 2.0 AS t, x / 3 AS d FROM input',
    input: ['{"x": null}', '{"x": 1.5}'],
    expected: ['{"p":null,"t":null,"d":null}', '{"p":"3.00","t":"3.00","d":"0.500000"}'],
  });
  add('null', 'comparison', {
    sql: 'SELECT a = b AS eq, a <> b AS ne, a < b AS lt FROM input',
    input,
    expected: ['{"eq":null,"ne":null,"lt":null}', '{"eq":null,"ne":null,"lt":null}'],
  });
  add('null', 'string_functions', {
    sql: "SELECT UPPER(s) AS u, LENGTH(s) AS l, SUBSTRING(s, 1, 1) AS sub, REPLACE(s, 'x', 'y') AS r, TRIM(s) AS t FROM input",
    input,
    expected: [
      '{"u":null,"l":null,"sub":null,"r":null,"t":null}',
      '{"u":"X","l":1,"sub":"x","r":"y","t":"x"}',
    ],
  });
  add('null', 'case_condition_null', {
    sql: "SELECT CASE WHEN f THEN 'yes' ELSE 'no' END AS c FROM input",
    input,
    expected: ['{"c":"no"}', '{"c":"yes"}'],
    description: 'a NULL condition is not true, so ELSE applies',
  });
  add('null', 'case_no_else', {
    sql: "SELECT CASE WHEN f THEN 'yes' END AS c FROM input",
    input,
    expected: ['{"c":null}', '{"c":"yes"}'],
  });
  add('null', 'in_list', {
    sql: 'SELECT a IN (1, 2) AS i, a NOT IN (3) AS n FROM input',
    input,
    expected: ['{"i":null,"n":null}', '{"i":true,"n":true}'],
  });
  add('null', 'like', {
    sql: "SELECT s LIKE 'x%' AS l FROM input",
    input,
    expected: ['{"l":null}', '{"l":true}'],
  });
  add('null', 'between', {
    sql: 'SELECT a BETWEEN 0 AND 5 AS bt FROM input',
    input,
    expected: ['{"bt":null}', '{"bt":true}'],
  });
  add('null', 'coalesce_all_null', {
    sql: 'SELECT COALESCE(s, s) AS c FROM input',
    input,
    expected: ['{"c":null}', '{"c":"x"}'],
  });
  add('null', 'is_distinct', {
    sql: 'SELECT a IS NULL AS an, b IS NULL AS bn FROM input',
    input,
    expected: ['{"an":true,"bn":false}', '{"an":false,"bn":true}'],
  });
  add('null', 'filter_on_null_boolean', {
    sql: 'SELECT b FROM input WHERE NOT f',
    input: [...input, '{"a": 2, "b": 3, "s": "z", "f": false}'],
    expected: ['{"b":3}'],
  });
  add('null', 'emit_changes_null_values', {
    sql: 'SELECT k, SUM(v) AS s, COUNT(v) AS n FROM input GROUP BY k',
    input: ['{"k": "a", "v": null}', '{"k": "a", "v": 2}', '{"k": "a", "v": null}'],
    expected: ['{"k":"a","s":null,"n":0}', '{"k":"a","s":2,"n":1}', '{"k":"a","s":2,"n":1}'],
  });
  add('null', 'min_max_skip_null', {
    sql: 'SELECT MIN(v) AS lo, MAX(v) AS hi FROM input EMIT FINAL',
    input: ['{"v": null}', '{"v": 3}', '{"v": null}', '{"v": -1}'],
    expected: ['{"lo":-1,"hi":3}'],
  });
  add('null', 'first_last_null', {
    sql: 'SELECT FIRST(v) AS f, LAST(v) AS l FROM input EMIT FINAL',
    input: ['{"v": 1}', '{"v": 2}'],
    expected: ['{"f":1,"l":2}'],
  });
  add('null', 'select_null_literal', {
    sql: 'SELECT NULL AS n, id FROM input',
    input: ['{"id": 1}'],
    expected: ['{"n":null,"id":1}'],
  });
  add('null', 'json_null_vs_missing', {
    sql: 'SELECT id, v IS NULL AS n FROM input',
    input: ['{"id": 1, "v": null}', '{"id": 2}'],
    expected: ['{"id":1,"n":true}', '{"id":2,"n":true}'],
  });
  add('null', 'nullif_equal_decimals', {
    sql: 'SELECT NULLIF(a, 1.0) AS n FROM input',
    input: ['{"a": 1.00}', '{"a": 2.00}'],
    expected: ['{"n":null}', '{"n":"2.00"}'],
  });
}
