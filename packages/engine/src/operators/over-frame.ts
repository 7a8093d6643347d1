/** Frame arithmetic of window functions: offsets, frame bounds and ORDER BY comparisons. */
import { compareValues } from '../types/compare.ts';
import { isDecimal } from '../types/decimal.ts';
import { Timestamp, type Value } from '../types/value.ts';
import type { FrameBound } from './over-types.ts';

export function leadOffset(args: Value[]): number {
  const off = args.length > 1 && args[1] !== null ? Number(args[1]) : 1;
  return Number.isFinite(off) ? off : 1;
}

export function boundRows(b: FrameBound, g: number, base: number, total: number): number {
  switch (b.type) {
    case 'unbounded_preceding':
      return base;
    case 'preceding':
      return g - b.offset;
    case 'current':
      return g;
    case 'following':
      return g + b.offset;
    default:
      return total - 1;
  }
}

export function compareOrder(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareValues(a, b);
}

/** Direction of one OVER (… ORDER BY …) key. */
export interface KeyDirection {
  desc: boolean;
  /** NULLS FIRST; default NULLS LAST under ASC and DESC. */
  nullsFirst: boolean;
}

/** Orders two rows' ORDER BY values key by key, each key with its own direction and NULLs. */
export function compareKeys(a: Value[], b: Value[], dirs: KeyDirection[]): number {
  for (let i = 0; i < dirs.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null) {
      if (x === y) continue;
      return (x === null) === dirs[i].nullsFirst ? -1 : 1;
    }
    const c = compareValues(x, y);
    if (c !== 0) return dirs[i].desc ? -c : c;
  }
  return 0;
}

/** Peers: rows equal on every ORDER BY key (all rows are peers without ORDER BY). */
export function samePeers(a: Value[], b: Value[]): boolean {
  for (let i = 0; i < a.length; i++) if (compareOrder(a[i], b[i]) !== 0) return false;
  return true;
}

/**
 * Position of a row along its first ORDER BY key, for RANGE offsets (which need exactly one
 * key): grows along the ordering, NULLs at the end they sort to, so a NULL row's offset frame
 * holds its NULL peers.
 */
export function rangePosition(dir: KeyDirection | undefined): (v: Value) => number {
  const nulls = dir?.nullsFirst ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (dir?.desc) return (v) => (v === null ? nulls : -toNum(v));
  return (v) => (v === null ? nulls : toNum(v));
}

/** Numeric view of an ORDER BY value for RANGE offsets (timestamps in ms). */
export function toNum(v: Value): number {
  if (v === null) return Number.NEGATIVE_INFINITY;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Timestamp) return v.ms;
  if (isDecimal(v)) return v.toNumber();
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? Number(v) : ms;
  }
  return Number.NaN;
}

/**
 * Functions whose value depends on the frame: aggregates and FIRST/LAST/NTH_VALUE (ranking
 * functions read peers and the partition, LAG/LEAD rows at an offset).
 */
export function frameDependent(name: string): boolean {
  return !FRAMELESS_FUNCTIONS.has(name.toUpperCase());
}

const FRAMELESS_FUNCTIONS = new Set([
  'ROW_NUMBER',
  'RANK',
  'DENSE_RANK',
  'PERCENT_RANK',
  'CUME_DIST',
  'NTILE',
  'LAG',
  'LEAD',
]);
