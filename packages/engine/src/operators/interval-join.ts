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

/** Join key: a number for integer keys in the safe range (no string building), else a string. */
type JoinKey = number | string;

interface Entry {
  rec: EngineRecord;
  hash: JoinKey | null;
  matched: boolean;
  expired: boolean;
}

/**
 * One key's entries in arrival order. Entries expire in queue (arrival) order, and a bucket is
 * a subsequence of the queue, so its expired entries are always a prefix: expiring one moves
 * `head`, and the dead prefix is cut off in batches.
 */
interface Bucket {
  items: Entry[];
  head: number;
}

class Side {
  readonly buckets = new Map<JoinKey, Bucket>();
  queue: Entry[] = [];
  head = 0;

  add(e: Entry): void {
    this.queue.push(e);
    if (e.hash === null) return;
    const b = this.buckets.get(e.hash);
    if (b) b.items.push(e);
    else this.buckets.set(e.hash, { items: [e], head: 0 });
  }

  /** Removes and returns the oldest entry (callers check there is one). */
  shift(): Entry {
    const e = this.queue[this.head++];
    e.expired = true;
    if (e.hash !== null) {
      const b = this.buckets.get(e.hash)!;
      b.head++;
      if (b.head === b.items.length) this.buckets.delete(e.hash);
      else if (b.head >= 16 && b.head * 2 >= b.items.length) {
        b.items = b.items.slice(b.head);
        b.head = 0;
      }
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

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INTEGER_KEY = /^n-?\d+$/;

/**
 * Key of one join column. Values that compare equal get equal keys across types: integral
 * INTEGER, FLOAT and DECIMAL values in the safe range all become that number.
 */
function keyOf(v: Value): JoinKey {
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : `n${v}`;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string') return `\u0001${v}`;
  const k = hashKey([v]);
  if (INTEGER_KEY.test(k)) {
    const n = Number(k.slice(1));
    if (Number.isSafeInteger(n)) return n;
  }
  return k;
}

export class IntervalJoinOperator extends BaseOperator {
  readonly kind = 'interval-join';
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

  private hashOf(rec: EngineRecord, keys: Evaluator[]): JoinKey | null {
    if (keys.length === 1) {
      const v = keys[0](rec);
      return v === null ? null : keyOf(v);
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
          const items = bucket.items;
          for (let i = bucket.head; i < items.length; i++) {
            const o = items[i];
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
    let parts: (EngineRecord | null)[];
    if (prior === undefined && this.opts.rightRelation === 1) parts = [l, r];
    else {
      parts = prior ? prior.slice() : [l];
      while (parts.length < this.opts.rightRelation) parts.push(null);
      parts[this.opts.rightRelation] = r;
    }
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
      left: [unknown, JoinKey | null, boolean][];
      right: [unknown, JoinKey | null, boolean][];
    };
    this.wm = [decodeTime(s.wm[0]), decodeTime(s.wm[1])];
    this.emittedWm = decodeTime(s.out);
    // Keys are recomputed rather than read back, so snapshots taken by versions that keyed
    // differently restore correctly.
    const dec = (items: [unknown, JoinKey | null, boolean][], keys: Evaluator[]) => {
      const side = new Side();
      for (const [r, , matched] of items) {
        const rec = decodeRecord(r);
        side.add({ rec, hash: this.hashOf(rec, keys), matched, expired: false });
      }
      return side;
    };
    this.left = dec(s.left, this.opts.leftKeys);
    this.right = dec(s.right, this.opts.rightKeys);
  }

  override stateEntries(): number {
    return this.left.size + this.right.size;
  }
}
