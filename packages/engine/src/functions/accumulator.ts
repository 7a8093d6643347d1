/** The lifecycle of one aggregate's state (functions/aggregates*.ts implement it). */
import type { Value } from '../types/value.ts';

export interface Accumulator {
  add(v: Value): void;
  retract?(v: Value): void;
  /** Adds everything `other` (same function, same DISTINCT flag) has seen, as if added after. */
  merge(other: Accumulator): void;
  result(): Value;
  snapshot(): unknown;
  restore(s: unknown): void;
}
