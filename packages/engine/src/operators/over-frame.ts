/** Frame arithmetic of window functions: offsets, frame bounds and ORDER BY comparisons. */
import { compareValues } from '../types/compare.ts';
import { isDecimal } from '../types/decimal.ts';
import { Timestamp, type Value } from '../types/value.ts';
import type { FrameBound } from './over-window.ts';

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
