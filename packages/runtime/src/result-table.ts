import type { EngineRecord } from '@velo/engine';

/**
 * The final rows of a changelog, as a batch engine would print them: a row that updates an
 * earlier one (same group of a running aggregate, same window and group) replaces it in place;
 * rows without an identity are appended. Used by `velo query --mode table` and the preview.
 */
export class ResultTable {
  private readonly rows: EngineRecord[] = [];
  private readonly index = new Map<string, number>();

  /**
   * Adds emitted rows. Returns the rows that are final already (rows without an identity, while
   * no row so far had one): a caller may print them at once; they are not kept.
   */
  add(records: EngineRecord[]): EngineRecord[] {
    const passed: EngineRecord[] = [];
    for (const r of records) {
      // The engine stamps the group identity on rows of aggregations (InternalRecord.upsertKey).
      const key = (r as EngineRecord & { upsertKey?: string }).upsertKey;
      if (key === undefined) {
        if (this.index.size === 0) passed.push(r);
        else this.rows.push(r);
        continue;
      }
      const at = this.index.get(key);
      if (at === undefined) {
        this.index.set(key, this.rows.length);
        this.rows.push(r);
      } else this.rows[at] = r;
    }
    return passed;
  }

  get size(): number {
    return this.rows.length;
  }

  /** The kept rows: the latest row per identity, in first-seen order. */
  records(): EngineRecord[] {
    return this.rows;
  }
}
