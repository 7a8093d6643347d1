import type { EngineRecord } from '@velo/engine';

/**
 * The final rows of a changelog, as a batch engine would print them: a row that updates an
 * earlier one (same group of a running aggregate, same window and group) replaces it in place;
 * rows without an identity are appended. Used by `velo query --mode table` and the preview.
 */
export class ResultTable {
  private readonly rows: EngineRecord[] = [];
  private readonly index = new Map<string, number>();

  add(records: EngineRecord[]): void {
    for (const r of records) {
      // The engine stamps the group identity on rows of aggregations (InternalRecord.upsertKey).
      const key = (r as EngineRecord & { upsertKey?: string }).upsertKey;
      if (key === undefined) {
        this.rows.push(r);
        continue;
      }
      const at = this.index.get(key);
      if (at === undefined) {
        this.index.set(key, this.rows.length);
        this.rows.push(r);
      } else this.rows[at] = r;
    }
  }

  /** True when every row so far is final as soon as emitted (no identity to update). */
  get appendOnly(): boolean {
    return this.index.size === 0;
  }

  get size(): number {
    return this.rows.length;
  }

  records(): EngineRecord[] {
    return this.rows;
  }
}
