/**
 * Entry of one source: assigns event time, tracks the watermark (max event time − delay; +∞
 * at end of input) and forwards records. When anything downstream depends on time, records
 * are forwarded in runs so each one is seen with exactly the watermark that preceded it,
 * whatever the batch sizes the caller pushes.
 *
 * Timing `'late'` is for consumers whose output can depend on the watermarks between records
 * only through records behind the watermark (an INNER interval join: a buffered row can expire
 * only once no on-time record can match it). There a run is cut only before a late record, so
 * in-order input flows in whole batches.
 */
import type { EngineRecord } from '../types/value.ts';
import { failRecord, type RuntimeContext } from './context.ts';
import type { Fanout } from './graph.ts';

/** How exactly downstream operators need watermarks between records (see above). */
export type SourceTiming = 'none' | 'late' | 'exact';

export class SourceNode {
  maxEventTime = Number.NEGATIVE_INFINITY;
  watermark = Number.NEGATIVE_INFINITY;
  ended = false;
  recordsIn = 0;
  private readonly run: EngineRecord[] = [];

  constructor(
    readonly id: string,
    private readonly assignEventTime: (r: EngineRecord) => void,
    readonly delay: number,
    readonly out: Fanout,
    private readonly timing: SourceTiming,
    private readonly ctx: RuntimeContext,
  ) {}

  push(records: EngineRecord[]): void {
    if (this.ended) throw new Error(`source "${this.id}" already ended`);
    this.recordsIn += records.length;
    const run = this.run;
    const assign = this.assignEventTime;
    let max = this.maxEventTime;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      try {
        assign(r);
      } catch (e) {
        failRecord(this.ctx, this.id, r, e);
        continue;
      }
      const t = r.eventTime;
      if (this.timing === 'late' && t < max - this.delay && max - this.delay > this.watermark) {
        this.flush();
        this.maxEventTime = max;
        this.emitWatermark(max - this.delay);
      }
      run.push(r);
      if (t > max) {
        max = t;
        if (this.timing === 'exact' && t - this.delay > this.watermark) {
          this.flush();
          this.maxEventTime = max;
          this.emitWatermark(t - this.delay);
        }
      }
    }
    this.flush();
    this.maxEventTime = max;
    if (max - this.delay > this.watermark) this.emitWatermark(max - this.delay);
  }

  private flush(): void {
    if (this.run.length === 0) return;
    this.out.push(this.run);
    this.run.length = 0;
  }

  advanceWatermark(ms: number): void {
    if (ms > this.watermark) this.emitWatermark(ms);
  }

  private emitWatermark(ms: number): void {
    this.watermark = ms;
    this.out.watermark(ms);
  }

  end(): void {
    if (this.ended) return;
    this.emitWatermark(Number.POSITIVE_INFINITY);
    this.ended = true;
    this.out.end();
  }

  snapshot(): unknown {
    const enc = (n: number) => (Number.isFinite(n) ? n : String(n));
    return {
      max: enc(this.maxEventTime),
      wm: enc(this.watermark),
      ended: this.ended,
      n: this.recordsIn,
    };
  }

  restore(s: unknown): void {
    const x = s as { max: number | string; wm: number | string; ended: boolean; n: number };
    this.maxEventTime = Number(x.max);
    this.watermark = Number(x.wm);
    this.ended = x.ended;
    this.recordsIn = x.n;
  }
}
