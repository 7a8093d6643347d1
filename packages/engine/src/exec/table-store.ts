/**
 * A materialized table: the current rows of a table source or CREATE TABLE statement, kept
 * current as changes arrive. Rows are identified by their aggregation key (upsert), else by
 * their message key (upsert), else appended. Joins and subqueries read it through indexes
 * that the store keeps up to date.
 */

import { hashKey } from '../types/compare.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import type { InternalRecord } from './record.ts';
import { decodeRecord, encodeRecord } from './value-codec.ts';

export type KeyFunction = (record: EngineRecord) => Value[] | null;

export class TableIndex {
  readonly buckets = new Map<string, Map<string, EngineRecord>>();
  private readonly bucketOf = new Map<string, string>();
  constructor(private readonly keyOf: KeyFunction) {}

  put(id: string, record: EngineRecord): void {
    const key = this.keyOf(record);
    const h = key === null ? null : hashKey(key);
    if (h !== null && this.bucketOf.get(id) === h) {
      // Same row, same key: update in place (keeps the bucket's order stable).
      this.buckets.get(h)!.set(id, record);
      return;
    }
    this.remove(id);
    if (h === null) return;
    let b = this.buckets.get(h);
    if (!b) {
      // Rows without an identity (keyless sources) are all kept, so every matching row joins,
      // as in SQL (DESIGN §2); keyed rows replace their own earlier version in the store.
      b = new Map();
      this.buckets.set(h, b);
    }
    b.set(id, record);
    this.bucketOf.set(id, h);
  }

  remove(id: string): void {
    const h = this.bucketOf.get(id);
    if (h === undefined) return;
    const b = this.buckets.get(h)!;
    b.delete(id);
    if (b.size === 0) this.buckets.delete(h);
    this.bucketOf.delete(id);
  }

  lookup(key: Value[]): Iterable<EngineRecord> | undefined {
    return this.buckets.get(hashKey(key))?.values();
  }
}

export class TableStore {
  readonly rows = new Map<string, EngineRecord>();
  private seq = 0;
  private indexes: TableIndex[] = [];
  /** Bumped on every change so readers can cache derived data (IN-sets). */
  version = 0;
  loaded = false;

  constructor(readonly name: string) {}

  apply(records: EngineRecord[]): void {
    for (const r of records) {
      const ir = r as InternalRecord;
      const id =
        ir.upsertKey !== undefined
          ? `u${ir.upsertKey}`
          : r.key !== undefined && r.key !== null
            ? `k${r.key}`
            : `s${this.seq++}`;
      this.rows.set(id, r);
      for (const ix of this.indexes) ix.put(id, r);
    }
    if (records.length > 0) this.version++;
  }

  createIndex(keyOf: KeyFunction): TableIndex {
    const ix = new TableIndex(keyOf);
    for (const [id, r] of this.rows) ix.put(id, r);
    this.indexes.push(ix);
    return ix;
  }

  snapshot(): unknown {
    const rows: [string, unknown][] = [];
    for (const [id, r] of this.rows) rows.push([id, encodeRecord(r)]);
    return { seq: this.seq, loaded: this.loaded, rows };
  }

  restore(state: unknown): void {
    const s = state as { seq: number; loaded: boolean; rows: [string, unknown][] };
    this.seq = s.seq;
    this.loaded = s.loaded;
    this.rows.clear();
    for (const [id, e] of s.rows) {
      const r = decodeRecord(e);
      this.rows.set(id, r);
      for (const ix of this.indexes) ix.put(id, r);
    }
    this.version++;
  }
}
