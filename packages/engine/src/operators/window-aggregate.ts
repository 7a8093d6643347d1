/**
 * Tumbling and sliding window aggregation. State: window start -> group key -> accumulators.
 * EMIT FINAL emits one row per group when the watermark reaches the window end; EMIT CHANGES
 * emits the group's updated row for every input record. Records whose windows have all closed
 * are late.
 *
 * Sliding windows with EMIT FINAL whose aggregates merge exactly in any order (COUNT, SUM, AVG,
 * MIN, MAX, STDDEV/VARIANCE, BOOL_AND/OR; see `mergeCondition`) are kept as panes instead: one
 * partial group per key per pane of gcd(size, slide) ms, so a record updates one accumulator
 * rather than size/slide of them. A closing window merges its panes; its groups come out in the
 * order of each key's first record in the window (the pane group remembers its first record's
 * arrival number), as the per-window path does. A pane is dropped when its last window closes.
 * The first value that would make a merge inexact (a FLOAT in a SUM, a DECIMAL in a MIN) turns
 * the operator back to per-window state, rebuilt exactly from the panes.
 */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import { mergeCondition } from '../functions/aggregates.ts';
import { Decimal } from '../types/decimal.ts';
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
  private windows = new Map<number, Map<string, GroupState>>();
  private watermark = Number.NEGATIVE_INFINITY;
  private minOpenEnd = Number.POSITIVE_INFINITY;
  private readonly keyScratch: Value[];
  private readonly argScratch: Value[];
  private readonly starts: number[] = [];
  private readonly size: number;
  private readonly slide: number;
  /** Pane width in ms when running on panes, else 0. */
  private pane: number;
  /** Per aggregate: 0 any value, 1 INTEGER/DECIMAL only, 2 INTEGER/string only (pane mode). */
  private readonly guards: number[];
  private readonly guarded: boolean;
  /** Pane start -> group key -> partial group (pane mode only). */
  private panes = new Map<number, Map<string, PaneGroup>>();
  /** Arrival number given to the next new pane group. */
  private seq = 0;

  constructor(private readonly opts: WindowAggregateOptions) {
    super();
    this.keyScratch = new Array(opts.grouping.keys.length).fill(null);
    this.argScratch = new Array(opts.grouping.aggregates.length).fill(null);
    this.size = opts.window.size;
    this.slide = opts.window.kind === 'tumbling' ? opts.window.size : opts.window.slide;
    const usePanes =
      opts.window.kind === 'sliding' &&
      opts.emit === 'final' &&
      Number.isInteger(this.size) &&
      Number.isInteger(this.slide) &&
      this.slide > 0 &&
      this.slide < this.size &&
      opts.grouping.aggregates.every(
        (a) => mergeCondition(a.name, a.distinct, a.order !== undefined) !== null,
      );
    this.pane = usePanes ? gcd(this.size, this.slide) : 0;
    this.guards = opts.grouping.aggregates.map((a) => {
      const c = mergeCondition(a.name, a.distinct, a.order !== undefined);
      return c === 'exact' ? 1 : c === 'plain' ? 2 : 0;
    });
    this.guarded = this.guards.some((g) => g !== 0);
  }

  override describe(): string {
    const g = this.opts.grouping;
    return `window-aggregate ${describeWindow(this.opts.window)} keys=${g.keys.length} aggregates=${g.aggregates.length} emit=${this.opts.emit}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    if (this.pane > 0) {
      this.processPanes(records);
      return;
    }
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

  private processPanes(records: EngineRecord[]): void {
    const { grouping, ctx } = this.opts;
    const { size, slide, pane } = this;
    for (let r = 0; r < records.length; r++) {
      const rec = records[r];
      const t = rec.eventTime;
      let hash: string;
      try {
        hash = grouping.keyOf(rec, this.keyScratch);
        this.evalArgs(rec);
      } catch (e) {
        failRecord(ctx, this.opts.sourceId, rec, e);
        continue;
      }
      if (this.guarded && !this.mergeable()) {
        this.leavePanes();
        this.processBatch(r === 0 ? records : records.slice(r));
        return;
      }
      // the last window holding t starts at floor(t / slide) * slide
      if (Math.floor(t / slide) * slide + size <= this.watermark) {
        reportLate(ctx, this.opts.sourceId, rec, this.watermark, this.opts.latePolicy);
        continue;
      }
      const p = Math.floor(t / pane) * pane;
      let groups = this.panes.get(p);
      if (groups === undefined) {
        groups = new Map();
        this.panes.set(p, groups);
        const end = this.pendingEnd(p, this.watermark);
        if (end < this.minOpenEnd) this.minOpenEnd = end;
      }
      let g = groups.get(hash);
      if (g === undefined) {
        g = grouping.newGroup(this.keyScratch) as PaneGroup;
        g.seq = this.seq++;
        groups.set(hash, g);
      }
      this.addArgs(g);
    }
  }

  /** Whether the evaluated arguments keep pane merging exact. */
  private mergeable(): boolean {
    const vals = this.argScratch;
    const guards = this.guards;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      const g = guards[i];
      if (g === 0 || v === null || typeof v === 'bigint') continue;
      if (g === 1 ? !(v instanceof Decimal) : typeof v !== 'string') return false;
    }
    return true;
  }

  /** Switches to per-window state: every window still open gets its panes merged. */
  private leavePanes(): void {
    this.windows = this.mergeWindows(
      this.openStarts(this.watermark, Number.POSITIVE_INFINITY),
      true,
    );
    this.minOpenEnd = Number.POSITIVE_INFINITY;
    for (const start of this.windows.keys())
      this.minOpenEnd = Math.min(this.minOpenEnd, start + this.size);
    this.panes.clear();
    this.pane = 0;
  }

  /** Sorted starts of the windows holding some pane that end in (after, upTo]. */
  private openStarts(after: number, upTo: number): number[] {
    const { size, slide } = this;
    const startSet = new Set<number>();
    const fromWm = Math.floor((after - size) / slide) * slide + slide;
    for (const p of this.panes.keys()) {
      const last = Math.floor(p / slide) * slide;
      for (
        let s = Math.max(Math.floor((p - size) / slide) * slide + slide, fromWm);
        s <= last && s + size <= upTo;
        s += slide
      )
        startSet.add(s);
    }
    return [...startSet].sort((a, b) => a - b);
  }

  /**
   * Each window's groups merged from its panes, in order of each key's first record. Unless
   * `copy`, a key found in one pane only keeps that pane's group (to be read, not changed).
   */
  private mergeWindows(starts: number[], copy: boolean): Map<number, Map<string, GroupState>> {
    const { size, pane, panes } = this;
    const grouping = this.opts.grouping;
    const nAggs = grouping.aggregates.length;
    const result = new Map<number, Map<string, GroupState>>();
    for (const start of starts) {
      const end = start + size;
      const merged = new Map<string, PaneGroup>();
      for (let q = start; q < end; q += pane) {
        const groups = panes.get(q);
        if (groups === undefined) continue;
        for (const [hash, pg] of groups) {
          let m = merged.get(hash);
          if (m === undefined && !copy) {
            merged.set(hash, pg);
            continue;
          }
          if (m === undefined || !m.merged) {
            const first = m;
            m = grouping.newGroup(pg.keys) as PaneGroup;
            m.seq = pg.seq;
            m.merged = true;
            merged.set(hash, m);
            if (first !== undefined) {
              if (first.seq < m.seq) m.seq = first.seq;
              for (let i = 0; i < nAggs; i++) m.accs[i].merge(first.accs[i]);
            }
          } else if (pg.seq < m.seq) m.seq = pg.seq;
          for (let i = 0; i < nAggs; i++) m.accs[i].merge(pg.accs[i]);
        }
      }
      // keys mostly come in order of their first records already
      const entries = [...merged.entries()];
      let sorted = true;
      for (let i = 1; i < entries.length && sorted; i++)
        sorted = entries[i - 1][1].seq < entries[i][1].seq;
      if (!sorted) entries.sort((a, b) => a[1].seq - b[1].seq);
      result.set(start, sorted ? merged : new Map(entries));
    }
    return result;
  }

  /** End of the first window holding pane `p` that ends after `wm` (+∞ when none). */
  private pendingEnd(p: number, wm: number): number {
    const { size, slide } = this;
    const first = Math.max(
      Math.floor((p - size) / slide) * slide + slide,
      Math.floor((wm - size) / slide) * slide + slide,
    );
    return first <= Math.floor(p / slide) * slide ? first + size : Number.POSITIVE_INFINITY;
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
    const before = this.watermark;
    this.watermark = ms;
    if (ms >= this.minOpenEnd) {
      if (this.pane > 0) this.closePaneWindows(before, ms);
      else this.closeWindows(ms);
    }
    this.out.watermark(ms);
  }

  /** Emits every window with data ending in (before, ms], then drops panes with no open window. */
  private closePaneWindows(before: number, ms: number): void {
    const { size, slide, panes } = this;
    const grouping = this.opts.grouping;
    const rows: EngineRecord[] = [];
    for (const [start, groups] of this.mergeWindows(this.openStarts(before, ms), false)) {
      const end = start + size;
      for (const [hash, g] of groups)
        rows.push(keyed(grouping.row(g, end - 1, start, end), hash, start));
    }
    let minOpen = Number.POSITIVE_INFINITY;
    for (const p of [...panes.keys()]) {
      if (Math.floor(p / slide) * slide + size <= ms) panes.delete(p);
      else {
        const e = this.pendingEnd(p, ms);
        if (e < minOpen) minOpen = e;
      }
    }
    this.minOpenEnd = minOpen;
    if (rows.length > 0) this.out.push(rows);
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
    if (this.pane > 0) {
      const panes: unknown[] = [];
      for (const [p, groups] of this.panes) {
        const gs: unknown[] = [];
        for (const g of groups.values()) gs.push([g.seq, this.opts.grouping.snapshotGroup(g)]);
        panes.push([p, gs]);
      }
      return { wm: encodeTime(this.watermark), seq: this.seq, panes };
    }
    const windows: unknown[] = [];
    for (const [start, groups] of this.windows) {
      windows.push([start, [...groups.values()].map((g) => this.opts.grouping.snapshotGroup(g))]);
    }
    return { wm: encodeTime(this.watermark), windows };
  }

  override restore(state: unknown): void {
    this.panes.clear();
    if ((state as { panes?: unknown }).panes !== undefined) {
      this.restorePanes(
        state as { wm: number | string; seq: number; panes: [number, [number, unknown][]][] },
      );
      return;
    }
    this.pane = 0;
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

  private restorePanes(s: {
    wm: number | string;
    seq: number;
    panes: [number, [number, unknown][]][];
  }): void {
    const grouping = this.opts.grouping;
    this.watermark = decodeTime(s.wm);
    this.seq = s.seq;
    this.panes.clear();
    this.minOpenEnd = Number.POSITIVE_INFINITY;
    for (const [p, groups] of s.panes) {
      const m = new Map<string, PaneGroup>();
      for (const [seq, e] of groups) {
        const g = grouping.restoreGroup(e) as PaneGroup;
        g.seq = seq;
        m.set(groupHash(grouping, g.keys), g);
      }
      this.panes.set(p, m);
      this.minOpenEnd = Math.min(this.minOpenEnd, this.pendingEnd(p, this.watermark));
    }
  }

  override stateEntries(): number {
    let n = 0;
    for (const g of this.panes.values()) n += g.size;
    for (const g of this.windows.values()) n += g.size;
    return n;
  }
}

/** A pane's partial group and the arrival number of its first record. */
interface PaneGroup extends GroupState {
  seq: number;
  /** Set on a window's own group merged from several panes. */
  merged?: boolean;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
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
