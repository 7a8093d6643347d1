/** The SELECT list: maps each record to its output record. */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { EngineRecord } from '../types/value.ts';

export type RecordMapper = (record: EngineRecord) => EngineRecord;

export class ProjectOperator extends BaseOperator {
  readonly kind = 'project';
  constructor(
    private readonly mapper: RecordMapper,
    readonly columns: string[],
    private readonly sourceId: string,
    private readonly ctx: RuntimeContext,
  ) {
    super();
  }

  override describe(): string {
    return `project ${this.columns.join(', ')}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const map = this.mapper;
    const out: EngineRecord[] = new Array(records.length);
    let n = 0;
    for (let i = 0; i < records.length; i++) {
      try {
        out[n] = map(records[i]);
        n++;
      } catch (e) {
        failRecord(this.ctx, this.sourceId, records[i], e);
      }
    }
    if (n < out.length) out.length = n;
    if (n > 0) this.out.push(out);
  }
}
