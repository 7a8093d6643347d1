/**
 * Runtime values of Velo SQL. This file is the contract between the engine's stages; keep it
 * small. Representation per SQL type:
 *   NULL      -> null
 *   BOOLEAN   -> boolean
 *   INTEGER   -> bigint (64-bit; exact beyond 2^53)
 *   FLOAT     -> number (IEEE double)
 *   DECIMAL   -> Decimal (scaled bigint: unscaled * 10^-scale; exact)
 *   STRING    -> string
 *   TIMESTAMP -> Timestamp (UTC epoch milliseconds)
 *   JSON      -> JsonArray | JsonObject whose leaves are Values (numbers keep exactness)
 */
import type { Decimal } from './decimal.ts';

export type SqlType =
  | 'NULL'
  | 'BOOLEAN'
  | 'INTEGER'
  | 'FLOAT'
  | 'DECIMAL'
  | 'STRING'
  | 'TIMESTAMP'
  | 'JSON'
  | 'ANY';

/** A TIMESTAMP value: UTC epoch milliseconds. A class so it is distinguishable from FLOAT. */
export class Timestamp {
  constructor(readonly ms: number) {}
  toISOString(): string {
    return new Date(this.ms).toISOString();
  }
}

export type JsonArray = Value[];
export interface JsonObject {
  [key: string]: Value;
}

export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | Decimal
  | Timestamp
  | JsonArray
  | JsonObject;

/** A record flowing through the engine. `fields` keeps column order (insertion order). */
export interface EngineRecord {
  fields: Record<string, Value>;
  /** Event time in epoch ms (from the event-time field, the source timestamp or arrival). */
  eventTime: number;
  /** Source/system metadata; absent where the source has none. */
  timestamp?: number;
  offset?: bigint;
  partition?: number;
  key?: string | null;
  headers?: Record<string, string>;
}
