/** WHERE / HAVING: keeps records whose predicate is TRUE (NULL and FALSE drop the record). */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { EngineRecord } from '../types/value.ts';
import type { Evaluator } from './aggregate-state.ts';

export class FilterOperator extends BaseOperator {
  readonly kind = 'filter';
  constructor(
    private readonly predicate: Evaluator,
    private readonly text: string,
    private readonly sourceId: string,
    private readonly ctx: RuntimeContext,
  ) {
    super();
  }

  override describe(): string {
    return `filter ${this.text}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const pred = this.predicate;
    const kept: EngineRecord[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      let ok: unknown;
      try {
        ok = pred(r);
      } catch (e) {
        failRecord(this.ctx, this.sourceId, r, e);
        continue;
      }
      if (ok === true) kept.push(r);
    }
    if (kept.length > 0) this.out.push(kept);
  }
}
