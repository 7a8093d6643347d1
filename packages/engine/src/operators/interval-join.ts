/**
 * Stream–stream interval join (INNER / LEFT / RIGHT / FULL): a left record at time tl matches
 * right records with the same key and time in [tl + lower, tl + upper]. Buffered records expire
 * once the other side's watermark has passed the last time they could match; unmatched rows of
 * an outer side are emitted (padded with NULLs) when they expire.
 */
import { failRecord, type RuntimeContext } from '../exec/context.ts';
import { BaseOperator } from '../exec/operator.ts';
import type { InternalRecord } from '../exec/record.ts';
import { decodeRecord, encodeRecord } from '../exec/value-codec.ts';
import { hashKey } from '../types/compare.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import type { Evaluator } from './aggregate-state.ts';
import { decodeTime, encodeTime } from './window-aggregate.ts';

export type JoinType = 'inner' | 'left' | 'right' | 'full';

export interface IntervalJoinOptions {
  joinType: JoinType;
  leftKeys: Evaluator[];
  rightKeys: Evaluator[];
  /** Bounds (ms) of right.time − left.time. */
  lower: number;
  upper: number;
  /** Match pairs on event time (the bound is on the event-time columns); else the residual does. */
  matchOnEventTime?: boolean;
  residual: Evaluator | null;
  /** Relation index of the right side in the joined record's parts (1 for the first JOIN). */
  rightRelation: number;
  sourceIds: [string, string];
  ctx: RuntimeContext;
}

interface Entry {
  rec: EngineRecord;
  hash: string | null;
  matched: boolean;
  expired: boolean;
}

class Side {
  readonly buckets = new Map<string, Entry[]>();
  queue: Entry[] = [];
  head = 0;

  add(e: Entry): void {
    this.queue.push(e);
    if (e.hash === null) return;
    const b = this.buckets.get(e.hash);
    if (b) b.push(e);
    else this.buckets.set(e.hash, [e]);
  }

  /** Removes and returns the oldest entry (callers check there is one). */
  shift(): Entry {
    const e = this.queue[this.head++];
    e.expired = true;
    if (e.hash !== null) {
      const b = this.buckets.get(e.hash)!;
      if (b[0] === e) b.shift();
      else b.splice(b.indexOf(e), 1);
      if (b.length === 0) this.buckets.delete(e.hash);
    }
    return e;
  }

  /** Drops consumed queue slots once they dominate the array. */
  compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  live(): Entry[] {
    return this.queue.slice(this.head);
  }
  get size(): number {
    return this.queue.length - this.head;
  }
}

export class IntervalJoinOperator extends BaseOperator {
  readonly kind = 'interval-join';
  override readonly timeSensitive = true;
  private left = new Side();
  private right = new Side();
  private wm: [number, number] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  private emittedWm = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: IntervalJoinOptions) {
    super();
    this.inputs = 2;
  }

  override describe(): string {
    const o = this.opts;
    return `interval-join ${o.joinType.toUpperCase()} keys=${o.leftKeys.length} right.time - left.time in [${o.lower}ms, ${o.upper}ms]`;
  }

  private readonly one: Value[] = [null];

  private hashOf(rec: EngineRecord, keys: Evaluator[]): string | null {
    if (keys.length === 1) {
      const v = keys[0](rec);
      if (v === null) return null;
      if (typeof v === 'string') return `\u0001${v}`;
      this.one[0] = v;
      return hashKey(this.one);
    }
    const vals: Value[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const v = keys[i](rec);
      if (v === null) return null;
      vals[i] = v;
    }
    return hashKey(vals);
  }

  processBatch(records: EngineRecord[], port: number): void {
    const { lower, upper, residual, ctx } = this.opts;
    const isLeft = port === 0;
    const onTime = this.opts.matchOnEventTime !== false;
    let out: EngineRecord[] | null = null;
    for (const rec of records) {
      try {
        const hash = this.hashOf(rec, isLeft ? this.opts.leftKeys : this.opts.rightKeys);
        const entry: Entry = { rec, hash, matched: false, expired: false };
        const other = isLeft ? this.right : this.left;
        const bucket = hash === null ? undefined : other.buckets.get(hash);
        if (bucket) {
          const t = rec.eventTime;
          for (const o of bucket) {
            const d = isLeft ? o.rec.eventTime - t : t - o.rec.eventTime;
            if (onTime && (d < lower || d > upper)) continue;
            const joined = isLeft ? this.join(rec, o.rec) : this.join(o.rec, rec);
            if (residual !== null && residual(joined) !== true) continue;
            if (out === null) out = [];
            out.push(joined);
            entry.matched = true;
            o.matched = true;
          }
        }
        (isLeft ? this.left : this.right).add(entry);
      } catch (e) {
        failRecord(ctx, this.opts.sourceIds[port], rec, e);
      }
    }
    if (out !== null) this.out.push(out);
  }

  private join(l: EngineRecord | null, r: EngineRecord | null): InternalRecord {
    const base = (l ?? r)!;
    const t = l && r ? Math.max(l.eventTime, r.eventTime) : base.eventTime;
    const prior = l ? (l as InternalRecord).parts : undefined;
    const parts: (EngineRecord | null)[] = prior ? prior.slice() : [l];
    while (parts.length < this.opts.rightRelation) parts.push(null);
    parts[this.opts.rightRelation] = r;
    return {
      fields: base.fields,
      eventTime: t,
      headers: base.headers,
      key: base.key,
      timestamp: base.timestamp,
      parts,
    };
  }

  override onWatermark(ms: number, port: number): void {
    if (ms <= this.wm[port]) return;
    this.wm[port] = ms;
    const { lower, upper, joinType } = this.opts;
    const emitLeft = joinType === 'left' || joinType === 'full';
    const emitRight = joinType === 'right' || joinType === 'full';
    const wmL = this.wm[0];
    const wmR = this.wm[1];
    let out: EngineRecord[] | null = null;
    // A left record can still match right records with time <= tl + upper; a right record
    // left records with time >= tr - lower. Both queues are in arrival order.
    const left = this.left;
    while (left.head < left.queue.length && left.queue[left.head].rec.eventTime + upper < wmR) {
      const e = left.shift();
      if (emitLeft && !e.matched) {
        if (out === null) out = [];
        out.push(this.join(e.rec, null));
      }
    }
    const right = this.right;
    while (right.head < right.queue.length && right.queue[right.head].rec.eventTime - lower < wmL) {
      const e = right.shift();
      if (emitRight && !e.matched) {
        if (out === null) out = [];
        out.push(this.join(null, e.rec));
      }
    }
    left.compact();
    right.compact();
    if (out !== null) this.out.push(out);
    let next = Math.min(wmL, wmR);
    if (emitLeft && left.size > 0) next = Math.min(next, left.queue[left.head].rec.eventTime);
    if (emitRight && right.size > 0) next = Math.min(next, right.queue[right.head].rec.eventTime);
    if (next > this.emittedWm) {
      this.emittedWm = next;
      this.out.watermark(next);
    }
  }

  override onCheckpoint(): unknown {
    const enc = (s: Side) => s.live().map((e) => [encodeRecord(e.rec), e.hash, e.matched]);
    return {
      wm: this.wm.map(encodeTime),
      out: encodeTime(this.emittedWm),
      left: enc(this.left),
      right: enc(this.right),
    };
  }

  override restore(state: unknown): void {
    const s = state as {
      wm: (number | string)[];
      out: number | string;
      left: [unknown, string | null, boolean][];
      right: [unknown, string | null, boolean][];
    };
    this.wm = [decodeTime(s.wm[0]), decodeTime(s.wm[1])];
    this.emittedWm = decodeTime(s.out);
    const dec = (items: [unknown, string | null, boolean][]) => {
      const side = new Side();
      for (const [r, hash, matched] of items) {
        side.add({ rec: decodeRecord(r), hash, matched, expired: false });
      }
      return side;
    };
    this.left = dec(s.left);
    this.right = dec(s.right);
  }

  override stateEntries(): number {
    return this.left.size + this.right.size;
  }
}
