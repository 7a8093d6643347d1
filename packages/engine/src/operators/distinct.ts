/** SELECT DISTINCT: passes the first record of every distinct output row. */
import { BaseOperator } from '../exec/operator.ts';
import { hashKey } from '../types/compare.ts';
import type { EngineRecord, Value } from '../types/value.ts';

export class DistinctOperator extends BaseOperator {
  readonly kind = 'distinct';
  private seen = new Set<string>();

  processBatch(records: EngineRecord[], _port = 0): void {
    const out: EngineRecord[] = [];
    const vals: Value[] = [];
    for (const r of records) {
      vals.length = 0;
      for (const k in r.fields) vals.push(k, r.fields[k]);
      const h = hashKey(vals);
      if (this.seen.has(h)) continue;
      this.seen.add(h);
      out.push(r);
    }
    if (out.length > 0) this.out.push(out);
  }

  override onCheckpoint(): unknown {
    return [...this.seen];
  }
  override restore(state: unknown): void {
    this.seen = new Set(state as string[]);
  }
  override stateEntries(): number {
    return this.seen.size;
  }
}
