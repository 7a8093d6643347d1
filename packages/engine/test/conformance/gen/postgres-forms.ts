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
  add('over', 'named_window_chain', {
    sql: 'SELECT k, v, COUNT(*) OVER (p) AS n, SUM(v) OVER o AS s, LAG(v) OVER (p ORDER BY v) AS l FROM input WINDOW p AS (PARTITION BY k), o AS (p ORDER BY v)',
    input: kv,
    expected: [
      '{"k":1,"v":1,"n":1,"s":1,"l":null}',
      '{"k":1,"v":2,"n":2,"s":3,"l":1}',
      '{"k":2,"v":3,"n":1,"s":3,"l":null}',
      '{"k":1,"v":4,"n":3,"s":7,"l":2}',
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
