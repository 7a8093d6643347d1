/**
 * The logical plan of a compiled program: one `StatementPlan` per statement, in file order.
 * Plain data (no per-run state), so one program can start many pipelines.
 */
import type { EventTimeConfig } from '../exec/event-time.ts';
import type { AggregateOrder } from '../functions/aggregates.ts';
import type { JoinType } from '../operators/interval-join.ts';
import type { LatePolicy } from '../operators/late.ts';
import type { FrameSpec } from '../operators/over-window.ts';
import type { WindowSpec } from '../operators/window-assigners.ts';
import type { SqlType } from '../types/value.ts';
import type { PExpr } from './expr.ts';

export interface SourceDecl {
  /** The quoted URI or bare name as written; the key for `push`. */
  id: string;
  uri?: string;
  name?: string;
  params: Record<string, string>;
  eventTime: EventTimeConfig;
  watermarkDelay: number;
  latePolicy: LatePolicy;
}

/** Where a relation's records come from. */
export type RelationInput =
  | { kind: 'source'; sourceId: string }
  /** The output of an earlier CREATE STREAM / CREATE TABLE statement. */
  | { kind: 'statement'; statement: number };

export interface RelationPlan {
  alias: string;
  input: RelationInput;
  /** Columns when known (schema or inference), for SELECT * over joins and explain. */
  columns?: string[];
  types?: Record<string, SqlType>;
}

export interface AggregateCall {
  name: string;
  arg: PExpr | null;
  argType: SqlType;
  distinct: boolean;
  /** `ARRAY_AGG(x ORDER BY y)`: `arg` packs `[x, y]` (functions/aggregates-ordered.ts). */
  order?: AggregateOrder[];
}

export interface AggregatePlan {
  keys: PExpr[];
  aggregates: AggregateCall[];
  window: WindowSpec | null;
  emit: 'final' | 'changes';
}

export interface OverPlan {
  partitionBy: PExpr[];
  /**
   * ORDER BY keys, ties broken by the next key; NULLS FIRST defaults to false under ASC and
   * DESC, as DuckDB. Empty: arrival order, every row a peer.
   */
  orderBy: { expr: PExpr; desc: boolean; nullsFirst: boolean }[];
  /** Order each partition once complete (bounded input, an earlier OVER reordered the rows). */
  wholePartition?: boolean;
  frame: FrameSpec;
  functions: {
    name: string;
    args: PExpr[];
    argType: SqlType;
    distinct: boolean;
    field: string;
    /** LAG/LEAD … IGNORE NULLS. */
    ignoreNulls?: boolean;
  }[];
  maxLag: number;
}

export interface JoinPlan {
  /** Lookup joins: 'left' keeps unmatched stream rows, 'inner' does not. */
  type: JoinType;
  /** Lookup joins (RIGHT/FULL over bounded input): unmatched table rows come at end of input. */
  keepTable?: boolean;
  /** lookup: the table side is materialized; interval: both sides are streams. */
  strategy: 'lookup' | 'interval';
  /** The joined relation: joins form a left-deep chain, join k adds relation k. */
  relation: number;
  /** For lookup joins, which relation is the table (k, or 0 for `FROM table JOIN stream`). */
  tableSide: number;
  /** Table name of the materialized side (lookup). */
  table?: string;
  leftKeys: PExpr[];
  rightKeys: PExpr[];
  lower: number;
  upper: number;
  /** Interval joins: the bound is on the event-time columns, so pairs are matched on it. */
  boundOnEventTime?: boolean;
  residual: PExpr | null;
}

export type OutputItem =
  | { kind: 'expr'; name: string; expr: PExpr }
  /** `*` or `alias.*`; rel null = every relation. */
  | { kind: 'star'; rel: number | null };

/** One ORDER BY key: an output column (or a hidden `$o<i>` field the projection adds). */
export interface SortKey {
  field: string;
  desc: boolean;
  /** Default NULLS LAST under ASC and DESC (as DuckDB). */
  nullsFirst: boolean;
}

export interface StatementPlan {
  index: number;
  kind: 'stream' | 'table' | 'select';
  /** CREATE STREAM/TABLE name. */
  name: string | null;
  /** Output name for `takeOutput`: the INTO URI, the stream/table name, or 'result'. */
  sink: string;
  into: string | null;
  relations: RelationPlan[];
  /** One per JOIN, in written order (relation k is joined by joins[k - 1]). */
  joins: JoinPlan[];
  where: PExpr | null;
  /** Filter on the stream side before a lookup join (set by the optimizer). */
  preFilter: PExpr | null;
  aggregate: AggregatePlan | null;
  having: PExpr | null;
  over: OverPlan[];
  output: OutputItem[];
  /** Output column names when known statically (no `*` over schema-less input). */
  columns: string[];
  limit: number | null;
  /** ORDER BY over a bounded input: the result is sorted at end of input (empty: unsorted). */
  orderBy?: SortKey[];
  distinct: boolean;
  /** Tables this statement reads (joins and subqueries): the stream waits until they load. */
  tables: string[];
  /** Source id reported with this statement's dead letters. */
  primarySource: string;
  /** 'drop' when the statement (or its source) says 'late.policy' = 'drop'. */
  latePolicy: LatePolicy;
  /** The statement's SQL text, for explain. */
  sql: string;
  /** A CTE or subquery in FROM (sql/derived.ts): feeds a later statement, has no output. */
  internal?: boolean;
  /** UNION / INTERSECT / EXCEPT of relation 0 (left) and relation 1 (right), by position. */
  setOperation?: { op: 'UNION' | 'INTERSECT' | 'EXCEPT'; all: boolean };
}

export interface TableDecl {
  name: string;
  input: RelationInput;
}

export interface Program {
  sources: SourceDecl[];
  statements: StatementPlan[];
  /** Tables materialized by the pipeline (CREATE TABLE outputs and table sides of joins). */
  tables: TableDecl[];
}
