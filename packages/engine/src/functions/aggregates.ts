/**
 * Aggregate functions as accumulators. NULL inputs are ignored (callers usually skip them
 * already); COUNT(*) is COUNT with argType 'ANY' fed `true` per row. Exact rules (DESIGN §3):
 * SUM keeps the scale (INTEGER sums are exact bigints), AVG = SUM / COUNT with scale
 * max(s, 6) half-even, MIN/MAX keep type and scale, COUNT is INTEGER.
 * `retract` exists where it is cheap (COUNT, SUM, AVG, STDDEV/VARIANCE, MEDIAN, DISTINCT forms);
 * operators recompute for the others. snapshot() is JSON-serializable.
 * `merge(other)` folds another accumulator of the same kind into this one as if other's values
 * had been added after this one's (exact for every kind; only FLOAT sums may round differently
 * because the floating-point additions are grouped differently).
 */
import { compareValues, hashKey } from '../types/compare.ts';
import { Decimal, pow10 } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import type { SqlType, Value } from '../types/value.ts';
import { decodeValue, encodeValue } from './aggregate-codec.ts';
import { createMultiAccumulator, MULTI_RETURN_TYPES } from './aggregates-multi.ts';

export interface Accumulator {
  add(v: Value): void;
  retract?(v: Value): void;
  /** Adds everything `other` (same function, same DISTINCT flag) has seen, as if added after. */
  merge(other: Accumulator): void;
  result(): Value;
  snapshot(): unknown;
  restore(s: unknown): void;
}

const NUMERIC = new Set<SqlType>(['INTEGER', 'DECIMAL', 'FLOAT', 'ANY', 'NULL']);

const RETURN_TYPES: Record<string, (t: SqlType) => SqlType | { error: string }> = {
  COUNT: () => 'INTEGER',
  SUM: (t) => numericOnly('SUM', t) ?? (t === 'NULL' ? 'INTEGER' : t),
  AVG: (t) => numericOnly('AVG', t) ?? (t === 'FLOAT' || t === 'ANY' ? t : 'DECIMAL'),
  MIN: (t) => t,
  MAX: (t) => t,
  FIRST: (t) => t,
  LAST: (t) => t,
  MEDIAN: (t) =>
    t === 'INTEGER' ? 'DECIMAL' : t === 'JSON' ? { error: 'MEDIAN cannot be applied to JSON' } : t,
  STDDEV: (t) => numericOnly('STDDEV', t) ?? 'FLOAT',
  STDDEV_SAMP: (t) => numericOnly('STDDEV_SAMP', t) ?? 'FLOAT',
  STDDEV_POP: (t) => numericOnly('STDDEV_POP', t) ?? 'FLOAT',
  VARIANCE: (t) => numericOnly('VARIANCE', t) ?? 'FLOAT',
  VAR_SAMP: (t) => numericOnly('VAR_SAMP', t) ?? 'FLOAT',
  VAR_POP: (t) => numericOnly('VAR_POP', t) ?? 'FLOAT',
  ARRAY_AGG: () => 'JSON',
  BOOL_AND: (t) =>
    t === 'BOOLEAN' || t === 'ANY' || t === 'NULL'
      ? 'BOOLEAN'
      : { error: `BOOL_AND expects a BOOLEAN argument, got ${t}` },
  BOOL_OR: (t) =>
    t === 'BOOLEAN' || t === 'ANY' || t === 'NULL'
      ? 'BOOLEAN'
      : { error: `BOOL_OR expects a BOOLEAN argument, got ${t}` },
};

for (const [name, type] of Object.entries(MULTI_RETURN_TYPES)) RETURN_TYPES[name] = type;

const ALIASES: Record<string, string> = {
  APPROX_QUANTILE: 'APPROX_PERCENTILE',
  FIRST_VALUE_AGG: 'FIRST',
  LAST_VALUE_AGG: 'LAST',
  ANY_VALUE: 'FIRST',
  STDEV: 'STDDEV',
  VAR: 'VARIANCE',
  COLLECT: 'ARRAY_AGG',
  EVERY: 'BOOL_AND',
};

function numericOnly(name: string, t: SqlType): { error: string } | undefined {
  return NUMERIC.has(t) ? undefined : { error: `${name} expects a numeric argument, got ${t}` };
}

function canonical(name: string): string {
  const n = name.toUpperCase();
  return ALIASES[n] ?? n;
}

/** Canonical name (aliases resolved), upper case. */
export function canonicalAggregateName(name: string): string {
  return canonical(name);
}

export function isAggregateFunction(name: string): boolean {
  return RETURN_TYPES[canonical(name)] !== undefined;
}

export function aggregateFunctionNames(): string[] {
  return [...Object.keys(RETURN_TYPES), ...Object.keys(ALIASES)].sort();
}

export function aggregateReturnType(name: string, argType: SqlType): SqlType | { error: string } {
  const fn = RETURN_TYPES[canonical(name)];
  if (!fn) return { error: `function ${name.toUpperCase()} is not an aggregate` };
  return fn(argType);
}

// ------------------------------------------------------------------ COUNT

class CountAcc implements Accumulator {
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
class NumericSum {
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

class SumAcc implements Accumulator {
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

class AvgAcc extends SumAcc {
  override result(): Value {
    const total = this.sum.value(true);
    if (total === null) return null;
    if (typeof total === 'number') return total / this.sum.n;
    return (total as Decimal).div(new Decimal(BigInt(this.sum.n), 0));
  }
}

// ------------------------------------------------------------------ MIN / MAX / FIRST / LAST

class ExtremeAcc implements Accumulator {
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

class FirstLastAcc implements Accumulator {
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

class ValuesAcc implements Accumulator {
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

// ------------------------------------------------------------------ STDDEV / VARIANCE

/** Sample or population variance from exact sums of x and x² (exact inputs) as a double. */
class VarianceAcc implements Accumulator {
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

// ------------------------------------------------------------------ BOOL_AND / BOOL_OR

class BoolAcc implements Accumulator {
  trues = 0;
  falses = 0;
  constructor(private readonly all: boolean) {}
  add(v: Value): void {
    if (v === null) return;
    if (v) this.trues++;
    else this.falses++;
  }
  retract(v: Value): void {
    if (v === null) return;
    if (v) this.trues--;
    else this.falses--;
  }
  merge(other: Accumulator): void {
    const o = other as BoolAcc;
    this.trues += o.trues;
    this.falses += o.falses;
  }
  result(): Value {
    if (this.trues + this.falses === 0) return null;
    return this.all ? this.falses === 0 : this.trues > 0;
  }
  snapshot(): unknown {
    return [this.trues, this.falses];
  }
  restore(s: unknown): void {
    [this.trues, this.falses] = s as [number, number];
  }
}

// ------------------------------------------------------------------ DISTINCT

/** Feeds the inner accumulator each distinct value once; retractable via counts. */
class DistinctAcc implements Accumulator {
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

function createPlain(name: string, argType: SqlType): Accumulator {
  switch (name) {
    case 'COUNT':
      return new CountAcc();
    case 'SUM':
      return new SumAcc(argType);
    case 'AVG':
      return new AvgAcc(argType);
    case 'MIN':
      return new ExtremeAcc(-1);
    case 'MAX':
      return new ExtremeAcc(1);
    case 'FIRST':
      return new FirstLastAcc(false);
    case 'LAST':
      return new FirstLastAcc(true);
    case 'MEDIAN':
      return new ValuesAcc('median');
    case 'ARRAY_AGG':
      return new ValuesAcc('array');
    case 'STDDEV':
    case 'STDDEV_SAMP':
      return new VarianceAcc(false, true);
    case 'STDDEV_POP':
      return new VarianceAcc(true, true);
    case 'VARIANCE':
    case 'VAR_SAMP':
      return new VarianceAcc(false, false);
    case 'VAR_POP':
      return new VarianceAcc(true, false);
    case 'BOOL_AND':
      return new BoolAcc(true);
    case 'BOOL_OR':
      return new BoolAcc(false);
  }
  const multi = createMultiAccumulator(name);
  if (multi) return multi;
  throw new Error(`unknown aggregate function ${name}`);
}

/**
 * When merging partial accumulators of this function gives exactly the result of one
 * accumulator over the same values in any arrival order:
 * - `'always'`: COUNT, COUNT DISTINCT, BOOL_AND/OR;
 * - `'exact'`: while every value is an INTEGER or DECIMAL (SUM, AVG, STDDEV/VARIANCE; a FLOAT
 *   sum rounds differently when its additions are grouped differently);
 * - `'plain'`: while every value is an INTEGER or a string (MIN/MAX and the DISTINCT forms keep
 *   the first of several equal values, and 1 and 1.0 are equal but print differently);
 * - `null`: never (FIRST/LAST, MEDIAN, ARRAY_AGG depend on arrival order).
 * NULL values never matter.
 */
export function mergeCondition(
  name: string,
  distinct: boolean,
): 'always' | 'exact' | 'plain' | null {
  const n = canonical(name);
  if (n === 'COUNT') return 'always';
  if (n === 'BOOL_AND' || n === 'BOOL_OR') return 'always';
  if (n === 'MIN' || n === 'MAX') return 'plain';
  if (n === 'SUM' || n === 'AVG' || n.startsWith('STDDEV') || n.startsWith('VAR'))
    return distinct ? 'plain' : 'exact';
  return null;
}

/** A factory for one aggregate's accumulators, with the name resolved once. */
export function accumulatorFactory(
  name: string,
  argType: SqlType,
  distinct: boolean,
): () => Accumulator {
  const n = canonical(name);
  const plain = () => createPlain(n, argType);
  if (!distinct) return plain;
  return () => new DistinctAcc(plain(), plain);
}

export function createAccumulator(name: string, argType: SqlType, distinct: boolean): Accumulator {
  const n = canonical(name);
  if (!distinct) return createPlain(n, argType);
  const fresh = () => createPlain(n, argType);
  return new DistinctAcc(fresh(), fresh);
}
