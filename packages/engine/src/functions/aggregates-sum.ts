/** COUNT, SUM and AVG: exact running sums of INTEGER/DECIMAL/FLOAT values (retractable). */
import { Decimal, pow10 } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import type { SqlType, Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';

// ------------------------------------------------------------------ COUNT

export class CountAcc implements Accumulator {
  n = 0;
  add(v: Value): void {
    if (v !== null) this.n++;
  }
  retract(v: Value): void {
    if (v !== null) this.n--;
  }
  merge(other: Accumulator): void {
    this.n += (other as CountAcc).n;
  }
  result(): Value {
    return BigInt(this.n);
  }
  snapshot(): unknown {
    return this.n;
  }
  restore(s: unknown): void {
    this.n = s as number;
  }
}

// ------------------------------------------------------------------ exact sums

/** Exact running sum of mixed INTEGER/DECIMAL/FLOAT values, retractable. */
export class NumericSum {
  n = 0;
  ints = 0n;
  /** DECIMAL part as unscaled at decScale (grows to the largest scale seen). */
  dec = 0n;
  decScale = -1;
  floats = 0;
  hasFloat = false;

  add(v: Value, sign: 1 | -1): void {
    if (typeof v === 'bigint') {
      this.ints += sign === 1 ? v : -v;
    } else if (typeof v === 'number') {
      this.floats += sign * v;
      this.hasFloat = true;
    } else if (v instanceof Decimal) {
      if (v.scale > this.decScale) {
        if (this.decScale >= 0) this.dec *= pow10(v.scale - this.decScale);
        this.decScale = v.scale;
      }
      const u =
        v.scale === this.decScale ? v.unscaled : v.unscaled * pow10(this.decScale - v.scale);
      this.dec += sign === 1 ? u : -u;
    } else {
      throw new EvaluationError(
        `cannot sum ${typeof v === 'string' ? `'${v}'` : 'a non-numeric value'}`,
      );
    }
    this.n += sign;
  }

  merge(o: NumericSum): void {
    this.ints += o.ints;
    if (o.decScale >= 0) {
      if (o.decScale > this.decScale) {
        if (this.decScale >= 0) this.dec *= pow10(o.decScale - this.decScale);
        this.decScale = o.decScale;
      }
      this.dec += o.decScale === this.decScale ? o.dec : o.dec * pow10(this.decScale - o.decScale);
    }
    if (o.hasFloat) {
      this.floats += o.floats;
      this.hasFloat = true;
    }
    this.n += o.n;
  }

  /** The exact sum; DECIMAL when any DECIMAL was seen (or forced), FLOAT when any FLOAT. */
  value(forceDecimal: boolean): Value {
    if (this.n === 0) return null;
    if (this.hasFloat)
      return (
        Number(this.ints) +
        this.floats +
        (this.decScale >= 0 ? new Decimal(this.dec, this.decScale).toNumber() : 0)
      );
    if (this.decScale >= 0)
      return new Decimal(this.dec + this.ints * pow10(this.decScale), this.decScale);
    return forceDecimal ? new Decimal(this.ints, 0) : this.ints;
  }

  snapshot(): unknown {
    return [
      this.n,
      this.ints.toString(),
      this.dec.toString(),
      this.decScale,
      String(this.floats),
      this.hasFloat,
    ];
  }

  restore(s: unknown): void {
    const a = s as [number, string, string, number, string, boolean];
    this.n = a[0];
    this.ints = BigInt(a[1]);
    this.dec = BigInt(a[2]);
    this.decScale = a[3];
    this.floats = Number(a[4]);
    this.hasFloat = a[5];
  }
}

export class SumAcc implements Accumulator {
  readonly sum = new NumericSum();
  constructor(private readonly argType: SqlType) {}
  add(v: Value): void {
    if (v !== null) this.sum.add(v, 1);
  }
  retract(v: Value): void {
    if (v !== null) this.sum.add(v, -1);
  }
  merge(other: Accumulator): void {
    this.sum.merge((other as SumAcc).sum);
  }
  result(): Value {
    return this.sum.value(this.argType === 'DECIMAL');
  }
  snapshot(): unknown {
    return this.sum.snapshot();
  }
  restore(s: unknown): void {
    this.sum.restore(s);
  }
}

export class AvgAcc extends SumAcc {
  override result(): Value {
    const total = this.sum.value(true);
    if (total === null) return null;
    if (typeof total === 'number') return total / this.sum.n;
    return (total as Decimal).div(new Decimal(BigInt(this.sum.n), 0));
  }
}
