/**
 * The full sort of ORDER BY, decorate-sort-undecorate: each key is read out of the rows once into
 * a column; a column of exact small numbers (INTEGERs, DECIMALs, FLOATs whose order a double
 * keeps) becomes a Float64Array. When every key is numeric or text, each row's keys become ranks
 * packed with the row index into one double and the doubles are sorted natively; otherwise an
 * index array is sorted with comparators specialised per column. Ties fall back to the index:
 * stable, as Velo's ORDER BY promises (ties keep arrival order).
 */
import type { SortKey } from '../plan/program.ts';
import { compareStrings, compareValues } from '../types/compare.ts';
import { Decimal } from '../types/decimal.ts';
import type { EngineRecord, Value } from '../types/value.ts';

type IndexCompare = (i: number, j: number) => number;

/** Rows sorted by the keys: NULLs first or last as asked, whatever the direction. */
export function sortRows(rows: EngineRecord[], keys: SortKey[]): EngineRecord[] {
  const n = rows.length;
  if (n < 2) return rows.slice();
  const columns = keys.map((k) => readColumn(rows, k.field));
  const order = rankedOrder(columns, keys, n) ?? comparedOrder(columns, keys, n);
  const out = new Array<EngineRecord>(n);
  for (let i = 0; i < n; i++) out[i] = rows[order[i]];
  return out;
}

function readColumn(rows: EngineRecord[], field: string): Value[] {
  const values = new Array<Value>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = rows[i].fields[field] ?? null;
  return values;
}

/**
 * The fast path: every key is replaced by its rank among the key's values (direction and NULL
 * placement folded in), then the rows are ordered by one stable counting sort per key, last key
 * first (LSD radix): O(n + ranks) per key, no comparator calls, ties keep the row order. Null
 * when a key is neither numeric nor text.
 */
function rankedOrder(columns: Value[][], keys: SortKey[], n: number): Uint32Array | null {
  const ranks: { rank: Float64Array; count: number }[] = [];
  for (let k = 0; k < keys.length; k++) {
    const r = rankColumn(columns[k], keys[k]);
    if (!r) return null;
    ranks.push(r);
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  for (let k = ranks.length - 1; k >= 0; k--) {
    const { rank, count } = ranks[k];
    const starts = new Uint32Array(count + 1);
    for (let i = 0; i < n; i++) starts[rank[i] + 1]++;
    for (let r = 1; r <= count; r++) starts[r] += starts[r - 1];
    for (let j = 0; j < n; j++) {
      const i = order[j];
      next[starts[rank[i]]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Dense ranks 0… of the values in ascending order (NULL rows, if any, get rank 0). */
function denseRanks(
  column: Float64Array,
  nulls: Uint8Array | null,
): { rank: Float64Array; count: number } {
  const n = column.length;
  const packed = integerRanks(column, nulls);
  if (packed) return packed;
  const sorted = nulls ? column.filter((_, i) => nulls[i] === 0) : column.slice();
  sorted.sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (distinct === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
  }
  const rank = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (nulls?.[i]) continue;
    const x = column[i];
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  return { rank, count: distinct };
}

/**
 * Ranks of a column of integers spanning few values for its size: the value minus the smallest
 * (not dense, but a counting sort needs only the order). Null otherwise.
 */
function offsetRanks(
  column: Float64Array,
  nulls: Uint8Array | null,
): { rank: Float64Array; count: number } | null {
  const n = column.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (nulls?.[i]) continue;
    const v = column[i];
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { rank: new Float64Array(n), count: 0 };
  if (max - min >= 2 * n + 1024) return null;
  const rank = new Float64Array(n);
  for (let i = 0; i < n; i++) if (!nulls?.[i]) rank[i] = column[i] - min;
  return { rank, count: max - min + 1 };
}

/**
 * Dense ranks of a column of integers whose range times the row count stays under 2^53: each
 * value is packed with its row index into one double, the doubles sorted natively and ranks
 * handed out in one pass (no binary searches). Null otherwise.
 */
function integerRanks(
  column: Float64Array,
  nulls: Uint8Array | null,
): { rank: Float64Array; count: number } | null {
  const n = column.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (nulls?.[i]) continue;
    const v = column[i];
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { rank: new Float64Array(n), count: 0 };
  if ((max - min + 1) * n >= SAFE) return null;
  const packed = new Float64Array(nulls ? n - countNulls(nulls) : n);
  let m = 0;
  for (let i = 0; i < n; i++) if (!nulls?.[i]) packed[m++] = (column[i] - min) * n + i;
  packed.sort();
  const rank = new Float64Array(n);
  let count = 0;
  let previous = -1;
  for (let k = 0; k < m; k++) {
    const p = packed[k];
    const value = Math.floor(p / n);
    if (value !== previous) {
      count++;
      previous = value;
    }
    rank[p - value * n] = count - 1;
  }
  return { rank, count };
}

function countNulls(nulls: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < nulls.length; i++) c += nulls[i];
  return c;
}

/** Ranks 0… of a numeric or text column in the key's order; null for other values. */
function rankColumn(values: Value[], key: SortKey): { rank: Float64Array; count: number } | null {
  const n = values.length;
  let rank: Float64Array;
  let distinct: number;
  let hasNull = false;
  const numbers = numericColumn(values);
  if (numbers) {
    const r =
      offsetRanks(numbers.column, numbers.nulls) ?? denseRanks(numbers.column, numbers.nulls);
    rank = r.rank;
    distinct = r.count;
    hasNull = numbers.nulls !== null;
  } else {
    const positions = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null) hasNull = true;
      else if (typeof v === 'string') positions.set(v, 0);
      else return null;
    }
    const sorted = [...positions.keys()].sort(compareStrings);
    distinct = sorted.length;
    for (let i = 0; i < distinct; i++) positions.set(sorted[i], i);
    rank = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null) rank[i] = positions.get(v as string) as number;
    }
  }
  // Fold in the direction, then make room for NULL at the front or the back.
  const shift = hasNull && key.nullsFirst ? 1 : 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === null) rank[i] = key.nullsFirst ? 0 : distinct;
    else rank[i] = (key.desc ? distinct - 1 - rank[i] : rank[i]) + shift;
  }
  return { rank, count: distinct + (hasNull ? 1 : 0) };
}

/** The general path: an index array sorted with one comparator per key (ties by index). */
function comparedOrder(columns: Value[][], keys: SortKey[], n: number): Uint32Array {
  const compares = keys.map((k, i) => keyCompare(columns[i], k));
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  index.sort((i, j) => {
    for (let k = 0; k < compares.length; k++) {
      const c = compares[k](i, j);
      if (c !== 0) return c;
    }
    return i - j;
  });
  return index;
}

const SAFE = 2 ** 53;
const SAFE_BIG = BigInt(SAFE);

/** One key as an index comparator over a column read once from the rows. */
function keyCompare(values: Value[], key: SortKey): IndexCompare {
  const sign = key.desc ? -1 : 1;
  // NULL against a value: -1 puts the NULL first.
  const nullSide = key.nullsFirst ? -1 : 1;
  const numbers = numericColumn(values);
  if (numbers) {
    const { column, nulls } = numbers;
    if (!nulls) return (i, j) => sign * (column[i] - column[j]) || 0;
    return (i, j) => {
      const a = nulls[i];
      const b = nulls[j];
      if (a | b) return a === b ? 0 : a ? nullSide : -nullSide;
      return sign * (column[i] - column[j]) || 0;
    };
  }
  if (values.every((v) => v === null || typeof v === 'string')) {
    const strings = values as (string | null)[];
    return (i, j) => {
      const x = strings[i];
      const y = strings[j];
      if (x === null || y === null) return x === y ? 0 : x === null ? nullSide : -nullSide;
      return x === y ? 0 : sign * compareStrings(x, y);
    };
  }
  return (i, j) => {
    const x = values[i];
    const y = values[j];
    if (x === null || y === null) return x === y ? 0 : x === null ? nullSide : -nullSide;
    return sign * compareValues(x, y);
  };
}

/**
 * The column as doubles when that keeps its order exactly: INTEGERs within ±2^53, FLOATs
 * (no NaN), and DECIMALs scaled to the column's largest scale as integers within ±2^53 (then
 * every value is scaled, INTEGERs too; FLOATs mixed with DECIMALs are left to compareValues).
 */
function numericColumn(values: Value[]): { column: Float64Array; nulls: Uint8Array | null } | null {
  const n = values.length;
  let scale = 0;
  let floats = false;
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) hasNull = true;
    else if (typeof v === 'bigint') {
      if (v >= SAFE_BIG || v <= -SAFE_BIG) return null;
    } else if (typeof v === 'number') {
      if (Number.isNaN(v)) return null;
      floats = true;
    } else if (v instanceof Decimal) {
      if (v.scale > scale) scale = v.scale;
    } else return null;
  }
  if (floats && scale > 0) return null;
  const column = new Float64Array(n);
  const nulls = hasNull ? new Uint8Array(n) : null;
  const factor = 10n ** BigInt(scale);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) {
      (nulls as Uint8Array)[i] = 1;
    } else if (typeof v === 'number') {
      column[i] = v;
    } else if (scale === 0 && typeof v === 'bigint') {
      column[i] = Number(v);
    } else {
      const scaled =
        typeof v === 'bigint'
          ? v * factor
          : (v as Decimal).unscaled * 10n ** BigInt(scale - (v as Decimal).scale);
      if (scaled >= SAFE_BIG || scaled <= -SAFE_BIG) return null;
      column[i] = Number(scaled);
    }
  }
  return { column, nulls };
}
