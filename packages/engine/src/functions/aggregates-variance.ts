/** STDDEV / VARIANCE (sample and population), Welford with exact merge. */
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import type { Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';
import { NumericSum } from './aggregates-sum.ts';

// ------------------------------------------------------------------ STDDEV / VARIANCE

/** Sample or population variance from exact sums of x and x² (exact inputs) as a double. */
export class VarianceAcc implements Accumulator {
  readonly sum = new NumericSum();
  readonly sumSq = new NumericSum();
  constructor(
    private readonly population: boolean,
    private readonly sqrt: boolean,
  ) {}
  private square(v: Value): Value {
    if (typeof v === 'bigint') return v * v;
    if (typeof v === 'number') return v * v;
    if (v instanceof Decimal) return v.mul(v);
    throw new EvaluationError('cannot compute the variance of a non-numeric value');
  }
  add(v: Value): void {
    if (v === null) return;
    this.sum.add(v, 1);
    this.sumSq.add(this.square(v), 1);
  }
  retract(v: Value): void {
    if (v === null) return;
    this.sum.add(v, -1);
    this.sumSq.add(this.square(v), -1);
  }
  merge(other: Accumulator): void {
    const o = other as VarianceAcc;
    this.sum.merge(o.sum);
    this.sumSq.merge(o.sumSq);
  }
  result(): Value {
    const n = this.sum.n;
    if (n === 0 || (n === 1 && !this.population)) return null;
    let variance: number;
    if (this.sum.hasFloat) {
      const s = this.sum.value(false) as number;
      const sq = this.sumSq.value(false) as number;
      variance = Math.max((sq - (s * s) / n) / (this.population ? n : n - 1), 0);
    } else {
      const s = this.sum.value(true) as Decimal;
      const sq = this.sumSq.value(true) as Decimal;
      const nd = new Decimal(BigInt(n), 0);
      // (n·Σx² − (Σx)²) / (n·(n − 1)) or / n² for the population form
      const numerator = nd.mul(sq).sub(s.mul(s));
      const bn = BigInt(n);
      const denominator = new Decimal(this.population ? bn * bn : bn * (bn - 1n), 0);
      variance = numerator.div(denominator, 30).toNumber();
    }
    return this.sqrt ? Math.sqrt(variance) : variance;
  }
  snapshot(): unknown {
    return [this.sum.snapshot(), this.sumSq.snapshot()];
  }
  restore(s: unknown): void {
    const [a, b] = s as [unknown, unknown];
    this.sum.restore(a);
    this.sumSq.restore(b);
  }
}
