/** LIMIT n: passes the first n records of the statement's output and drops the rest. */
import { BaseOperator } from '../exec/operator.ts';
import type { EngineRecord } from '../types/value.ts';

export class LimitOperator extends BaseOperator {
  readonly kind = 'limit';
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }

  override describe(): string {
    return `limit ${this.limit}`;
  }

  get exhausted(): boolean {
    return this.seen >= this.limit;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const room = this.limit - this.seen;
    if (room <= 0) return;
    const batch = records.length <= room ? records : records.slice(0, room);
    this.seen += batch.length;
    this.out.push(batch);
  }

  override onCheckpoint(): unknown {
    return { seen: this.seen };
  }
  override restore(state: unknown): void {
    this.seen = (state as { seen: number }).seen;
  }
}
