/**
 * Aggregates of two arguments and approximate aggregates: STRING_AGG / LISTAGG, COVAR_POP,
 * COVAR_SAMP, CORR, APPROX_COUNT_DISTINCT (HyperLogLog) and APPROX_PERCENTILE. A call with two
 * arguments reaches its accumulator as one array value `[x, y]` (built by AGG_ARGS below), so
 * the grouping, window and snapshot machinery stays single-argument; NULL handling is done here.
 */
import { compareValues, hashKey } from '../types/compare.ts';
import type { SqlType, Value } from '../types/value.ts';
import { decodeValue, encodeValue } from './aggregate-codec.ts';
import type { ScalarFunction } from './registry.ts';

export interface MultiAccumulator {
  add(v: Value): void;
  merge(other: MultiAccumulator): void;
  result(): Value;
  snapshot(): unknown;
  restore(s: unknown): void;
}

/** Argument counts; calls with more than one argument pass `[x, y]` through AGG_ARGS. */
export const MULTI_ARG_AGGREGATES: Record<string, { min: number; max: number }> = {
  STRING_AGG: { min: 1, max: 2 },
  LISTAGG: { min: 1, max: 2 },
  COVAR_POP: { min: 2, max: 2 },
  COVAR_SAMP: { min: 2, max: 2 },
  CORR: { min: 2, max: 2 },
  APPROX_COUNT_DISTINCT: { min: 1, max: 1 },
  APPROX_PERCENTILE: { min: 2, max: 2 },
};

export const MULTI_RETURN_TYPES: Record<string, (t: SqlType) => SqlType> = {
  STRING_AGG: () => 'STRING',
  LISTAGG: () => 'STRING',
  COVAR_POP: () => 'FLOAT',
  COVAR_SAMP: () => 'FLOAT',
  CORR: () => 'FLOAT',
  APPROX_COUNT_DISTINCT: () => 'INTEGER',
  APPROX_PERCENTILE: () => 'ANY',
};

/** The internal scalar that packs an aggregate's arguments: `AGG_ARGS(x, y)` → `[x, y]`. */
export const AGG_ARGS: ScalarFunction = {
  name: '$AGG_ARGS',
  minArgs: 1,
  maxArgs: Number.POSITIVE_INFINITY,
  returnType: () => 'JSON',
  evaluate: (args) => args.slice(),
};

const pair = (v: Value): Value[] => (Array.isArray(v) ? v : [v]);

const toNumber = (v: Value): number | null => {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const n = Number(String(v));
  return Number.isNaN(n) ? null : n;
};

/** STRING_AGG(x [, sep]) in arrival order; NULL values are skipped. */
class StringAggAcc implements MultiAccumulator {
  parts: string[] = [];
  sep: string;
  constructor(defaultSep: string) {
    this.sep = defaultSep;
  }
  add(v: Value): void {
    const [x, sep] = pair(v);
    if (x === null || x === undefined) return;
    if (sep !== undefined && sep !== null) this.sep = String(sep);
    this.parts.push(typeof x === 'string' ? x : String(x));
  }
  merge(other: MultiAccumulator): void {
    this.parts.push(...(other as StringAggAcc).parts);
  }
  result(): Value {
    return this.parts.length === 0 ? null : this.parts.join(this.sep);
  }
  snapshot(): unknown {
    return { p: this.parts, s: this.sep };
  }
  restore(s: unknown): void {
    const x = s as { p: string[]; s: string };
    this.parts = x.p;
    this.sep = x.s;
  }
}

/** Co-moments of (y, x) pairs where both are non-NULL (Welford, mergeable). */
class CovarAcc implements MultiAccumulator {
  n = 0;
  mx = 0;
  my = 0;
  c = 0;
  m2x = 0;
  m2y = 0;
  constructor(private readonly kind: 'pop' | 'samp' | 'corr') {}
  add(v: Value): void {
    const [yv, xv] = pair(v);
    const y = toNumber(yv ?? null);
    const x = toNumber(xv ?? null);
    if (x === null || y === null) return;
    this.n++;
    const dx = x - this.mx;
    this.mx += dx / this.n;
    const dy = y - this.my;
    this.my += dy / this.n;
    this.c += dx * (y - this.my);
    this.m2x += dx * (x - this.mx);
    this.m2y += dy * (y - this.my);
  }
  merge(other: MultiAccumulator): void {
    const o = other as CovarAcc;
    if (o.n === 0) return;
    const n = this.n + o.n;
    const dx = o.mx - this.mx;
    const dy = o.my - this.my;
    this.c += o.c + (dx * dy * this.n * o.n) / n;
    this.m2x += o.m2x + (dx * dx * this.n * o.n) / n;
    this.m2y += o.m2y + (dy * dy * this.n * o.n) / n;
    this.mx += (dx * o.n) / n;
    this.my += (dy * o.n) / n;
    this.n = n;
  }
  result(): Value {
    if (this.kind === 'pop') return this.n === 0 ? null : this.c / this.n;
    if (this.kind === 'samp') return this.n < 2 ? null : this.c / (this.n - 1);
    if (this.n === 0) return null;
    const d = Math.sqrt(this.m2x * this.m2y);
    return d === 0 ? null : this.c / d;
  }
  snapshot(): unknown {
    return [this.n, this.mx, this.my, this.c, this.m2x, this.m2y];
  }
  restore(s: unknown): void {
    [this.n, this.mx, this.my, this.c, this.m2x, this.m2y] = s as number[];
  }
}

/** 53-bit string hash (cyrb53): HyperLogLog needs well-spread bits. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const HLL_BITS = 12;
const HLL_M = 1 << HLL_BITS;

/**
 * HyperLogLog with 4,096 registers (standard error about 1.6%), linear counting for small
 * cardinalities (so a handful of values is counted exactly in practice). Equal values count
 * once, with GROUP BY's equality (1 and 1.0 are one value).
 */
class HyperLogLogAcc implements MultiAccumulator {
  registers = new Uint8Array(HLL_M);
  add(v: Value): void {
    if (v === null) return;
    const h = hash53(hashKey([v]));
    const index = h % HLL_M;
    let rest = Math.floor(h / HLL_M);
    let rank = 1;
    while ((rest & 1) === 0 && rank <= 53 - HLL_BITS) {
      rank++;
      rest = Math.floor(rest / 2);
    }
    if (rank > this.registers[index]) this.registers[index] = rank;
  }
  merge(other: MultiAccumulator): void {
    const o = (other as HyperLogLogAcc).registers;
    for (let i = 0; i < HLL_M; i++) if (o[i] > this.registers[i]) this.registers[i] = o[i];
  }
  result(): Value {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < HLL_M; i++) {
      sum += 2 ** -this.registers[i];
      if (this.registers[i] === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / HLL_M);
    let estimate = (alpha * HLL_M * HLL_M) / sum;
    if (estimate <= 2.5 * HLL_M && zeros > 0) estimate = HLL_M * Math.log(HLL_M / zeros);
    return BigInt(Math.round(estimate));
  }
  snapshot(): unknown {
    return Array.from(this.registers);
  }
  restore(s: unknown): void {
    this.registers = Uint8Array.from(s as number[]);
  }
}

/**
 * APPROX_PERCENTILE(x, p): the nearest-rank percentile (the smallest input value with at least
 * p of the values at or below it), an input value of the input's type. Kept exactly.
 */
class PercentileAcc implements MultiAccumulator {
  values: Value[] = [];
  p: number | null = null;
  add(v: Value): void {
    const [x, p] = pair(v);
    if (x === null || x === undefined) return;
    if (this.p === null && p !== null && p !== undefined) this.p = toNumber(p);
    this.values.push(x);
  }
  merge(other: MultiAccumulator): void {
    const o = other as PercentileAcc;
    this.values.push(...o.values);
    this.p ??= o.p;
  }
  result(): Value {
    if (this.values.length === 0 || this.p === null) return null;
    const sorted = [...this.values].sort(compareForSort);
    const p = Math.min(Math.max(this.p, 0), 1);
    const rank = Math.max(Math.ceil(p * sorted.length), 1);
    return sorted[rank - 1];
  }
  snapshot(): unknown {
    return { v: this.values.map(encodeValue), p: this.p };
  }
  restore(s: unknown): void {
    const x = s as { v: unknown[]; p: number | null };
    this.values = x.v.map(decodeValue);
    this.p = x.p;
  }
}

const compareForSort = (a: Value, b: Value) => compareValues(a, b);

export function createMultiAccumulator(name: string): MultiAccumulator | null {
  switch (name) {
    case 'STRING_AGG':
      return new StringAggAcc(',');
    case 'LISTAGG':
      return new StringAggAcc('');
    case 'COVAR_POP':
      return new CovarAcc('pop');
    case 'COVAR_SAMP':
      return new CovarAcc('samp');
    case 'CORR':
      return new CovarAcc('corr');
    case 'APPROX_COUNT_DISTINCT':
      return new HyperLogLogAcc();
    case 'APPROX_PERCENTILE':
      return new PercentileAcc();
  }
  return null;
}
