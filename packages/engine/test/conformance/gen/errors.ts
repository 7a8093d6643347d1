import { add } from './lib.ts';

// Messages are those of packages/engine/src/analyze/messages.ts and sql/messages.ts; positions
// (1-based) point at the start of the offending token or expression.
const input = ['{"symbol": "AAPL", "price": 120.50, "qty": 10}'];
const E = (message: string, line: number, column: number, hint?: string) =>
  `error: ${message} at line ${line}, column ${column}${hint ? `\n  hint: ${hint}` : ''}`;

export function generateErrorCases(): void {
  add('error', 'error_unknown_column', {
    sql: 'SELECT symbl FROM input',
    input,
    error: E('column "symbl" does not exist', 1, 8, 'did you mean "symbol"?'),
  });
  add('error', 'error_unknown_column_multiline', {
    sql: 'SELECT\n  symbol,\n  prce\nFROM input',
    input,
    error: E('column "prce" does not exist', 3, 3, 'did you mean "price"?'),
  });
  add('error', 'error_unknown_column_in_where', {
    sql: 'SELECT symbol FROM input WHERE qtty > 1',
    input,
    error: E('column "qtty" does not exist', 1, 32, 'did you mean "qty"?'),
  });
  add('error', 'error_unknown_column_group_by', {
    sql: 'SELECT COUNT(*) AS n FROM input GROUP BY symbo EMIT FINAL',
    input,
    error: E('column "symbo" does not exist', 1, 42, 'did you mean "symbol"?'),
  });
  add('error', 'error_unknown_function', {
    sql: 'SELECT UPPR(symbol) AS u FROM input',
    input,
    error: E('function "UPPR" does not exist', 1, 8, 'did you mean "UPPER"?'),
  });
  add('error', 'error_aggregate_in_where', {
    sql: 'SELECT symbol FROM input WHERE SUM(price) > 10',
    input,
    error: E(
      'aggregate functions are not allowed in WHERE',
      1,
      32,
      'filter on aggregates with HAVING',
    ),
  });
  add('error', 'error_ungrouped_column', {
    sql: 'SELECT symbol, price, COUNT(*) AS n FROM input GROUP BY symbol EMIT FINAL',
    input,
    error: E(
      'column "price" must appear in the GROUP BY clause or be used in an aggregate function',
      1,
      16,
      'add "price" to GROUP BY or wrap it in an aggregate such as MAX(price)',
    ),
  });
  add('error', 'error_ungrouped_column_no_group_by', {
    sql: 'SELECT symbol, COUNT(*) AS n FROM input',
    input,
    error: E(
      'column "symbol" must appear in the GROUP BY clause or be used in an aggregate function',
      1,
      8,
      'add "symbol" to GROUP BY or wrap it in an aggregate such as MAX(symbol)',
    ),
  });
  add('error', 'error_unknown_source', {
    sql: 'SELECT a FROM nowhere',
    error: E('stream or table "nowhere" does not exist', 1, 15),
  });
  add('error', 'error_nested_aggregate', {
    sql: 'SELECT SUM(COUNT(*)) AS x FROM input EMIT FINAL',
    input,
    error: E('aggregate function calls cannot be nested', 1, 12),
  });
  add('error', 'error_window_function_needs_over', {
    sql: 'SELECT ROW_NUMBER() AS rn FROM input',
    input,
    error: E('window function ROW_NUMBER requires an OVER clause', 1, 8),
  });
  add('error', 'error_tumble_start_without_window', {
    sql: 'SELECT TUMBLE_START() AS ws, COUNT(*) AS n FROM input',
    input,
    error: E(
      'TUMBLE_START() needs a window: add WINDOW TUMBLING(...) or GROUP BY TUMBLE(...)',
      1,
      8,
    ),
  });
  add('error', 'error_ambiguous_column', {
    sql: 'SELECT id FROM a JOIN b ON a.id = b.id',
    inputs: { a: ['{"id": 1}'], b: ['{"id": 1}'] },
    error: E('column reference "id" is ambiguous', 1, 8, 'qualify it: a. or b.'),
  });
  add('error', 'error_unknown_qualifier', {
    sql: 'SELECT x.symbol FROM input',
    input,
    // `x.symbol` could be nested access into a column x (DESIGN §2), so x is reported as a column.
    error: E('column "x" does not exist', 1, 8, 'available columns: symbol, price, qty'),
  });
  add('error', 'error_column_in_relation', {
    sql: 'SELECT t.prise FROM input t',
    input,
    error: E('column "prise" does not exist in "t"', 1, 8, 'did you mean "price"?'),
  });
  add('error', 'error_string_plus_integer', {
    sql: 'SELECT symbol + 1 AS x FROM input',
    input,
    error: E('operator + cannot be applied to STRING and INTEGER', 1, 8),
  });
  add('error', 'error_like_on_decimal', {
    sql: "SELECT symbol FROM input WHERE price LIKE '1%'",
    input,
    error: E('LIKE needs STRING operands, not DECIMAL', 1, 32),
  });
  add('error', 'error_star_with_aggregate', {
    sql: 'SELECT *, COUNT(*) AS n FROM input GROUP BY symbol',
    input,
    // `SELECT *` with GROUP BY needs every column grouped.
    error: [
      E(
        'column "price" must appear in the GROUP BY clause or be used in an aggregate function',
        1,
        8,
        'add "price" to GROUP BY or wrap it in an aggregate such as MAX(price)',
      ),
      E(
        'column "qty" must appear in the GROUP BY clause or be used in an aggregate function',
        1,
        8,
        'add "qty" to GROUP BY or wrap it in an aggregate such as MAX(qty)',
      ),
    ].join('\n'),
  });
  add('error', 'error_several_errors', {
    sql: 'SELECT symbl, prise FROM input',
    input,
    error: [
      E('column "symbl" does not exist', 1, 8, 'did you mean "symbol"?'),
      E('column "prise" does not exist', 1, 15, 'did you mean "price"?'),
    ].join('\n'),
    description: 'analysis reports every error, not only the first',
  });
  add('error', 'error_second_statement', {
    sql: 'CREATE STREAM s AS SELECT symbol FROM input;\nSELECT symbl FROM s',
    input,
    error: E('column "symbl" does not exist', 2, 8, 'did you mean "symbol"?'),
  });
  add('error', 'error_unterminated_string', {
    sql: "SELECT 'abc FROM input",
    input,
    error: E('unterminated string literal', 1, 8),
  });
  add('error', 'error_unexpected_character', {
    sql: 'SELECT symbol # qty FROM input',
    input,
    error: E('unexpected character "#"', 1, 15),
  });
  add('error', 'error_case_without_then', {
    sql: "SELECT CASE WHEN qty > 1 'x' END AS c FROM input",
    input,
    error: E("expected THEN but found string 'x'", 1, 26),
  });
  add('error', 'error_bad_duration', {
    sql: 'SELECT COUNT(*) AS n FROM input WINDOW TUMBLING(5x)',
    input,
    error: E(
      'invalid duration "5x"; use a number with a unit: ms, s, m, h or d (e.g. 5s, 1m)',
      1,
      49,
    ),
  });
  add('error', 'error_order_by_unbounded', {
    sql: "SELECT symbol FROM 'kafka://localhost:9092/orders' ORDER BY symbol",
    error: E(
      'ORDER BY needs the end of its input, and "kafka://localhost:9092/orders" is unbounded',
      1,
      61,
      'sort a bounded input (a file, datagen with limit), or order rows inside a window with OVER (ORDER BY ...)',
    ),
  });
  add('error', 'error_emit_final_unbounded', {
    sql: "SELECT COUNT(*) AS n FROM 'kafka://localhost:9092/orders' EMIT FINAL",
    error: E(
      'EMIT FINAL without a window never emits on the unbounded source "kafka://localhost:9092/orders"',
      1,
      59,
      'add a window (WINDOW TUMBLING(1m)) or use EMIT CHANGES',
    ),
  });
}
