/**
 * Output of semantic analysis (see the README comment in analyze/index.ts). The AST is not
 * copied: facts about its nodes live in side tables keyed by node identity
 * (`AnalyzedProgram.exprTypes`, `.refs`, `.calls`), so the planner walks the same tree the
 * parser produced and looks up what analysis found.
 */

import type { EventTimeFormat } from '../exec/event-time.ts';
import type {
  ColumnRef,
  Expr,
  FieldAccess,
  FunctionCall,
  IndexAccess,
  JoinType,
  Select,
  SelectStar,
  Statement,
  TableRef,
} from '../sql/ast.ts';
import type { DecimalType } from '../types/decimal-type.ts';
import type { Schema } from '../types/schema.ts';
import type { SystemColumn } from '../types/system-columns.ts';
import type { SqlType } from '../types/value.ts';

/** One definition of each union (types/system-columns.ts, exec/event-time.ts). */
export type SystemColumnName = SystemColumn;
export type EventTimeFormatName = EventTimeFormat;

/** Event-time settings of a source or statement (`WITH (…)` overrides URI parameters). */
export interface EventTimeSpec {
  /** 'event.time.field' (a dotted path); null = Kafka timestamp / processing time. */
  field: string | null;
  format: EventTimeFormatName;
  /** 'watermark.delay' in ms (default 0). */
  watermarkDelayMs: number;
  /** 'late.policy': 'dlq' (default) or 'drop'. */
  latePolicy: 'dlq' | 'drop';
}

/** An external source read by the program: a quoted URI or a caller-bound / unknown name. */
export interface SourceDescriptor {
  /** The URI exactly as written, or the bare name: the key for `push(sourceId, …)`. */
  id: string;
  uri?: string;
  name?: string;
  /** URI query parameters. */
  params: Record<string, string>;
  /** `kafka`, `file`, `datagen`, … (null for names). */
  scheme: string | null;
  /** Schema given by the caller (`schemas[id]`), or null = schema-less (any column, type ANY). */
  schema: Schema | null;
  eventTime: EventTimeSpec;
}

/** What a FROM/JOIN entry reads. */
export type RelationInput =
  | { kind: 'source'; sourceId: string }
  /** The output of an earlier CREATE STREAM / CREATE TABLE of the same program. */
  | { kind: 'statement'; statement: number; statementKind: 'stream' | 'table'; name: string };

/** One relation of a SELECT: index 0 is FROM, then one per JOIN in written order. */
export interface AnalyzedRelation {
  /** The alias, or the name / URI when no alias was written. */
  alias: string;
  node: TableRef;
  input: RelationInput;
  /** Known columns (schema, inferred, or the earlier statement's output); null = any column. */
  columns: TypedColumn[] | null;
}

/** A column with its type; DECIMAL ones with their scale and precision when known. */
export interface TypedColumn {
  name: string;
  type: SqlType;
  scale?: number;
  precision?: number;
}

/** A resolved column reference (`ColumnRef` node). */
export interface ResolvedRef {
  /** Index into the statement's (or subquery's) `relations`; -1 for an output-alias reference. */
  relation: number;
  /** Relation of an outer query (correlated subquery reference), 0 = this query. */
  outerDepth: number;
  /** The top-level column name (or system column name). */
  column: string;
  system: SystemColumnName | null;
  /** Nested JSON fields after the column: `payload.device.id` → ['device', 'id']. */
  path: string[];
  /** Set when the reference names a SELECT alias (allowed in GROUP BY / HAVING). */
  aliasOf?: Expr;
  type: SqlType;
  /** A DECIMAL column's scale and precision, when its relation knows them. */
  decimal?: DecimalType;
}

/**
 * How a function call is evaluated:
 * - scalar: functions/registry.ts (`getScalarFunction(name)`)
 * - aggregate: functions/aggregates.ts (`createAccumulator(name, argType, distinct)`)
 * - window: `OVER (…)`, a ranking/offset function or an aggregate over a window
 * - window_bound: TUMBLE_START()/TUMBLE_END()/HOP_START()… → the aggregate window's bounds
 * - group_window: TUMBLE/HOP/SESSION(ts, …) inside GROUP BY (becomes `AnalyzedSelect.window`)
 * - header: HEADER, HAS_HEADER, HEADER_KEYS, SET_HEADER, REMOVE_HEADER
 */
export type CallClass =
  | 'scalar'
  | 'aggregate'
  | 'window'
  | 'window_bound'
  | 'group_window'
  | 'header';

export interface CallInfo {
  class: CallClass;
  returnType: SqlType;
  /** Argument type of aggregates (ANY for COUNT(*)). */
  argType: SqlType;
}

export interface WindowInfo {
  type: 'tumbling' | 'sliding' | 'session';
  /** Tumbling/sliding size; session gap. */
  sizeMs: number;
  /** Sliding advance (hop); equals sizeMs for tumbling; 0 for session. */
  advanceMs: number;
  /** Explicit time column (`TUMBLE(ts, …)`, `TUMBLING(ts, 1m)`); null = the record's event time. */
  timeColumn: Expr | null;
  /** Where it came from: the WINDOW clause or a GROUP BY TUMBLE/HOP/SESSION call. */
  origin: 'window_clause' | 'group_by';
}

/** One output column of a SELECT. Stars are expanded when the relation's columns are known. */
export type OutputItem =
  | {
      kind: 'expr';
      name: string;
      expr: Expr;
      type: SqlType;
      /** plain: per-record expression; aggregate: contains an aggregate; window: contains OVER. */
      classification: 'plain' | 'aggregate' | 'window';
    }
  /** `*` / `t.*` over a relation whose columns are unknown: passes every field through. */
  | { kind: 'star'; relation: number | null; node: SelectStar };

export interface AnalyzedJoin {
  joinType: JoinType;
  /** Index of the joined relation (1 for the first JOIN). */
  relation: number;
  on: Expr;
  /** Right side is a table (CREATE TABLE output or no time bound) vs stream–stream interval join. */
  strategy: 'lookup' | 'interval';
  /** Equi-join key pairs found in ON (left expr over earlier relations, right over this one). */
  keys: { left: Expr; right: Expr }[];
  /** Time bound for interval joins: right.ts ∈ [left.ts + lowerMs, left.ts + upperMs]. */
  lowerMs: number | null;
  upperMs: number | null;
}

/** One analyzed SELECT block (statement body or subquery). */
export interface AnalyzedSelect {
  node: Select;
  relations: AnalyzedRelation[];
  joins: AnalyzedJoin[];
  where: Expr | null;
  /** GROUP BY expressions without the TUMBLE/HOP/SESSION call (that is `window`). */
  groupBy: Expr[];
  having: Expr | null;
  window: WindowInfo | null;
  /** Effective emission: explicit EMIT, else 'final' when windowed, else 'changes'. */
  emit: 'final' | 'changes';
  emitExplicit: boolean;
  /** Aggregate calls in SELECT/HAVING, each node once, in order of appearance. */
  aggregates: FunctionCall[];
  /** Calls with OVER (…), in order of appearance. */
  windowFunctions: FunctionCall[];
  output: OutputItem[];
  /** Output columns with types (stars over unknown columns contribute nothing). */
  outputColumns: TypedColumn[];
  limit: number | null;
  distinct: boolean;
  /** Subqueries in expressions, keyed by their Select node. */
  subqueries: Map<Select, AnalyzedSelect>;
}

export interface AnalyzedStatement {
  index: number;
  kind: 'stream' | 'table' | 'select';
  name: string | null;
  node: Statement;
  /** The statement's SQL text (for explain). */
  sql: string;
  into: string | null;
  /** WITH options, keys as written. */
  options: Record<string, string>;
  select: AnalyzedSelect;
  /** Event time for this statement's sources: WITH (…) over the source's URI parameters. */
  eventTime: EventTimeSpec;
  /** `-- @key: value` annotations. */
  annotations: { key: string; value: string }[];
}

export interface AnalyzedProgram {
  statements: AnalyzedStatement[];
  /** External sources (URIs and bound/unknown names), each once, in order of first use. */
  sources: SourceDescriptor[];
  /** Type of every analyzed expression node. */
  exprTypes: Map<Expr, SqlType>;
  /** DECIMAL(p,s) of DECIMAL expressions whose scale is known (precision when derivable). */
  decimalTypes: Map<Expr, DecimalType>;
  /** Resolution of every column reference (and of field/index access rooted at a column). */
  refs: Map<ColumnRef, ResolvedRef>;
  calls: Map<FunctionCall, CallInfo>;
  /** Window-function calls over bounded inputs only (see AnalysisState.boundedWindowCalls). */
  boundedWindowCalls: ReadonlySet<FunctionCall>;
}

export interface AnalyzeOptions {
  /** Schemas of sources by source id (URI as written or bare name), e.g. inferred from a sample. */
  schemas?: Record<string, Schema>;
  /** Names bound by the caller (`--source NAME=URI`); other unknown names are errors. */
  boundSources?: string[];
  /** The bound names whose input ends (a file, a datagen with a limit): analysed as bounded. */
  boundedSources?: string[];
  /** The original SQL text, for `AnalyzedStatement.sql`. */
  text?: string;
}

export type NestedAccess = FieldAccess | IndexAccess;
