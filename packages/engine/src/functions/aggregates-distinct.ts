/** The DISTINCT form of any aggregate: each distinct value is added once. */
import { hashKey } from '../types/compare.ts';
import type { Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';
import { decodeValue, encodeValue } from './aggregate-codec.ts';

// ------------------------------------------------------------------ DISTINCT

/** Feeds the inner accumulator each distinct value once; retractable via counts. */
export class DistinctAcc implements Accumulator {
  counts = new Map<string, { v: Value; n: number }>();
  constructor(
    private inner: Accumulator,
    private readonly fresh: () => Accumulator,
  ) {}
  add(v: Value): void {
    if (v === null) return;
    const key = hashKey([v]);
    const e = this.counts.get(key);
    if (e) e.n++;
    else {
      this.counts.set(key, { v, n: 1 });
      this.inner.add(v);
    }
  }
  retract(v: Value): void {
    if (v === null) return;
    const key = hashKey([v]);
    const e = this.counts.get(key);
    if (!e) return;
    if (--e.n > 0) return;
    this.counts.delete(key);
    if (this.inner.retract) this.inner.retract(e.v);
    else {
      this.inner = this.fresh();
      for (const x of this.counts.values()) this.inner.add(x.v);
    }
  }
  merge(other: Accumulator): void {
    for (const [key, e] of (other as DistinctAcc).counts) {
      const mine = this.counts.get(key);
      if (mine) mine.n += e.n;
      else {
        this.counts.set(key, { v: e.v, n: e.n });
        this.inner.add(e.v);
      }
    }
  }
  result(): Value {
    return this.inner.result();
  }
  snapshot(): unknown {
    return [...this.counts.values()].map((e) => [encodeValue(e.v), e.n]);
  }
  restore(s: unknown): void {
    this.counts.clear();
    this.inner = this.fresh();
    for (const [ev, n] of s as [unknown, number][]) {
      const v = decodeValue(ev);
      this.counts.set(hashKey([v]), { v, n });
      this.inner.add(v);
    }
  }
}
