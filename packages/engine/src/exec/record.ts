import type { EngineRecord } from '../types/value.ts';

/** Engine-internal extras carried on records between operators (never written to sinks). */
export interface InternalRecord extends EngineRecord {
  /** Identity of the row in a materialized table (the GROUP BY key of an aggregation). */
  upsertKey?: string;
  /** The records of each relation of a join, in FROM order (null for the missing side). */
  parts?: (EngineRecord | null)[];
}
