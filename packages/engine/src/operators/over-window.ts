/**
 * Window functions OVER (PARTITION BY … ORDER BY … [ROWS|RANGE frame]) evaluated per partition
 * as records arrive (arrival order is taken as event-time order), or over each complete
 * partition sorted by every ORDER BY key (`wholePartition`). Each output record is the input
 * record plus one field per function (`$w<n>`). Rows wait only as long as a function needs to
 * see following rows (LEAD, FOLLOWING frames); the rest are emitted immediately. Ranking and
 * distribution functions count the rows seen so far in the partition; peers are rows equal on
 * every ORDER BY key.
 */

import { failRecord } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import { decodeValue, encodeValue } from '../exec/value-codec.ts';
import { createAccumulator } from '../functions/aggregates.ts';
import { hashKey } from '../types/compare.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { boundRows, compareKeys, leadOffset, rangePosition, samePeers } from './over-frame.ts';
import { decodeRow, encodeRow, newPartition, type Partition, type Row } from './over-state.ts';
import type { FrameBound, OverWindowOptions } from './over-types.ts';

export type {
  FrameBound,
  FrameSpec,
  OverFunctionSpec,
  OverOrderKey,
  OverWindowOptions,
} from './over-types.ts';

const RANKING = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK', 'PERCENT_RANK', 'CUME_DIST', 'NTILE']);
const VALUE_FNS = new Set(['LAG', 'LEAD', 'FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE']);

export class OverWindowOperator extends BaseOperator {
  readonly kind = 'over-window';
  private partitions = new Map<string, Partition>();
  private readonly follows: boolean;
  private readonly keepAll: boolean;
  private readonly lookbackRows: number;
  private readonly lookbackRange: number;
  private readonly runningFns: boolean[];
  /** Distribution functions and UNBOUNDED FOLLOWING need the whole partition: emitted at end. */
  private readonly wholePartition: boolean;

  /** First ORDER BY value as a number that grows along the ordering (RANGE offsets). */
  private readonly pos: (v: Value) => number;

  constructor(private readonly opts: OverWindowOptions) {
    super();
    this.pos = rangePosition(opts.orderBy[0]);
    const { frame, functions } = opts;
    let follows = frame.end.type === 'following' || frame.end.type === 'unbounded_following';
    let lookback = 0;
    let keepAll = false;
    this.runningFns = functions.map(
      (f) =>
        !RANKING.has(f.name) &&
        !VALUE_FNS.has(f.name) &&
        frame.start.type === 'unbounded_preceding' &&
        (frame.end.type === 'current' || (frame.end.type === 'following' && frame.unit === 'rows')),
    );
    functions.forEach((f, i) => {
      if (f.name === 'LEAD') follows = true;
      if (this.runningFns[i] || RANKING.has(f.name) || f.name === 'LAG' || f.name === 'LEAD')
        return;
      if (frame.start.type === 'unbounded_preceding') keepAll = true;
    });
    if (functions.some((f) => f.name === 'LAG')) lookback = Math.max(lookback, opts.maxLag ?? 1);
    if (frame.start.type === 'preceding' && frame.unit === 'rows') {
      lookback = Math.max(lookback, frame.start.offset);
    }
    // Under ORDER BY … DESC a row's preceding rows are the ones with larger values, which in
    // event-time order arrive after it: the partition is ordered and evaluated once complete.
    this.wholePartition =
      opts.wholePartition === true ||
      opts.orderBy[0]?.desc === true ||
      frame.end.type === 'unbounded_following' ||
      functions.some(
        (f) => f.name === 'PERCENT_RANK' || f.name === 'CUME_DIST' || f.name === 'NTILE',
      );
    if (this.wholePartition) keepAll = true;
    this.follows = follows;
    this.keepAll =
      keepAll ||
      (frame.unit === 'range' && frame.start.type === 'preceding' && opts.orderBy.length === 0);
    this.lookbackRows = lookback;
    this.lookbackRange =
      frame.unit === 'range' && frame.start.type === 'preceding' ? frame.start.offset : 0;
  }

  override describe(): string {
    const f = this.opts.frame;
    const b = (x: FrameBound) =>
      'offset' in x
        ? `${x.offset} ${x.type.toUpperCase()}`
        : x.type === 'current'
          ? 'CURRENT ROW'
          : x.type.replace('_', ' ').toUpperCase();
    return `over-window partitions=${this.opts.partitionBy.length} ${f.unit.toUpperCase()} BETWEEN ${b(f.start)} AND ${b(f.end)} functions=${this.opts.functions.map((x) => x.name).join(',')}`;
  }

  processBatch(records: EngineRecord[], _port = 0): void {
    const out: EngineRecord[] = [];
    const { partitionBy, orderBy, functions, ctx } = this.opts;
    for (const rec of records) {
      let p: Partition;
      let row: Row;
      try {
        const key = partitionBy.length === 0 ? '' : hashKey(partitionBy.map((e) => e(rec)));
        row = {
          rec,
          keys: orderBy.map((k) => k.expr(rec)),
          args: functions.map((f) => f.args.map((a) => a(rec))),
        };
        let part = this.partitions.get(key);
        if (!part) {
          part = newPartition(functions.length);
          this.partitions.set(key, part);
        }
        p = part;
      } catch (e) {
        failRecord(ctx, this.opts.sourceId, rec, e);
        continue;
      }
      p.rows.push(row);
      if (this.wholePartition) continue;
      if (p.first === null) p.first = row;
      this.emitReady(p, false, out);
    }
    if (out.length > 0) this.out.push(out);
  }

  protected override handleEnd(): void {
    const out: EngineRecord[] = [];
    for (const p of this.partitions.values()) {
      if (this.wholePartition) this.sortPartition(p);
      this.emitReady(p, true, out);
    }
    if (out.length > 0) this.out.push(out);
    this.out.end();
  }

  private emitReady(p: Partition, atEnd: boolean, out: EngineRecord[]): void {
    const total = p.base + p.rows.length;
    while (p.next < total) {
      if (!atEnd && this.follows && !this.isReady(p, p.next)) break;
      try {
        out.push(this.compute(p, p.next, atEnd));
      } catch (e) {
        failRecord(this.opts.ctx, this.opts.sourceId, p.rows[p.next - p.base].rec, e);
      }
      p.next++;
    }
    this.trim(p);
  }

  /** Orders a complete partition by its ORDER BY keys (stable: arrival order among peers). */
  private sortPartition(p: Partition): void {
    const dirs = this.opts.orderBy;
    if (dirs.length > 0) p.rows.sort((a, b) => compareKeys(a.keys, b.keys, dirs));
    p.first = p.rows[0] ?? null;
  }

  /** The peer group [s, e] (global indexes) of the row at g, as far as rows have arrived. */
  private peerGroup(p: Partition, g: number, total: number): [number, number] {
    const rowAt = (i: number) => p.rows[i - p.base];
    const cur = rowAt(g).keys;
    let s: number;
    let e: number;
    if (p.peerStart <= g && g <= p.peerEnd) {
      s = Math.max(p.peerStart, p.base);
      e = p.peerEnd;
    } else {
      s = g;
      while (s > p.base && samePeers(rowAt(s - 1).keys, cur)) s--;
      e = g;
    }
    while (e + 1 < total && samePeers(rowAt(e + 1).keys, cur)) e++;
    p.peerStart = s;
    p.peerEnd = e;
    return [s, e];
  }

  private isReady(p: Partition, g: number): boolean {
    const { frame, functions } = this.opts;
    const total = p.base + p.rows.length;
    for (let i = 0; i < functions.length; i++) {
      if (functions[i].name === 'LEAD') {
        const off = leadOffset(p.rows[g - p.base].args[i]);
        if (g + off >= total) return false;
      }
    }
    if (frame.end.type === 'unbounded_following') return false;
    if (frame.end.type === 'following') {
      if (frame.unit === 'rows') return g + frame.end.offset < total;
      const cur = this.pos(p.rows[g - p.base].keys[0]);
      const last = this.pos(p.rows[p.rows.length - 1].keys[0]);
      return last > cur + frame.end.offset;
    }
    return true;
  }

  private trim(p: Partition): void {
    if (this.keepAll) return;
    let keepFrom = p.next - this.lookbackRows - 1;
    if (this.lookbackRange > 0 && p.next - p.base < p.rows.length) {
      const cur = this.pos(p.rows[p.next - p.base].keys[0]);
      let i = p.base;
      while (i < p.next && this.pos(p.rows[i - p.base].keys[0]) < cur - this.lookbackRange) i++;
      keepFrom = Math.min(keepFrom, i - 1);
    } else if (this.lookbackRange > 0) keepFrom = Math.min(keepFrom, p.next - 1 - 1024);
    const drop = keepFrom - p.base;
    if (drop > 64) {
      p.rows.splice(0, drop);
      p.base += drop;
    }
  }

  /** Frame [a, b] in global indexes (inclusive) for the row at global index g. */
  private frameOf(p: Partition, g: number, total: number): [number, number] {
    const { frame } = this.opts;
    const rowAt = (i: number) => p.rows[i - p.base];
    let a: number;
    let b: number;
    if (frame.unit === 'rows') {
      a = boundRows(frame.start, g, p.base, total);
      b = boundRows(frame.end, g, p.base, total);
    } else {
      // CURRENT ROW bounds are the row's peer group; offsets (one ORDER BY key) are positions.
      const cur = this.pos(rowAt(g).keys[0]);
      const { start, end } = frame;
      a = p.base;
      if (start.type === 'current') a = this.peerGroup(p, g, total)[0];
      else if (start.type === 'preceding') {
        const lo = cur - start.offset;
        a = g;
        while (a > p.base && this.pos(rowAt(a - 1).keys[0]) >= lo) a--;
      } else if (start.type === 'following') {
        const lo = cur + start.offset;
        a = g;
        while (a < total && this.pos(rowAt(a).keys[0]) < lo) a++;
      }
      b = total - 1;
      if (end.type === 'current') b = this.peerGroup(p, g, total)[1];
      else if (end.type === 'following') {
        const hi = cur + end.offset;
        b = g;
        while (b + 1 < total && this.pos(rowAt(b + 1).keys[0]) <= hi) b++;
      } else if (end.type === 'preceding') {
        const hi = cur - end.offset;
        b = g;
        while (b >= a && this.pos(rowAt(b).keys[0]) > hi) b--;
      }
    }
    return [Math.max(a, p.base), Math.min(b, total - 1)];
  }

  private compute(p: Partition, g: number, atEnd: boolean): EngineRecord {
    const { functions } = this.opts;
    const rowAt = (i: number) => p.rows[i - p.base];
    const row = rowAt(g);
    const total = p.base + p.rows.length;
    // Ranking state advances once per emitted row.
    const rowNumber = g + 1;
    if (p.lastKeys === undefined || !samePeers(p.lastKeys, row.keys)) {
      p.rank = rowNumber;
      p.denseRank++;
    }
    p.lastKeys = row.keys;
    const fields: Record<string, Value> = { ...row.rec.fields };
    let frame: [number, number] | null = null;
    for (let i = 0; i < functions.length; i++) {
      const f = functions[i];
      const args = row.args[i];
      let v: Value;
      switch (f.name) {
        case 'ROW_NUMBER':
          v = BigInt(rowNumber);
          break;
        case 'RANK':
          v = BigInt(p.rank);
          break;
        case 'DENSE_RANK':
          v = BigInt(p.denseRank);
          break;
        case 'PERCENT_RANK':
          v = total <= 1 ? 0 : (p.rank - 1) / (total - 1);
          break;
        case 'CUME_DIST':
          v = (this.peerGroup(p, g, total)[1] + 1) / total;
          break;
        case 'NTILE': {
          const k = Number(args[0] ?? 1);
          const size = Math.floor(total / k);
          const extra = total % k;
          const bigRows = extra * (size + 1);
          v = BigInt(
            g < bigRows
              ? Math.floor(g / (size + 1)) + 1
              : extra + Math.floor((g - bigRows) / Math.max(size, 1)) + 1,
          );
          break;
        }
        case 'LAG':
        case 'LEAD': {
          const off = leadOffset(args);
          let j = f.name === 'LAG' ? g - off : g + off;
          const dflt = args.length > 2 ? args[2] : null;
          if (f.ignoreNulls) {
            // The off-th non-NULL value before (LAG) or after (LEAD) this row.
            const step = f.name === 'LAG' ? -1 : 1;
            let seen = 0;
            j = g;
            while (seen < off) {
              j += step;
              if (j < p.base || j >= total) break;
              if (rowAt(j).args[i][0] !== null) seen++;
            }
          }
          v = j >= p.base && j < total ? rowAt(j).args[i][0] : dflt;
          if (j >= total && !atEnd && f.name === 'LEAD') v = dflt;
          break;
        }
        default: {
          frame ??= this.frameOf(p, g, total);
          v = this.frameValue(p, i, frame, g);
        }
      }
      fields[f.field] = v;
    }
    // A joined record keeps its relations' parts: later columns of the join are read there.
    const { parts } = row.rec as InternalRecord;
    return {
      fields,
      eventTime: row.rec.eventTime,
      timestamp: row.rec.timestamp,
      key: row.rec.key,
      headers: row.rec.headers,
      offset: row.rec.offset,
      partition: row.rec.partition,
      ...(parts ? { parts } : {}),
    } as InternalRecord;
  }

  private frameValue(p: Partition, i: number, [a, b]: [number, number], _g: number): Value {
    const f = this.opts.functions[i];
    const val = (j: number) => p.rows[j - p.base].args[i][0];
    if (f.name === 'FIRST_VALUE') {
      if (this.opts.frame.start.type === 'unbounded_preceding' && p.first)
        return p.first.args[i][0];
      return a <= b ? val(a) : null;
    }
    if (f.name === 'LAST_VALUE') return a <= b ? val(b) : null;
    if (f.name === 'NTH_VALUE') {
      const n = Number(p.rows[_g - p.base].args[i][1] ?? 1);
      return a + n - 1 <= b ? val(a + n - 1) : null;
    }
    if (this.runningFns[i]) {
      let acc = p.running[i];
      if (!acc) {
        acc = createAccumulator(f.name, f.argType, f.distinct);
        p.running[i] = acc;
      }
      // Rows already trimmed were added before trimming (trim keeps un-added rows).
      while (p.runningUpTo <= b) {
        const j = p.runningUpTo;
        for (let k = 0; k < this.opts.functions.length; k++) {
          if (!this.runningFns[k]) continue;
          let acck = p.running[k];
          if (!acck) {
            const fk = this.opts.functions[k];
            acck = createAccumulator(fk.name, fk.argType, fk.distinct);
            p.running[k] = acck;
          }
          const v = p.rows[j - p.base].args[k][0] ?? null;
          const isStar = this.opts.functions[k].args.length === 0;
          if (isStar) acck.add(true);
          else if (v !== null) acck.add(v);
        }
        p.runningUpTo++;
      }
      return acc.result();
    }
    // Rows with one frame (a peer group, the whole partition) share its value.
    if (p.cachedFrame[0] !== a || p.cachedFrame[1] !== b) {
      p.cachedFrame = [a, b];
      p.frameValues = [];
    }
    const cached = p.frameValues[i];
    if (cached !== undefined) return cached;
    const acc = createAccumulator(f.name, f.argType, f.distinct);
    for (let j = a; j <= b; j++) {
      if (f.args.length === 0) acc.add(true);
      else {
        const v = val(j);
        if (v !== null) acc.add(v);
      }
    }
    const result = acc.result();
    p.frameValues[i] = result;
    return result;
  }

  override onCheckpoint(): unknown {
    const parts: unknown[] = [];
    for (const [key, p] of this.partitions) {
      parts.push({
        key,
        rows: p.rows.map((r) => encodeRow(r.rec)),
        base: p.base,
        next: p.next,
        rank: p.rank,
        dense: p.denseRank,
        last: p.lastKeys === undefined ? null : p.lastKeys.map(encodeValue),
        running: p.running.map((a) => (a ? a.snapshot() : null)),
        upTo: p.runningUpTo,
        first: p.first ? encodeRow(p.first.rec) : null,
      });
    }
    return parts;
  }

  override restore(state: unknown): void {
    this.partitions.clear();
    const { functions, orderBy } = this.opts;
    const toRow = (rec: EngineRecord): Row => ({
      rec,
      keys: orderBy.map((k) => k.expr(rec)),
      args: functions.map((f) => f.args.map((a) => a(rec))),
    });
    for (const s of state as Record<string, unknown>[]) {
      const p = newPartition(functions.length);
      p.rows = (s.rows as unknown[]).map((r) => toRow(decodeRow(r)));
      p.base = s.base as number;
      p.next = s.next as number;
      p.rank = s.rank as number;
      p.denseRank = s.dense as number;
      const last = s.last as unknown[] | null;
      p.lastKeys = last === null ? undefined : last.map(decodeValue);
      p.running = (s.running as unknown[]).map((snap, i) => {
        if (snap === null) return null;
        const f = functions[i];
        const acc = createAccumulator(f.name, f.argType, f.distinct);
        acc.restore(snap);
        return acc;
      });
      p.runningUpTo = s.upTo as number;
      p.first = s.first ? toRow(decodeRow(s.first)) : null;
      this.partitions.set(s.key as string, p);
    }
  }

  override stateEntries(): number {
    let n = 0;
    for (const p of this.partitions.values()) n += p.rows.length;
    return n;
  }
}
