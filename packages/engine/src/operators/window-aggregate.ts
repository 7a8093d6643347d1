/**
 * Tumbling and sliding window aggregation. State: window start -> group key -> accumulators.
 * EMIT FINAL emits one row per group when the watermark reaches the window end; EMIT CHANGES
 * emits the group's updated row for every input record. Records whose windows have all closed
 * are late.
 */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { type GroupingSpec, type GroupState, groupHash } from './aggregate-state.ts';
import { type LatePolicy, reportLate } from './late.ts';
import { describeWindow, slidingStarts, type WindowSpec } from './window-assigners.ts';

export interface WindowAggregateOptions {
  grouping: GroupingSpec;
  window: WindowSpec;
  emit: 'final' | 'changes';
  sourceId: string;
  latePolicy: LatePolicy;
  ctx: RuntimeContext;
}

export class WindowAggregateOperator extends BaseOperator {
  readonly kind = 'window-aggregate';
  override readonly timeSensitive = true;
  private windows = new Map<number, Map<string, GroupState>>();
  private watermark = Number.NEGATIVE_INFINITY;
  private minOpenEnd = Number.POSITIVE_INFINITY;
  private readonly keyScratch: Value[];
  private readonly argScratch: Value[];
  private readonly starts: number[] = [];
  private readonly size: number;
  private readonly slide: number;

  constructor(private readonly opts: WindowAggregateOptions) {
    super();
    this.keyScratch = new Array(opts.grouping.keys.length).fill(null);
    this.argScratch = new Array(opts.grouping.aggregates.length).fill(null);
    this.size = opts.window.size;
    this.slide = opts.window.kind === 'tumbling' ? opts.window.size : opts.window.slide;
  }

  override describe(): string {
    const g = this.opts.grouping;
    return `window-aggregate ${describeWindow(this.opts.window)} keys=${g.keys.length} aggregates=${g.aggregates.length} emit=${this.opts.emit}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const { grouping, ctx, emit } = this.opts;
    const changes: EngineRecord[] | null = emit === 'changes' ? [] : null;
    const size = this.size;
    for (let r = 0; r < records.length; r++) {
      const rec = records[r];
      const t = rec.eventTime;
      let n: number;
      if (this.slide === size) {
        this.starts[0] = Math.floor(t / size) * size;
        n = 1;
      } else n = slidingStarts(t, size, this.slide, this.starts);
      let hash: string;
      try {
        hash = grouping.keyOf(rec, this.keyScratch);
        this.evalArgs(rec);
      } catch (e) {
        failRecord(ctx, this.opts.sourceId, rec, e);
        continue;
      }
      let added = false;
      for (let i = 0; i < n; i++) {
        const start = this.starts[i];
        const end = start + size;
        if (end <= this.watermark) continue;
        let groups = this.windows.get(start);
        if (groups === undefined) {
          groups = new Map();
          this.windows.set(start, groups);
          if (end < this.minOpenEnd) this.minOpenEnd = end;
        }
        let g = groups.get(hash);
        if (g === undefined) {
          g = grouping.newGroup(this.keyScratch);
          groups.set(hash, g);
        }
        this.addArgs(g);
        added = true;
        if (changes) changes.push(keyed(grouping.row(g, end - 1, start, end), hash, start));
      }
      if (!added) reportLate(ctx, this.opts.sourceId, rec, this.watermark, this.opts.latePolicy);
    }
    if (changes && changes.length > 0) this.out.push(changes);
  }

  private evalArgs(rec: EngineRecord): void {
    const aggs = this.opts.grouping.aggregates;
    for (let i = 0; i < aggs.length; i++) {
      const arg = aggs[i].arg;
      this.argScratch[i] = arg === null ? true : arg(rec);
    }
  }

  private addArgs(g: GroupState): void {
    const vals = this.argScratch;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== null) g.accs[i].add(v);
    }
  }

  protected override handleWatermark(ms: number): void {
    if (ms <= this.watermark) return;
    this.watermark = ms;
    if (ms >= this.minOpenEnd) this.closeWindows(ms);
    this.out.watermark(ms);
  }

  private closeWindows(ms: number): void {
    const closing: number[] = [];
    let minOpen = Number.POSITIVE_INFINITY;
    for (const start of this.windows.keys()) {
      const end = start + this.size;
      if (end <= ms) closing.push(start);
      else if (end < minOpen) minOpen = end;
    }
    this.minOpenEnd = minOpen;
    closing.sort((a, b) => a - b);
    const rows: EngineRecord[] = [];
    for (const start of closing) {
      const groups = this.windows.get(start)!;
      this.windows.delete(start);
      if (this.opts.emit !== 'final') continue;
      const end = start + this.size;
      for (const [hash, g] of groups)
        rows.push(keyed(this.opts.grouping.row(g, end - 1, start, end), hash, start));
    }
    if (rows.length > 0) this.out.push(rows);
  }

  override onCheckpoint(): unknown {
    const windows: unknown[] = [];
    for (const [start, groups] of this.windows) {
      windows.push([start, [...groups.values()].map((g) => this.opts.grouping.snapshotGroup(g))]);
    }
    return { wm: encodeTime(this.watermark), windows };
  }

  override restore(state: unknown): void {
    const s = state as { wm: number | string; windows: [number, unknown[]][] };
    this.watermark = decodeTime(s.wm);
    this.windows.clear();
    this.minOpenEnd = Number.POSITIVE_INFINITY;
    for (const [start, groups] of s.windows) {
      const m = new Map<string, GroupState>();
      for (const e of groups) {
        const g = this.opts.grouping.restoreGroup(e);
        m.set(groupHash(this.opts.grouping, g.keys), g);
      }
      this.windows.set(start, m);
      this.minOpenEnd = Math.min(this.minOpenEnd, start + this.size);
    }
  }

  override stateEntries(): number {
    let n = 0;
    for (const g of this.windows.values()) n += g.size;
    return n;
  }
}

/** A window row's identity in a materialized table: the group key within its window. */
function keyed(row: EngineRecord, hash: string, start: number): EngineRecord {
  (row as InternalRecord).upsertKey = `${start}@${hash}`;
  return row;
}

export function encodeTime(ms: number): number | string {
  return Number.isFinite(ms) ? ms : String(ms);
}
export function decodeTime(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}
