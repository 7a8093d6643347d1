/** MEDIAN and ARRAY_AGG: aggregates that keep every value. */
import { compareValues } from '../types/compare.ts';
import { Decimal } from '../types/decimal.ts';
import type { Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';
import { decodeValue, encodeValue } from './aggregate-codec.ts';

// ------------------------------------------------------------------ MEDIAN / ARRAY_AGG

/** Exact midpoint of two numbers: (a + b) / 2 without rounding. */
function midpoint(a: Value, b: Value): Value {
  if (typeof a === 'number' || typeof b === 'number')
    return (Number(toNum(a)) + Number(toNum(b))) / 2;
  const da = a instanceof Decimal ? a : new Decimal(a as bigint, 0);
  const db = b instanceof Decimal ? b : new Decimal(b as bigint, 0);
  const sum = da.add(db);
  const half = new Decimal(sum.unscaled * 5n, sum.scale + 1);
  return half.unscaled % 10n === 0n ? new Decimal(half.unscaled / 10n, sum.scale) : half;
}

function toNum(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return (v as Decimal).toNumber();
}

export class ValuesAcc implements Accumulator {
  values: Value[] = [];
  constructor(private readonly kind: 'median' | 'array') {}
  add(v: Value): void {
    if (v !== null || this.kind === 'array') this.values.push(v);
  }
  retract(v: Value): void {
    for (let i = 0; i < this.values.length; i++) {
      if (compareValues(this.values[i], v) === 0) {
        this.values.splice(i, 1);
        return;
      }
    }
  }
  merge(other: Accumulator): void {
    for (const v of (other as ValuesAcc).values) this.values.push(v);
  }
  result(): Value {
    if (this.kind === 'array') return this.values.length === 0 ? null : this.values.slice();
    const n = this.values.length;
    if (n === 0) return null;
    const sorted = this.values.slice().sort(compareValues);
    const lo = sorted[(n - 1) >> 1];
    if (n % 2 === 1) return typeof lo === 'bigint' ? new Decimal(lo, 0) : lo;
    const hi = sorted[n >> 1];
    const numeric = (x: Value) =>
      typeof x === 'bigint' || typeof x === 'number' || x instanceof Decimal;
    return numeric(lo) && numeric(hi) ? midpoint(lo, hi) : lo;
  }
  snapshot(): unknown {
    return this.values.map(encodeValue);
  }
  restore(s: unknown): void {
    this.values = (s as unknown[]).map(decodeValue);
  }
}
