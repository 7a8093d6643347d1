/** MIN / MAX (input type and scale kept) and FIRST / LAST (arrival order). */
import { compareValues } from '../types/compare.ts';
import type { Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';
import { decodeValue, encodeValue } from './aggregate-codec.ts';

// ------------------------------------------------------------------ MIN / MAX / FIRST / LAST

export class ExtremeAcc implements Accumulator {
  best: Value = null;
  constructor(private readonly sign: 1 | -1) {}
  add(v: Value): void {
    if (v === null) return;
    const b = this.best;
    if (b === null) {
      this.best = v;
    } else if (typeof v === 'bigint' && typeof b === 'bigint') {
      if (this.sign === 1 ? v > b : v < b) this.best = v;
    } else if (compareValues(v, b) * this.sign > 0) {
      this.best = v;
    }
  }
  merge(other: Accumulator): void {
    this.add((other as ExtremeAcc).best);
  }
  result(): Value {
    return this.best;
  }
  snapshot(): unknown {
    return encodeValue(this.best);
  }
  restore(s: unknown): void {
    this.best = decodeValue(s);
  }
}

export class FirstLastAcc implements Accumulator {
  value: Value = null;
  seen = false;
  constructor(private readonly last: boolean) {}
  add(v: Value): void {
    if (v === null) return;
    if (this.last || !this.seen) this.value = v;
    this.seen = true;
  }
  merge(other: Accumulator): void {
    const o = other as FirstLastAcc;
    if (o.seen && (this.last || !this.seen)) {
      this.value = o.value;
      this.seen = true;
    }
  }
  result(): Value {
    return this.value;
  }
  snapshot(): unknown {
    return encodeValue(this.value);
  }
  restore(s: unknown): void {
    this.value = decodeValue(s);
    this.seen = this.value !== null;
  }
}
