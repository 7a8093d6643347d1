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
import type { SqlType } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';
import { BoolAcc } from './aggregates-bool.ts';
import { DistinctAcc } from './aggregates-distinct.ts';
import { createMultiAccumulator, MULTI_RETURN_TYPES } from './aggregates-multi.ts';
import { ExtremeAcc, FirstLastAcc } from './aggregates-order.ts';
import { type AggregateOrder, OrderedAcc } from './aggregates-ordered.ts';
import { AvgAcc, CountAcc, SumAcc } from './aggregates-sum.ts';
import { ValuesAcc } from './aggregates-values.ts';
import { VarianceAcc } from './aggregates-variance.ts';

export type { Accumulator } from './accumulator.ts';
export type { AggregateOrder } from './aggregates-ordered.ts';

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
 * - `null`: never (FIRST/LAST, MEDIAN, ARRAY_AGG depend on arrival order; ordered aggregates).
 * NULL values never matter.
 */
export function mergeCondition(
  name: string,
  distinct: boolean,
  ordered = false,
): 'always' | 'exact' | 'plain' | null {
  // An ordered aggregate's values arrive packed with their sort keys: never merged in panes.
  if (ordered) return null;
  const n = canonical(name);
  if (n === 'COUNT') return 'always';
  if (n === 'BOOL_AND' || n === 'BOOL_OR') return 'always';
  if (n === 'MIN' || n === 'MAX') return 'plain';
  if (n === 'SUM' || n === 'AVG' || n.startsWith('STDDEV') || n.startsWith('VAR'))
    return distinct ? 'plain' : 'exact';
  return null;
}

/**
 * A factory for one aggregate's accumulators, with the name resolved once. With `order`
 * (`ARRAY_AGG(x ORDER BY y)`) the argument arrives packed with its sort keys.
 */
export function accumulatorFactory(
  name: string,
  argType: SqlType,
  distinct: boolean,
  order?: AggregateOrder[],
): () => Accumulator {
  const n = canonical(name);
  const plain = () => createPlain(n, argType);
  const unordered = distinct ? () => new DistinctAcc(plain(), plain) : plain;
  if (!order || order.length === 0) return unordered;
  return () => new OrderedAcc(order, unordered);
}

export function createAccumulator(
  name: string,
  argType: SqlType,
  distinct: boolean,
  order?: AggregateOrder[],
): Accumulator {
  return accumulatorFactory(name, argType, distinct, order)();
}
