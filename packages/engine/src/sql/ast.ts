/**
 * The Velo SQL syntax tree: one union of node kinds keyed on `kind` (DESIGN §2). Every node
 * carries the source span it was parsed from so that analysis and runtime errors can point at
 * the SQL. The tree is produced by `parseSql` (sql/parser.ts) and is purely syntactic: a
 * dotted name such as `o.payload.id` is kept as a list of parts, and analysis decides which
 * part is a relation alias and which are nested JSON fields.
 *
 * Node names are a contract with analyze/ and plan/: add kinds, do not rename them.
 */
import type { SqlType } from '../types/value.ts';

/** A position in the SQL text: `offset` is 0-based (UTF-16 units), line and column 1-based. */
export interface Pos {
  offset: number;
  line: number;
  column: number;
}

/** Half-open source range: `end` is the position just after the last character. */
export interface Span {
  start: Pos;
  end: Pos;
}

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements
// ---------------------------------------------------------------------------------------------

export type Statement = CreateStreamStatement | CreateTableStatement | SelectStatement;

interface StatementBase extends NodeBase {
  query: Select;
  /** `INTO 'uri'`; null when absent. */
  into: IntoClause | null;
  /** `WITH ('k' = 'v', ...)`, in written order; empty when absent. */
  with: WithOption[];
  /** `-- @key: value` comment lines directly before the statement (DESIGN §5). */
  annotations: Annotation[];
  /**
   * A statement the parser made from a `WITH name AS (…)` common table expression or a
   * subquery in FROM: it feeds the statement after it and has no output of its own.
   */
  internal?: boolean;
  /**
   * An internal statement combining two queries: its query reads the left one
   * (`SELECT * FROM left`), `right` names the other (UNION, INTERSECT, EXCEPT).
   */
  setOperation?: SetOperation;
}

export interface SetOperation {
  op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  /** `ALL` keeps duplicates; without it the result is a set. */
  all: boolean;
  right: Identifier;
}

/** `CREATE STREAM name AS SELECT … [INTO 'uri'] [WITH (…)]` */
export interface CreateStreamStatement extends StatementBase {
  kind: 'create_stream';
  name: Identifier;
}

/** `CREATE TABLE name AS SELECT … [INTO 'uri'] [WITH (…)]` — keyed, materialized, joinable. */
export interface CreateTableStatement extends StatementBase {
  kind: 'create_table';
  name: Identifier;
}

/** A plain `SELECT …` statement (previews, `velo query`). INTO/WITH are allowed here too. */
export interface SelectStatement extends StatementBase {
  kind: 'select_statement';
}

export interface IntoClause extends NodeBase {
  kind: 'into';
  uri: string;
}

/** One `'key' = 'value'` entry of WITH. Keys and values are kept as written (unquoted). */
export interface WithOption extends NodeBase {
  kind: 'with_option';
  key: string;
  value: string;
}

/** `-- @metric: velo_big_orders_total` → key `metric`, value `velo_big_orders_total`. */
export interface Annotation extends NodeBase {
  kind: 'annotation';
  key: string;
  value: string;
}

// ---------------------------------------------------------------------------------------------
// SELECT
// ---------------------------------------------------------------------------------------------

/**
 * One SELECT block. Clause order: SELECT … FROM … [JOIN …] [WHERE] [GROUP BY] [HAVING]
 * [WINDOW] [EMIT] [LIMIT]; WINDOW may also stand before GROUP BY. Also used for subqueries
 * (EXISTS, IN, scalar), where INTO/WITH do not apply.
 */
export interface Select extends NodeBase {
  kind: 'select';
  distinct: boolean;
  items: SelectItem[];
  /** null only for `SELECT 1 + 1` style queries without FROM. */
  from: TableRef | null;
  joins: Join[];
  where: Expr | null;
  /** GROUP BY expressions; Flink-style TUMBLE/HOP/SESSION(ts, INTERVAL …) appear as `call`s. */
  groupBy: Expr[];
  having: Expr | null;
  window: WindowClause | null;
  emit: EmitClause | null;
  /** `ORDER BY expr|position|alias [ASC|DESC] [NULLS FIRST|LAST], …`; empty when absent. */
  orderBy: OrderItem[];
  limit: IntegerLiteral | null;
}

export type SelectItem = SelectExpr | SelectStar;

export interface SelectExpr extends NodeBase {
  kind: 'select_expr';
  expr: Expr;
  /** `expr AS alias` or `expr alias`; null when none was written. */
  alias: Identifier | null;
}

/** `*` (qualifier null) or `t.*`. */
export interface SelectStar extends NodeBase {
  kind: 'select_star';
  qualifier: Identifier | null;
}

/**
 * A source in FROM or JOIN: a quoted URI (`'kafka://…/orders?group_id=x'`, params parsed from
 * its query string) or a bare name (an earlier stream/table or a name bound by the caller).
 */
export type TableRef = UriSource | NamedSource;

export interface UriSource extends NodeBase {
  kind: 'uri_source';
  /** The URI exactly as written between the quotes (also the source id). */
  uri: string;
  /** Query-string parameters of the URI, decoded, in written order. */
  params: Record<string, string>;
  alias: Identifier | null;
}

export interface NamedSource extends NodeBase {
  kind: 'named_source';
  name: Identifier;
  alias: Identifier | null;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';

/** `[INNER|LEFT [OUTER]|RIGHT [OUTER]|FULL [OUTER]] JOIN source ON condition`. */
export interface Join extends NodeBase {
  kind: 'join';
  joinType: JoinType;
  source: TableRef;
  on: Expr;
}

export type WindowClause = TumblingWindow | SlidingWindow | SessionWindow;

/**
 * `WINDOW TUMBLING(5s)`, `TUMBLING(INTERVAL 1 MINUTE)`, optionally with an explicit time
 * column first: `TUMBLING(ts, 1m)`.
 */
export interface TumblingWindow extends NodeBase {
  kind: 'window_tumbling';
  timeColumn: Expr | null;
  size: DurationExpr;
}

/** `WINDOW SLIDING(size, advance)`, e.g. `SLIDING(1m, 10s)`. */
export interface SlidingWindow extends NodeBase {
  kind: 'window_sliding';
  timeColumn: Expr | null;
  size: DurationExpr;
  advance: DurationExpr;
}

/** `WINDOW SESSION(gap)`, e.g. `SESSION(30s)`. */
export interface SessionWindow extends NodeBase {
  kind: 'window_session';
  timeColumn: Expr | null;
  gap: DurationExpr;
}

/** A duration written inside WINDOW: either a short literal (`5s`) or an INTERVAL literal. */
export type DurationExpr = DurationLiteral | IntervalLiteral;

/** `5s`, `500ms`, `1m`, `1h`, `1d`. `ms` is null when the unit was not understood. */
export interface DurationLiteral extends NodeBase {
  kind: 'duration';
  text: string;
  ms: number | null;
}

export interface EmitClause extends NodeBase {
  kind: 'emit';
  mode: 'FINAL' | 'CHANGES';
}

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

export type Expr =
  | IntegerLiteral
  | DecimalLiteral
  | FloatLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | IntervalLiteral
  | TimestampLiteral
  | ColumnRef
  | FieldAccess
  | IndexAccess
  | UnaryExpr
  | BinaryExpr
  | IsNullExpr
  | BetweenExpr
  | InListExpr
  | InSubqueryExpr
  | LikeExpr
  | ExistsExpr
  | ScalarSubquery
  | CaseExpr
  | CastExpr
  | ExtractExpr
  | FunctionCall;

/** `42` — value is exact (bigint). */
export interface IntegerLiteral extends NodeBase {
  kind: 'integer';
  text: string;
  value: bigint;
}

/** `100.00` — the text is kept so the value is exact; scale = digits after the point (2). */
export interface DecimalLiteral extends NodeBase {
  kind: 'decimal';
  text: string;
  scale: number;
}

/** `1e3`, `2.5E-4` — a literal with an exponent is FLOAT. */
export interface FloatLiteral extends NodeBase {
  kind: 'float';
  text: string;
  value: number;
}

/** `'it''s'` → value `it's`. */
export interface StringLiteral extends NodeBase {
  kind: 'string';
  value: string;
}

export interface BooleanLiteral extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface NullLiteral extends NodeBase {
  kind: 'null';
}

export type IntervalUnit = 'MILLISECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK';

/**
 * `INTERVAL '1' MINUTE`, `INTERVAL 5 MINUTES`, `INTERVAL '5 minutes'`. `quantity` is the
 * number as written; `ms` is null when the quantity or unit could not be understood (analysis
 * reports it).
 */
export interface IntervalLiteral extends NodeBase {
  kind: 'interval';
  quantity: string;
  unit: IntervalUnit | null;
  ms: number | null;
}

/** `TIMESTAMP '2024-01-01 00:00:00'`; `ms` is null when the text is not a valid timestamp. */
export interface TimestampLiteral extends NodeBase {
  kind: 'timestamp';
  text: string;
  ms: number | null;
}

/** An identifier as written; `name` is unquoted, `quoted` tells whether it was in "…". */
export interface Identifier extends NodeBase {
  kind: 'identifier';
  name: string;
  quoted: boolean;
}

/**
 * A dotted name: `amount`, `o.amount`, `payload.device.id`, `o.payload.device.id`. Analysis
 * resolves the first part(s) to a relation alias and column; the rest are nested fields.
 */
export interface ColumnRef extends NodeBase {
  kind: 'column';
  parts: Identifier[];
}

/** `.field` after a non-name expression, e.g. `tags[0].name` or `(expr).x`. */
export interface FieldAccess extends NodeBase {
  kind: 'field_access';
  base: Expr;
  field: Identifier;
}

/** `tags[0]`, `payload['key']`. */
export interface IndexAccess extends NodeBase {
  kind: 'index_access';
  base: Expr;
  index: Expr;
}

export type UnaryOp = '-' | '+' | 'NOT';

export interface UnaryExpr extends NodeBase {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
}

/** `!=` is normalized to `<>`. */
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'AND'
  | 'OR';

export interface BinaryExpr extends NodeBase {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** `x IS [NOT] NULL` */
export interface IsNullExpr extends NodeBase {
  kind: 'is_null';
  operand: Expr;
  negated: boolean;
}

/** `x [NOT] BETWEEN low AND high` */
export interface BetweenExpr extends NodeBase {
  kind: 'between';
  operand: Expr;
  low: Expr;
  high: Expr;
  negated: boolean;
}

/** `x [NOT] IN (a, b, c)` */
export interface InListExpr extends NodeBase {
  kind: 'in_list';
  operand: Expr;
  list: Expr[];
  negated: boolean;
}

/** `x [NOT] IN (SELECT …)` */
export interface InSubqueryExpr extends NodeBase {
  kind: 'in_subquery';
  operand: Expr;
  query: Select;
  negated: boolean;
}

/** `x [NOT] LIKE|ILIKE pattern [ESCAPE 'c']` */
export interface LikeExpr extends NodeBase {
  kind: 'like';
  operand: Expr;
  pattern: Expr;
  escape: Expr | null;
  negated: boolean;
  caseInsensitive: boolean;
}

/** `EXISTS (SELECT …)`; `NOT EXISTS` is a `unary` NOT around it. */
export interface ExistsExpr extends NodeBase {
  kind: 'exists';
  query: Select;
}

/** `(SELECT …)` used as a value. */
export interface ScalarSubquery extends NodeBase {
  kind: 'scalar_subquery';
  query: Select;
}

export interface WhenClause extends NodeBase {
  kind: 'when';
  when: Expr;
  then: Expr;
}

/** Simple (`CASE x WHEN 1 THEN …`) when `operand` is set, else searched (`CASE WHEN cond …`). */
export interface CaseExpr extends NodeBase {
  kind: 'case';
  operand: Expr | null;
  whens: WhenClause[];
  elseResult: Expr | null;
}

/**
 * A type as written in CAST: `DECIMAL(10, 2)`, `VARCHAR`, `BIGINT`… `type` is the Velo type it
 * maps to, null when the name is unknown (analysis reports it).
 */
export interface TypeName extends NodeBase {
  kind: 'type_name';
  name: string;
  type: SqlType | null;
  precision: number | null;
  scale: number | null;
}

/** `CAST(x AS type)`, `x::type` and `TRY_CAST(x AS type)`. */
export interface CastExpr extends NodeBase {
  kind: 'cast';
  operand: Expr;
  type: TypeName;
  /** `TRY_CAST`: a value that cannot be cast gives NULL instead of a dead letter. */
  try?: boolean;
}

/** `EXTRACT(YEAR FROM ts)`; `field` upper-cased (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, …). */
export interface ExtractExpr extends NodeBase {
  kind: 'extract';
  field: string;
  fieldSpan: Span;
  operand: Expr;
}

/**
 * `NAME(args)`, `COUNT(*)`, `COUNT(DISTINCT x)`, `TUMBLE(ts, INTERVAL '1' MINUTE)`, and window
 * function calls `LAG(x, 1) OVER (PARTITION BY k ORDER BY ts)`. `name` is upper-cased;
 * `nameSpan` covers the name only.
 */
export interface FunctionCall extends NodeBase {
  kind: 'call';
  name: string;
  nameSpan: Span;
  args: Expr[];
  distinct: boolean;
  /** `COUNT(*)`: args is empty and star is true. */
  star: boolean;
  /**
   * `ARRAY_AGG(x ORDER BY y DESC)`, `STRING_AGG(x, ',' ORDER BY y)`: the order in which an
   * aggregate sees its values; absent when not written.
   */
  orderBy?: OrderItem[];
  /** `LAG(x IGNORE NULLS)` / `LAG(x) IGNORE NULLS OVER (…)`: NULL values are skipped. */
  ignoreNulls?: boolean;
  over: WindowSpec | null;
}

export interface WindowSpec extends NodeBase {
  kind: 'over';
  /**
   * `OVER w` / `OVER (w ORDER BY …)`: the named window (`WINDOW w AS (…)`) this one starts from.
   * The parser copies the named definition's clauses in, as PostgreSQL does.
   */
  ref?: Identifier;
  partitionBy: Expr[];
  orderBy: OrderItem[];
  frame: WindowFrame | null;
}

export interface OrderItem extends NodeBase {
  kind: 'order_item';
  expr: Expr;
  direction: 'ASC' | 'DESC';
  /** null when not written (default: NULLS LAST for ASC, NULLS FIRST for DESC). */
  nulls: 'FIRST' | 'LAST' | null;
}

/** `ROWS|RANGE BETWEEN start AND end`, or `ROWS|RANGE start` (end = CURRENT ROW). */
export interface WindowFrame extends NodeBase {
  kind: 'frame';
  unit: 'ROWS' | 'RANGE';
  start: FrameBound;
  end: FrameBound;
}

export type FrameBoundType =
  | 'UNBOUNDED_PRECEDING'
  | 'PRECEDING'
  | 'CURRENT_ROW'
  | 'FOLLOWING'
  | 'UNBOUNDED_FOLLOWING';

/** `offset` is set for PRECEDING/FOLLOWING: an integer (ROWS) or an interval/number (RANGE). */
export interface FrameBound extends NodeBase {
  kind: 'frame_bound';
  type: FrameBoundType;
  offset: Expr | null;
}

/** Every node kind of the tree. */
export type Node =
  | Statement
  | IntoClause
  | WithOption
  | Annotation
  | Select
  | SelectItem
  | TableRef
  | Join
  | WindowClause
  | DurationLiteral
  | EmitClause
  | Expr
  | Identifier
  | WhenClause
  | TypeName
  | WindowSpec
  | OrderItem
  | WindowFrame
  | FrameBound;

export type NodeKind = Node['kind'];
