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

export class SortOperator extends BaseOperator {
  readonly kind = 'sort';
  private rows: EngineRecord[] = [];
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
  }

  override describe(): string {
    const keys = this.keys
      .map((k) => `${k.field}${k.desc ? ' DESC' : ''}${k.nullsFirst ? ' NULLS FIRST' : ''}`)
      .join(', ');
    return this.limit === null ? `sort ${keys}` : `top-n ${this.limit} ${keys}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    if (this.limit === 0) return;
    for (let i = 0; i < records.length; i++) this.rows.push(records[i]);
    if (this.rows.length > this.pruneAt) this.prune();
  }

  private prune(): void {
    this.rows.sort(this.compare);
    if (this.limit !== null && this.rows.length > this.limit) this.rows.length = this.limit;
  }

  // Rows come out at end of input only, so watermarks are held back until then (a reader of
  // this statement must not see its rows as late).
  protected override handleWatermark(_ms: number): void {}

  protected override handleEnd(): void {
    this.prune();
    const rows = this.rows;
    this.rows = [];
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
    return this.rows.map(encodeRecord);
  }
  override restore(state: unknown): void {
    this.rows = (state as unknown[]).map(decodeRecord);
  }
  override stateEntries(): number {
    return this.rows.length;
  }
}
