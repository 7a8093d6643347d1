/** Options of the OVER window operator (operators/over-window.ts) and its frame bounds. */
import type { RuntimeContext } from '../exec/context.ts';
import type { SqlType } from '../types/value.ts';
import type { Evaluator } from './aggregate-state.ts';
import type { KeyDirection } from './over-frame.ts';

export type FrameBound =
  | { type: 'unbounded_preceding' }
  | { type: 'preceding'; offset: number }
  | { type: 'current' }
  | { type: 'following'; offset: number }
  | { type: 'unbounded_following' };

export interface FrameSpec {
  unit: 'rows' | 'range';
  start: FrameBound;
  end: FrameBound;
}

export interface OverFunctionSpec {
  /** Upper-case name: ROW_NUMBER, LAG, SUM, ... */
  name: string;
  args: Evaluator[];
  argType: SqlType;
  distinct: boolean;
  /** Output field name, e.g. `$w0`. */
  field: string;
  /** LAG/LEAD … IGNORE NULLS (the operator then evaluates whole partitions). */
  ignoreNulls?: boolean;
}

/** One OVER (… ORDER BY …) key: ties on a key are broken by the next one. */
export interface OverOrderKey extends KeyDirection {
  expr: Evaluator;
}

export interface OverWindowOptions {
  partitionBy: Evaluator[];
  /** ORDER BY keys (ranking peers, RANGE frames); empty = arrival order, every row a peer. */
  orderBy: OverOrderKey[];
  /**
   * Order each partition when complete even under ASC (bounded inputs, an earlier OVER
   * reordered rows, or a frame over the whole partition).
   */
  wholePartition?: boolean;
  frame: FrameSpec;
  functions: OverFunctionSpec[];
  /** Largest constant LAG offset (rows kept for LAG). */
  maxLag?: number;
  sourceId: string;
  ctx: RuntimeContext;
}
