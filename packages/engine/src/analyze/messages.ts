/**
 * Every analysis message, as a function, so tests and docs can reference the exact text.
 * Hints are separate (`hints`), printed on their own line by `formatDiagnostic`.
 */
export const messages = {
  unknownColumn: (name: string) => `column "${name}" does not exist`,
  unknownColumnInRelation: (name: string, relation: string) =>
    `column "${name}" does not exist in "${relation}"`,
  ambiguousColumn: (name: string) => `column reference "${name}" is ambiguous`,
  unknownRelation: (name: string) => `relation "${name}" does not exist in this query`,
  outerReferenceInOwnQuery: (name: string) =>
    `"${name}" belongs to the query around this one: a WITH query, a subquery in FROM and each query of a UNION/INTERSECT/EXCEPT are computed on their own and cannot refer to outer columns`,
  unknownSource: (name: string) => `stream or table "${name}" does not exist`,
  alreadyDefined: (name: string) => `stream or table "${name}" is already defined`,
  noFieldOnType: (column: string, type: string, field: string) =>
    `column "${column}" is ${type} and has no field "${field}"`,
  unknownFunction: (name: string) => `function "${name}" does not exist`,
  functionArgs: (message: string) => message,
  argumentCount: (name: string, expected: string, got: number) =>
    `function ${name} expects ${expected} argument${expected === '1' ? '' : 's'}, got ${got}`,
  starNotAllowed: (name: string) => `${name}(*) is not allowed; only COUNT(*) takes *`,
  distinctNotAllowed: (name: string) =>
    `DISTINCT is only allowed in aggregate functions, not in ${name}`,
  aggregateInWhere: () => 'aggregate functions are not allowed in WHERE',
  aggregateInGroupBy: () => 'aggregate functions are not allowed in GROUP BY',
  aggregateInJoin: () => 'aggregate functions are not allowed in JOIN conditions',
  nestedAggregate: () => 'aggregate function calls cannot be nested',
  ungroupedColumn: (name: string) =>
    `column "${name}" must appear in the GROUP BY clause or be used in an aggregate function`,
  havingWithoutAggregation: () => 'HAVING needs GROUP BY or an aggregate function',
  windowFunctionNotAllowed: (clause: string) => `window functions are not allowed in ${clause}`,
  windowFunctionNeedsOver: (name: string) => `window function ${name} requires an OVER clause`,
  overNotAllowed: (name: string) =>
    `${name} is not a window function or aggregate; it cannot take OVER`,
  rangeNeedsOneOrderBy: () => 'a RANGE frame with an offset needs exactly one ORDER BY expression',
  frameOffsetInvalid: () => 'a ROWS frame offset must be a non-negative integer',
  frameOrderInvalid: () => 'the frame start cannot be after the frame end',
  operatorTypes: (op: string, left: string, right: string) =>
    `operator ${op} cannot be applied to ${left} and ${right}`,
  unaryTypes: (op: string, type: string) => `operator ${op} cannot be applied to ${type}`,
  notBoolean: (context: string, type: string) => `${context} must be BOOLEAN, not ${type}`,
  likeTypes: (type: string) => `LIKE needs STRING operands, not ${type}`,
  castInvalid: (from: string, to: string) => `cannot cast ${from} to ${to}`,
  decimalScale: (precision: number, scale: number) =>
    `DECIMAL(${precision}, ${scale}): scale must be between 0 and the precision`,
  extractField: (field: string) =>
    `unknown EXTRACT field "${field}"; use YEAR, QUARTER, MONTH, WEEK, DAY, DOW, DOY, HOUR, MINUTE, SECOND or MILLISECOND`,
  extractType: (type: string) => `EXTRACT needs a TIMESTAMP, not ${type}`,
  intervalInvalid: () => 'invalid interval',
  windowSizePositive: (what: string) => `window ${what} must be positive`,
  slidingAdvance: () => 'a sliding window advance must not exceed its size',
  twoWindows: () =>
    'a query can have only one window: use either WINDOW or GROUP BY TUMBLE/HOP/SESSION',
  windowWithoutAggregate: () =>
    'WINDOW needs an aggregation: add GROUP BY or an aggregate function such as COUNT(*)',
  windowBoundWithoutWindow: (name: string) =>
    `${name}() needs a window: add WINDOW TUMBLING(...) or GROUP BY TUMBLE(...)`,
  windowColumnWithoutWindow: (name: string) =>
    `${name} is only available in a windowed aggregation`,
  groupWindowOutsideGroupBy: (name: string) => `${name}(...) is only allowed in GROUP BY`,
  orderByUnbounded: (source: string) =>
    `ORDER BY needs the end of its input, and "${source}" is unbounded`,
  orderByPosition: (n: string, count: number) =>
    `ORDER BY position ${n} is not in the select list (1 to ${count})`,
  aggregateOrderNotAggregate: (name: string) =>
    `ORDER BY specified, but ${name} is not an aggregate function`,
  aggregateOrderWithOver: () => 'aggregate ORDER BY is not implemented for window functions',
  aggregateOrderDistinct: () =>
    'in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list',
  orderByDistinct: () => 'for SELECT DISTINCT, ORDER BY expressions must appear in the select list',
  emitFinalUnbounded: (source: string) =>
    `EMIT FINAL without a window never emits on the unbounded source "${source}"`,
  overNeedsWholePartition: (name: string, source: string) =>
    `${name}(...) OVER needs the whole partition and emits only when the input ends, which the unbounded source "${source}" never does`,
  overWithoutOrderUnbounded: (name: string, source: string) =>
    `${name}(...) OVER without ORDER BY is computed over the whole partition, which the unbounded source "${source}" never completes`,
  processingTime: (source: string) =>
    `window runs on processing time: source "${source}" has no event time ('event.time.field')`,
  emitWithoutAggregate: () =>
    'EMIT applies only to aggregations (GROUP BY, aggregates or a window)',
  badEventTimeFormat: (format: string) =>
    `invalid 'event.time.format' "${format}"; use epoch_millis, epoch_seconds, iso8601 or auto`,
  badWatermarkDelay: (value: string) =>
    `invalid 'watermark.delay' "${value}"; use a duration such as 5s, 500ms or 1m`,
  badLatePolicy: (value: string) => `invalid 'late.policy' "${value}"; use dlq or drop`,
  groupByPosition: (n: string, count: number) =>
    `GROUP BY position ${n} is not in the select list (1 to ${count})`,
  subqueryColumns: (kind: string) => `${kind} subquery must return exactly one column`,
  outerJoinNeedsTimeBound: (type: string) =>
    `${type} JOIN needs a time bound between two streams, e.g. AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts`,
  starWithAggregate: () => 'SELECT * cannot be combined with GROUP BY or aggregates',
  limitTooLarge: () => 'LIMIT must be a non-negative integer below 2^53',
  fromRequired: () => 'this query needs a FROM clause',
  tooDeep: () => 'statement is nested too deeply to analyze',
  headerArgs: (name: string, expected: string, got: number) =>
    `function ${name} expects ${expected} argument${expected === '1' ? '' : 's'}, got ${got}`,
} as const;

export const hints = {
  didYouMean: (name: string) => `did you mean "${name}"?`,
  availableColumns: (names: string[]) => `available columns: ${names.join(', ')}`,
  useHaving: () => 'filter on aggregates with HAVING',
  orderTheWindow: () => 'order the window instead: OVER (ORDER BY …)',
  qualify: (relations: string[]) => `qualify it: ${relations.map((r) => `${r}.`).join(' or ')}`,
  addWindow: () => 'add a window (WINDOW TUMBLING(1m)) or use EMIT CHANGES',
  orderByBounded: () =>
    'sort a bounded input (a file, datagen with limit), or order rows inside a window with OVER (ORDER BY ...)',
  boundedOver: () =>
    'order the window ascending by event time with a frame that ends at CURRENT ROW or n FOLLOWING',
  filterWhereRead: (ref: string) =>
    `compute it without ${ref} and compare with ${ref} where it is read: (WITH c AS (SELECT …) SELECT … FROM c WHERE c.col = ${ref})`,
  unorderedOver: () =>
    'order the window for a running value (OVER (PARTITION BY k ORDER BY ts)), or aggregate per time window with GROUP BY k WINDOW TUMBLING(1m)',
  eventTime: () => "set WITH ('event.time.field' = '<column>') to window on event time",
  castText: () => 'convert ISO-8601 text first: CAST(ts AS TIMESTAMP) - INTERVAL ...',
  groupBy: (name: string) =>
    `add "${name}" to GROUP BY or wrap it in an aggregate such as MAX(${name})`,
} as const;
