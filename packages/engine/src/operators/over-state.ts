/** Per-partition state of the OVER window operator and its checkpoint form. */
import type { InternalRecord } from '../exec/record.ts';
import { decodeRecord, encodeRecord } from '../exec/value-codec.ts';
import type { Accumulator } from '../functions/aggregates.ts';
import type { EngineRecord, Value } from '../types/value.ts';

export interface Row {
  rec: EngineRecord;
  /** ORDER BY values, one per key. */
  keys: Value[];
  /** Evaluated arguments per function. */
  args: Value[][];
}

export interface Partition {
  rows: Row[];
  /** Global index (within the partition) of rows[0]. */
  base: number;
  /** Global index of the next row to emit. */
  next: number;
  rank: number;
  denseRank: number;
  lastKeys: Value[] | undefined;
  running: (Accumulator | null)[];
  runningUpTo: number;
  first: Row | null;
  /** Global indexes of the last peer group found (rows equal on every ORDER BY key). */
  peerStart: number;
  peerEnd: number;
  /** Frame [a, b] whose aggregate values `frameValues` holds (rows never change in place). */
  cachedFrame: [number, number];
  frameValues: (Value | undefined)[];
}

export function newPartition(nFns: number): Partition {
  return {
    rows: [],
    base: 0,
    next: 0,
    rank: 0,
    denseRank: 0,
    lastKeys: undefined,
    running: new Array(nFns).fill(null),
    runningUpTo: 0,
    first: null,
    peerStart: 0,
    peerEnd: -1,
    cachedFrame: [0, -1],
    frameValues: [],
  };
}

/** A buffered record with the parts of a join (its later relations' columns are read there). */
export function encodeRow(rec: InternalRecord): unknown {
  const e: Record<string, unknown> = { ...encodeRecord(rec) };
  if (rec.parts) e.parts = rec.parts.map((x) => (x ? encodeRecord(x) : null));
  return e;
}

export function decodeRow(x: unknown): InternalRecord {
  const rec: InternalRecord = decodeRecord(x);
  const parts = (x as { parts?: unknown[] }).parts;
  if (parts) rec.parts = parts.map((y) => (y ? decodeRecord(y) : null));
  return rec;
}
