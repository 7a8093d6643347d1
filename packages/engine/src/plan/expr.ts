/**
 * The planner's expression form: names resolved to record slots, aggregates and window
 * functions replaced by references to the fields their operators add. Compiled to closures by
 * expr/compile.ts. `pos` is the SQL position reported when evaluation of the node fails.
 */
import type { AggregateOrder } from '../functions/aggregates.ts';
import type { SqlType, Value } from '../types/value.ts';

export interface SqlPos {
  line: number;
  column: number;
}

export type { BinaryOp } from '../sql/ast.ts';

import type { BinaryOp } from '../sql/ast.ts';

export { SYSTEM_COLUMNS, type SystemColumn } from '../types/system-columns.ts';

import type { SystemColumn } from '../types/system-columns.ts';

export type PExpr = { pos?: SqlPos } & (
  | { k: 'lit'; value: Value }
  /** A field of the record, or of relation `rel` of a joined record. */
  | { k: 'col'; rel: number | null; name: string }
  | { k: 'sys'; rel: number | null; name: SystemColumn }
  | { k: 'field'; base: PExpr; name: string }
  | { k: 'index'; base: PExpr; index: PExpr }
  | { k: 'bin'; op: BinaryOp; l: PExpr; r: PExpr }
  | { k: 'not'; e: PExpr }
  | { k: 'neg'; e: PExpr }
  | { k: 'isnull'; e: PExpr; negated: boolean }
  | { k: 'between'; e: PExpr; lo: PExpr; hi: PExpr; negated: boolean }
  | { k: 'in'; e: PExpr; list: PExpr[]; negated: boolean }
  | { k: 'like'; e: PExpr; pattern: PExpr; escape: PExpr | null; negated: boolean; ci: boolean }
  | { k: 'case'; operand: PExpr | null; whens: [PExpr, PExpr][]; otherwise: PExpr | null }
  /** `precision` is checked after rounding to `scale`; `try` gives NULL instead of an error. */
  | { k: 'cast'; e: PExpr; type: SqlType; scale?: number; precision?: number; try?: boolean }
  | { k: 'call'; name: string; args: PExpr[] }
  /** A field added by an upstream operator: `$g0` group keys, `$a0` aggregates, `$w0` window functions. */
  | { k: 'slot'; field: string }
  /** Window bound of an aggregate record as TIMESTAMP (`TUMBLE_START()`, ...). */
  | { k: 'window_bound'; which: 'start' | 'end' }
  | {
      k: 'header';
      fn: 'HEADER' | 'HAS_HEADER' | 'HEADER_KEYS' | 'SET_HEADER' | 'REMOVE_HEADER';
      args: PExpr[];
    }
  | {
      k: 'subquery';
      mode: 'exists' | 'in' | 'scalar';
      negated: boolean;
      /** Operand of IN. */
      e: PExpr | null;
      /** Name of the materialized table the subquery reads. */
      table: string;
      /** Relations of the outer record; the table row is relation `outerRels`. */
      outerRels: number;
      where: PExpr | null;
      select: PExpr | null;
      /** `(SELECT MAX(x) FROM t …)`: the aggregate computed over the matching rows. */
      aggregate: { name: string; arg: PExpr | null; distinct: boolean } | null;
      correlated: boolean;
      /**
       * An aggregating subquery (GROUP BY, several aggregates, HAVING): `select` and `having`
       * read the slots `$g<i>` (keys) and `$a<i>` (aggregates) of each group's record.
       */
      grouped?: {
        keys: PExpr[];
        aggregates: {
          name: string;
          arg: PExpr | null;
          distinct: boolean;
          order?: AggregateOrder[];
        }[];
        having: PExpr | null;
      };
      /** `LIMIT n` of the subquery: at most n rows (after grouping). */
      limit?: number;
      /** SELECT DISTINCT: duplicate values of `select` count once (before LIMIT). */
      distinct?: boolean;
      /** ORDER BY of a subquery with LIMIT: which rows the limit keeps. */
      order?: { e: PExpr; desc: boolean; nullsFirst: boolean }[];
    }
);
