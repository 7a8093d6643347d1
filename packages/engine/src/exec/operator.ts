/**
 * The lifecycle every operator implements (after Arroyo's `ArrowOperator`). An operator
 * receives batches on numbered input ports, watermarks per port and an end-of-input signal,
 * and pushes its results to one `Downstream`. Operators never keep references to the arrays
 * they are given (the caller may reuse them) but may keep the records.
 */
import type { EngineRecord } from '../types/value.ts';

export interface Downstream {
  push(records: EngineRecord[]): void;
  watermark(ms: number): void;
  end(): void;
}

export interface Operator {
  /** Short name shown by `explain` and in snapshots, e.g. `filter`. */
  readonly kind: string;
  /** One-line description for `explain`. */
  describe(): string;
  onStart(out: Downstream): void;
  processBatch(records: EngineRecord[], port: number): void;
  onWatermark(ms: number, port: number): void;
  /** End of input on a port (called after `onWatermark(+Infinity)` for that port). */
  onEnd(port: number): void;
  /** JSON-serializable state (bigints and decimals encoded as strings). */
  onCheckpoint(): unknown;
  restore(state: unknown): void;
  onClose(): void;
  /** Number of keyed state entries (groups, windows, buffered rows) for metrics. */
  stateEntries(): number;
}

/** A records-in/records-out operator with one input; subclasses override what they need. */
export abstract class BaseOperator implements Operator {
  abstract readonly kind: string;
  protected out!: Downstream;
  protected inputs = 1;
  private ended = 0;
  private watermarks: number[] = [];

  describe(): string {
    return this.kind;
  }
  onStart(out: Downstream): void {
    this.out = out;
    this.watermarks = new Array(this.inputs).fill(Number.NEGATIVE_INFINITY);
  }
  abstract processBatch(records: EngineRecord[], port: number): void;

  onWatermark(ms: number, port: number): void {
    if (this.inputs === 1) {
      this.handleWatermark(ms);
      return;
    }
    if (ms <= this.watermarks[port]) return;
    this.watermarks[port] = ms;
    let min = Number.POSITIVE_INFINITY;
    for (const w of this.watermarks) if (w < min) min = w;
    this.handleWatermark(min);
  }
  /** The combined (minimum over inputs) watermark advanced to `ms`. */
  protected handleWatermark(ms: number): void {
    this.out.watermark(ms);
  }
  onEnd(_port: number): void {
    this.ended++;
    if (this.ended >= this.inputs) this.handleEnd();
  }
  protected handleEnd(): void {
    this.out.end();
  }
  onCheckpoint(): unknown {
    return null;
  }
  restore(_state: unknown): void {}
  onClose(): void {}
  stateEntries(): number {
    return 0;
  }
  /** State shared by multi-input operators: the per-port watermarks. */
  protected portWatermarks(): number[] {
    return this.watermarks;
  }
}
