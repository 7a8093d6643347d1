/**
 * ORDER BY [LIMIT n] over a bounded input: keeps the statement's result rows and emits them
 * sorted at end of input, as a batch engine would. With a LIMIT only the first n rows in
 * order are kept (top-N), pruned as rows arrive. The sort is stable: ties keep arrival order.
 * Hidden sort fields (`$o<i>`, ORDER BY expressions not in the select list) are removed.
 */
import { BaseOperator } from '../exec/operator.ts';
import { decodeRecord, encodeRecord } from '../exec/value-codec.ts';
import type { SortKey } from '../plan/program.ts';
import { compareValues } from '../types/compare.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { sortRows } from './sort-rows.ts';

/** Compares two rows by the keys: NULLs first or last as asked, whatever the direction. */
export function rowComparator(keys: SortKey[]): (a: EngineRecord, b: EngineRecord) => number {
  return (a, b) => {
    for (const k of keys) {
      const x: Value = a.fields[k.field] ?? null;
      const y: Value = b.fields[k.field] ?? null;
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

/**
 * The n best rows seen so far, as a binary max-heap on (sort order, arrival): the root is the
 * worst kept row, so most rows of a large input cost one comparison with it.
 */
class TopN {
  private heap: { r: EngineRecord; seq: number }[] = [];
  private seq = 0;
  constructor(
    private readonly n: number,
    private readonly compare: (a: EngineRecord, b: EngineRecord) => number,
  ) {}
  private worse(a: { r: EngineRecord; seq: number }, b: { r: EngineRecord; seq: number }) {
    const c = this.compare(a.r, b.r);
    return c > 0 || (c === 0 && a.seq > b.seq);
  }
  add(r: EngineRecord): void {
    const item = { r, seq: this.seq++ };
    const h = this.heap;
    if (h.length < this.n) {
      h.push(item);
      let i = h.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(h[i], h[parent])) break;
        [h[i], h[parent]] = [h[parent], h[i]];
        i = parent;
      }
      return;
    }
    if (!this.worse(h[0], item)) return;
    h[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const rr = l + 1;
      let m = i;
      if (l < h.length && this.worse(h[l], h[m])) m = l;
      if (rr < h.length && this.worse(h[rr], h[m])) m = rr;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
  get size(): number {
    return this.heap.length;
  }
  /** The kept rows in order (ties in arrival order). */
  sorted(): EngineRecord[] {
    return [...this.heap].sort((a, b) => this.compare(a.r, b.r) || a.seq - b.seq).map((x) => x.r);
  }
  restoreRows(rows: EngineRecord[]): void {
    this.heap = [];
    this.seq = 0;
    for (const r of rows) this.add(r);
  }
}

/** Top-N keeps a heap up to this many rows; larger limits buffer and prune by sorting. */
const HEAP_LIMIT = 100_000;

export class SortOperator extends BaseOperator {
  readonly kind = 'sort';
  private rows: EngineRecord[] = [];
  private readonly top: TopN | null;
  private readonly compare: (a: EngineRecord, b: EngineRecord) => number;
  private readonly hidden: string[];
  /** Rows kept before pruning to the limit (amortizes the sorts of a top-N). */
  private readonly pruneAt: number;

  constructor(
    private readonly keys: SortKey[],
    private readonly limit: number | null,
  ) {
    super();
    this.compare = rowComparator(keys);
    this.hidden = keys.filter((k) => k.field.startsWith('$o')).map((k) => k.field);
    this.pruneAt = limit === null ? Number.POSITIVE_INFINITY : Math.max(2 * limit, 1024);
    this.top =
      limit !== null && limit > 0 && limit <= HEAP_LIMIT ? new TopN(limit, this.compare) : null;
  }

  override describe(): string {
    const keys = this.keys
      .map((k) => `${k.field}${k.desc ? ' DESC' : ''}${k.nullsFirst ? ' NULLS FIRST' : ''}`)
      .join(', ');
    return this.limit === null ? `sort ${keys}` : `top-n ${this.limit} ${keys}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    if (this.limit === 0) return;
    if (this.top) {
      for (let i = 0; i < records.length; i++) this.top.add(records[i]);
      return;
    }
    for (let i = 0; i < records.length; i++) this.rows.push(records[i]);
    if (this.rows.length > this.pruneAt) this.prune();
  }

  private prune(): void {
    this.rows = sortRows(this.rows, this.keys);
    if (this.limit !== null && this.rows.length > this.limit) this.rows.length = this.limit;
  }

  // Rows come out at end of input only, so watermarks are held back until then (a reader of
  // this statement must not see its rows as late).
  protected override handleWatermark(_ms: number): void {}

  protected override handleEnd(): void {
    this.prune();
    const rows = this.top ? this.top.sorted() : this.rows;
    this.rows = [];
    this.top?.restoreRows([]);
    if (rows.length > 0)
      this.out.push(this.hidden.length > 0 ? rows.map((r) => this.strip(r)) : rows);
    this.out.watermark(Number.POSITIVE_INFINITY);
    this.out.end();
  }

  private strip(r: EngineRecord): EngineRecord {
    const fields: Record<string, Value> = {};
    for (const k in r.fields) if (!this.hidden.includes(k)) fields[k] = r.fields[k];
    return { ...r, fields };
  }

  override onCheckpoint(): unknown {
    return (this.top ? this.top.sorted() : this.rows).map(encodeRecord);
  }
  override restore(state: unknown): void {
    const rows = (state as unknown[]).map(decodeRecord);
    if (this.top) this.top.restoreRows(rows);
    else this.rows = rows;
  }
  override stateEntries(): number {
    return this.top ? this.top.size : this.rows.length;
  }
}
