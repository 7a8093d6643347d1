/**
 * SQL forms PostgreSQL users paste (issue 12, second part), one case per behaviour; each failed
 * before its feature. Expected rows are written by hand from PostgreSQL's documented semantics.
 */
import { add } from './lib.ts';

const E = (message: string, line: number, column: number, hint?: string) =>
  `error: ${message} at line ${line}, column ${column}${hint ? `\n  hint: ${hint}` : ''}`;

// k, v with two partitions; arrival order is v order within each partition.
const kv = ['{"k": 1, "v": 1}', '{"k": 1, "v": 2}', '{"k": 2, "v": 3}', '{"k": 1, "v": 4}'];

export function generateNamedWindowCases(): void {
  add('over', 'named_window', {
    sql: 'SELECT k, v, SUM(v) OVER w AS s, ROW_NUMBER() OVER w AS r FROM input WINDOW w AS (PARTITION BY k ORDER BY v)',
    input: kv,
    expected: [
      '{"k":1,"v":1,"s":1,"r":1}',
      '{"k":1,"v":2,"s":3,"r":2}',
      '{"k":2,"v":3,"s":3,"r":1}',
      '{"k":1,"v":4,"s":7,"r":3}',
    ],
  });
  add('over', 'named_window_with_frame_added', {
    sql: 'SELECT k, v, SUM(v) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS m FROM input WINDOW w AS (PARTITION BY k ORDER BY v)',
    input: kv,
    expected: [
      '{"k":1,"v":1,"m":1}',
      '{"k":1,"v":2,"m":3}',
      '{"k":2,"v":3,"m":3}',
      '{"k":1,"v":4,"m":6}',
    ],
  });
  // A later definition starts from an earlier one and adds ORDER BY; OVER (w) adds nothing.
  // COUNT(*) OVER (p) has no ORDER BY: every row of a partition is a peer, so n is the
  // partition's size on every row (emitted at end of input, partition by partition).
  add('over', 'named_window_chain', {
    sql: 'SELECT k, v, COUNT(*) OVER (p) AS n, SUM(v) OVER o AS s, LAG(v) OVER (p ORDER BY v) AS l FROM input WINDOW p AS (PARTITION BY k), o AS (p ORDER BY v)',
    input: kv,
    expected: [
      '{"k":1,"v":1,"n":3,"s":1,"l":null}',
      '{"k":1,"v":2,"n":3,"s":3,"l":1}',
      '{"k":1,"v":4,"n":3,"s":7,"l":2}',
      '{"k":2,"v":3,"n":1,"s":3,"l":null}',
    ],
  });
  // The named window keeps its own frame when used bare: OVER w.
  add('over', 'named_window_own_frame', {
    sql: 'SELECT v, SUM(v) OVER w AS s FROM input WINDOW w AS (ORDER BY v ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)',
    input: kv,
    expected: ['{"v":1,"s":1}', '{"v":2,"s":3}', '{"v":3,"s":5}', '{"v":4,"s":7}'],
  });
  // A column called "window" (quoted) and a named window `tumbling` are both still names.
  add('over', 'named_window_named_tumbling', {
    sql: 'SELECT "window", ROW_NUMBER() OVER tumbling AS r FROM input WINDOW tumbling AS (ORDER BY "window" DESC)',
    input: ['{"window": 1}', '{"window": 2}'],
    expected: ['{"window":2,"r":1}', '{"window":1,"r":2}'],
  });
  // Beside Velo's time window: WINDOW TUMBLING(…) after GROUP BY, WINDOW w AS (…) after it.
  add('over', 'named_window_beside_tumbling', {
    sql: "SELECT k, COUNT(*) AS n, RANK() OVER w AS r FROM input GROUP BY k WINDOW TUMBLING(1m) WINDOW w AS (ORDER BY k DESC) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')",
    input: ['{"k": "a", "ts": 1000}', '{"k": "b", "ts": 2000}', '{"k": "b", "ts": 3000}'],
    expected: ['{"k":"b","n":2,"r":1}', '{"k":"a","n":1,"r":2}'],
  });
  const one = ['{"k": 1, "v": 1}'];
  add('error', 'error_unknown_window_name', {
    sql: 'SELECT v, SUM(v) OVER wx AS s FROM input WINDOW w AS (ORDER BY v)',
    input: one,
    error: E('window "wx" does not exist', 1, 23, 'did you mean "w"?'),
  });
  add('error', 'error_window_name_undefined', {
    sql: 'SELECT v,\n  SUM(v) OVER (w ORDER BY v) AS s\nFROM input',
    input: one,
    error: E(
      'window "w" does not exist',
      2,
      16,
      'define it after HAVING: WINDOW w AS (PARTITION BY … ORDER BY …)',
    ),
  });
  add('error', 'error_window_override_order', {
    sql: 'SELECT SUM(v) OVER (w ORDER BY k) AS s FROM input WINDOW w AS (ORDER BY v)',
    input: one,
    error: E('cannot override ORDER BY clause of window "w"', 1, 32),
  });
  add('error', 'error_window_override_partition', {
    sql: 'SELECT SUM(v) OVER (w PARTITION BY k) AS s FROM input WINDOW w AS (ORDER BY v)',
    input: one,
    error: E('cannot override PARTITION BY clause of window "w"', 1, 36),
  });
  add('error', 'error_window_copy_frame', {
    sql: 'SELECT SUM(v) OVER (w) AS s FROM input WINDOW w AS (ORDER BY v ROWS 1 PRECEDING)',
    input: one,
    error: E(
      'cannot copy window "w" because it has a frame clause',
      1,
      21,
      'write OVER w without parentheses to use its frame',
    ),
  });
  add('error', 'error_window_defined_twice', {
    sql: 'SELECT SUM(v) OVER w AS s FROM input WINDOW w AS (ORDER BY v), w AS (ORDER BY k)',
    input: one,
    error: E('window "w" is already defined', 1, 64),
  });
}

// k, v, s: ties and NULL keys to exercise the ordering, one NULL value to be skipped.
const kvs = [
  '{"k": 1, "v": 2, "s": "b"}',
  '{"k": 1, "v": 1, "s": "c"}',
  '{"k": 2, "v": 5, "s": "x"}',
  '{"k": 1, "v": null, "s": "a"}',
  '{"k": 1, "v": 2, "s": "d"}',
  '{"k": 2, "v": 4, "s": null}',
];

export function generateOrderedAggregateCases(): void {
  add('aggregate', 'array_agg_order_by', {
    sql: 'SELECT k, ARRAY_AGG(s ORDER BY v) AS up, ARRAY_AGG(s ORDER BY v DESC) AS down, ARRAY_AGG(s ORDER BY v DESC NULLS FIRST, s DESC) AS nf FROM input GROUP BY k EMIT FINAL',
    input: kvs,
    // ties (v = 2: b then d) keep arrival order; NULL keys last unless NULLS FIRST.
    expected: [
      '{"k":1,"up":["c","b","d","a"],"down":["b","d","c","a"],"nf":["a","d","b","c"]}',
      '{"k":2,"up":["x"],"down":["x"],"nf":["x"]}',
    ],
    unordered: true,
  });
  add('aggregate', 'string_agg_order_by', {
    sql: "SELECT k, STRING_AGG(s, ',' ORDER BY s) AS a, STRING_AGG(s, '|' ORDER BY v DESC, s) AS b, LISTAGG(s ORDER BY s DESC) AS c FROM input GROUP BY k EMIT FINAL",
    input: kvs,
    expected: ['{"k":1,"a":"a,b,c,d","b":"b|d|c|a","c":"dcba"}', '{"k":2,"a":"x","b":"x","c":"x"}'],
    unordered: true,
  });
  add('aggregate', 'array_agg_distinct_order_by', {
    sql: "SELECT ARRAY_AGG(DISTINCT v ORDER BY v DESC) AS d, STRING_AGG(DISTINCT s, '-' ORDER BY s) AS s FROM input EMIT FINAL",
    input: [...kvs, '{"k": 3, "v": 5, "s": "b"}'],
    expected: ['{"d":[5,4,2,1],"s":"a-b-c-d-x"}'],
  });
  add('aggregate', 'ordered_aggregate_in_tumbling_window', {
    sql: "SELECT k, ARRAY_AGG(v ORDER BY v DESC) AS a FROM input GROUP BY k WINDOW TUMBLING(10s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')",
    input: [
      '{"k": "a", "v": 1, "ts": 1000}',
      '{"k": "a", "v": 3, "ts": 2000}',
      '{"k": "a", "v": 2, "ts": 3000}',
      '{"k": "a", "v": 9, "ts": 11000}',
    ],
    expected: ['{"k":"a","a":[3,2,1]}', '{"k":"a","a":[9]}'],
  });
  add('subquery', 'ordered_aggregate_in_scalar_subquery', {
    sql: "SELECT k, (SELECT STRING_AGG(s, '|' ORDER BY v DESC) FROM u WHERE u.k = t.k) AS x FROM t",
    inputs: {
      t: ['{"k": 1}', '{"k": 2}', '{"k": 3}'],
      u: ['{"k": 1, "v": 1, "s": "p"}', '{"k": 1, "v": 2, "s": "q"}', '{"k": 2, "v": 5, "s": "r"}'],
    },
    expected: ['{"k":1,"x":"q|p"}', '{"k":2,"x":"r"}', '{"k":3,"x":null}'],
  });
  const one = ['{"k": 1, "v": 1, "s": "a"}'];
  add('error', 'error_order_by_in_scalar_function', {
    sql: 'SELECT UPPER(s ORDER BY v) AS u FROM input',
    input: one,
    error: E('ORDER BY specified, but UPPER is not an aggregate function', 1, 25),
  });
  add('error', 'error_aggregate_order_by_with_over', {
    sql: 'SELECT ARRAY_AGG(s ORDER BY v) OVER (PARTITION BY k) AS a FROM input',
    input: one,
    error: E(
      'aggregate ORDER BY is not implemented for window functions',
      1,
      29,
      'order the window instead: OVER (ORDER BY …)',
    ),
  });
  add('error', 'error_aggregate_distinct_order_by', {
    sql: 'SELECT ARRAY_AGG(DISTINCT s ORDER BY v) AS a FROM input',
    input: one,
    error: E(
      'in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list',
      1,
      38,
    ),
  });
}

// (v, w) pairs: CORR/COVAR over frames; the expected figures are worked out by hand.
const vw = [
  '{"k": 1, "v": 1, "w": 2, "s": "a"}',
  '{"k": 1, "v": 2, "w": 5, "s": "b"}',
  '{"k": 1, "v": 3, "w": 7, "s": "c"}',
  '{"k": 2, "v": 4, "w": null, "s": "d"}',
];

export function generateTwoArgumentWindowCases(): void {
  add('over', 'two_argument_aggregates_over', {
    // covar_pop over (1,2),(2,5) = 0.75; over (2,5),(3,7) = 0.5; covar_samp over all three
    // = (−1·−2.67 + 0 + 1·2.33)/2 = 2.5; corr of two points is 1.
    sql: "SELECT k, v, STRING_AGG(s, '-') OVER (PARTITION BY k ORDER BY v) AS a, COVAR_POP(v, w) OVER (PARTITION BY k ORDER BY v ROWS 1 PRECEDING) AS cp, COVAR_SAMP(v, w) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cs, CORR(v, w) OVER (PARTITION BY k ORDER BY v ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS c FROM input",
    input: vw,
    expected: [
      '{"k":1,"v":1,"a":"a","cp":0,"cs":2.5,"c":null}',
      '{"k":1,"v":2,"a":"a-b","cp":0.75,"cs":2.5,"c":1}',
      '{"k":1,"v":3,"a":"a-b-c","cp":0.5,"cs":2.5,"c":1}',
      '{"k":2,"v":4,"a":"d","cp":null,"cs":null,"c":null}',
    ],
    unordered: true,
  });
  add('over', 'string_agg_separator_over', {
    sql: "SELECT v, STRING_AGG(s, ' / ') OVER (ORDER BY v DESC ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS a, APPROX_PERCENTILE(v, 0.5) OVER (ORDER BY v) AS p FROM input",
    input: vw,
    expected: [
      '{"v":4,"a":"d / c","p":2}',
      '{"v":3,"a":"c / b","p":2}',
      '{"v":2,"a":"b / a","p":1}',
      '{"v":1,"a":"a","p":1}',
    ],
    unordered: true,
  });
}

export function generateNestedCteCases(): void {
  const u = ['{"x": 1}', '{"x": 2}', '{"x": 3}'];
  add('subquery', 'cte_in_derived_table_shadows_outer', {
    // The inner `a` reads the outer `a` (its own name is not in scope in its body).
    sql: 'WITH a AS (SELECT x FROM u WHERE x > 1) SELECT d.x, a.x AS y FROM (WITH a AS (SELECT x * 10 AS x FROM a) SELECT x FROM a) d JOIN a ON d.x = a.x * 10 ORDER BY d.x',
    inputs: { u },
    expected: ['{"x":20,"y":2}', '{"x":30,"y":3}'],
  });
  add('subquery', 'cte_in_in_subquery', {
    sql: 'SELECT x FROM u WHERE x IN (WITH c AS (SELECT x FROM u WHERE x >= 2), d AS (SELECT x FROM c WHERE x < 3) SELECT x FROM d) ORDER BY x',
    inputs: { u },
    expected: ['{"x":2}'],
  });
  add('subquery', 'cte_in_exists_and_scalar_subquery', {
    sql: 'SELECT x, (WITH c AS (SELECT x FROM u) SELECT MAX(x) FROM c) AS m FROM u WHERE NOT EXISTS (WITH e AS (SELECT x FROM u WHERE x > 5) SELECT x FROM e) ORDER BY x DESC',
    inputs: { u },
    expected: ['{"x":3,"m":3}', '{"x":2,"m":3}', '{"x":1,"m":3}'],
  });
  add('subquery', 'cte_in_subquery_shadows_statement_cte', {
    sql: 'WITH a AS (SELECT x FROM u) SELECT x FROM a WHERE x IN (WITH a AS (SELECT x + 1 AS x FROM a) SELECT x FROM a) ORDER BY x',
    inputs: { u },
    expected: ['{"x":2}', '{"x":3}'],
  });
  add('subquery', 'cte_inside_cte', {
    sql: 'WITH b AS (WITH a AS (SELECT x FROM u WHERE x <> 2) SELECT SUM(x) AS s FROM a) SELECT s FROM b',
    inputs: { u },
    expected: ['{"s":4}'],
  });
  add('error', 'error_cte_out_of_scope', {
    sql: 'SELECT * FROM (WITH c AS (SELECT x FROM input) SELECT x FROM c) d WHERE x IN (SELECT x FROM c)',
    input: ['{"x": 1}'],
    error: E('stream or table "c" does not exist', 1, 93),
  });
}

export function generateSetOperationPrecedenceCases(): void {
  const u = ['{"x": 1}', '{"x": 2}', '{"x": 3}', '{"x": 3}'];
  // Left to right this would be ({1,2,3} UNION {2}) INTERSECT {2} = {2}.
  add('statements', 'intersect_binds_tighter_than_union', {
    sql: 'SELECT x FROM u WHERE x = 1 UNION SELECT x FROM u WHERE x = 2 INTERSECT SELECT x FROM u WHERE x = 3 ORDER BY x',
    inputs: { u },
    expected: ['{"x":1}'],
  });
  // Left to right: ({1,2,3} EXCEPT {1}) INTERSECT {1,2} = {2}; INTERSECT first gives {2,3}.
  add('statements', 'intersect_binds_tighter_than_except', {
    sql: 'SELECT x FROM u EXCEPT SELECT x FROM u WHERE x = 1 INTERSECT SELECT x FROM u WHERE x < 3 ORDER BY x',
    inputs: { u },
    expected: ['{"x":2}', '{"x":3}'],
  });
  add('statements', 'union_except_left_to_right', {
    sql: 'SELECT x FROM u WHERE x < 3 EXCEPT SELECT x FROM u WHERE x = 1 UNION ALL SELECT x FROM u WHERE x = 1 ORDER BY x',
    inputs: { u },
    expected: ['{"x":1}', '{"x":2}'],
  });
  add('statements', 'parenthesized_set_operation_first', {
    sql: '(SELECT x FROM u WHERE x = 1 UNION SELECT x FROM u WHERE x = 2) INTERSECT SELECT x FROM u WHERE x >= 2',
    inputs: { u },
    expected: ['{"x":2}'],
  });
  // Each operand's ORDER BY / LIMIT stays inside its parentheses; the trailing ones apply to
  // the whole result.
  add('statements', 'parenthesized_operands_with_limit', {
    sql: '(SELECT x FROM u ORDER BY x DESC LIMIT 2) UNION ALL (SELECT x FROM u ORDER BY x LIMIT 1) ORDER BY x DESC LIMIT 3',
    inputs: { u },
    expected: ['{"x":3}', '{"x":3}', '{"x":1}'],
  });
  add('statements', 'parenthesized_set_operation_in_from_and_cte', {
    sql: 'WITH c AS ((SELECT x FROM u) INTERSECT ALL (SELECT 3 AS x FROM u)) SELECT d.x, (SELECT COUNT(*) FROM c) AS n FROM ((SELECT x FROM u) EXCEPT (SELECT x FROM c)) d ORDER BY d.x',
    inputs: { u },
    expected: ['{"x":1,"n":2}', '{"x":2,"n":2}'],
  });
  add('statements', 'parenthesized_query_alone', {
    sql: '(SELECT x FROM u WHERE x > 1) ORDER BY x DESC LIMIT 1',
    inputs: { u },
    expected: ['{"x":3}'],
  });
}
