/**
 * Static DECIMAL(p,s) types, for editors and `describe`. Values carry their own scale at run
 * time (types/decimal.ts); these rules say which scale and how many digits a column or an
 * expression can have. Scales follow the evaluation rules of DESIGN §3 exactly; DESIGN says
 * nothing about precision, so results follow SQL Server's rules (docs/sql.md, "DECIMAL
 * precision"), capped at MAX_DECIMAL_PRECISION.
 */
import { Decimal } from './decimal.ts';

/** What is known of a DECIMAL column or expression: its scale, and its precision when known. */
export interface DecimalType {
  scale: number;
  precision?: number;
}

/**
 * The largest precision a derived type states (SQL Server's and most warehouses' maximum; the
 * precision the PostgreSQL sink creates columns with). Values are exact beyond it: a derived
 * DECIMAL(38,s) means "up to 38 digits or more", never an overflow.
 */
export const MAX_DECIMAL_PRECISION = 38;

/** INTEGER (64-bit) as a DECIMAL operand: 19 digits, scale 0. */
export const INTEGER_AS_DECIMAL: DecimalType = { precision: 19, scale: 0 };

function capped(precision: number | undefined, scale: number): DecimalType {
  if (precision === undefined) return { scale };
  return { precision: Math.min(Math.max(precision, scale, 1), MAX_DECIMAL_PRECISION), scale };
}

/** Digits before the point that a type allows (undefined when the precision is unknown). */
function integerDigits(t: DecimalType): number | undefined {
  return t.precision === undefined ? undefined : t.precision - t.scale;
}

/** A literal as written: `100.00` is DECIMAL(5,2), `.5` DECIMAL(1,1). */
export function decimalLiteralType(text: string): DecimalType {
  const d = Decimal.parse(text);
  return capped(d.precision(), d.scale);
}

/**
 * `a op b` with both operands DECIMAL or INTEGER (INTEGER_AS_DECIMAL):
 * - `+ -`: scale max(s1, s2); precision max(p1 − s1, p2 − s2) + scale + 1 (a carry).
 * - `*`: scale s1 + s2; precision p1 + p2 + 1.
 * - `/`: scale max(s1, s2, 6) (the engine's division rule); precision p1 − s1 + s2 + scale
 *   (the largest quotient divides by the smallest non-zero divisor, 10^−s2).
 * - `%`: scale max(s1, s2); precision min(p1 − s1, p2 − s2) + scale.
 */
export function decimalBinaryType(op: string, a: DecimalType, b: DecimalType): DecimalType {
  const ia = integerDigits(a);
  const ib = integerDigits(b);
  const known = ia !== undefined && ib !== undefined;
  switch (op) {
    case '+':
    case '-': {
      const scale = Math.max(a.scale, b.scale);
      return capped(known ? Math.max(ia, ib) + scale + 1 : undefined, scale);
    }
    case '*': {
      const scale = a.scale + b.scale;
      return capped(
        known ? (a.precision as number) + (b.precision as number) + 1 : undefined,
        scale,
      );
    }
    case '/': {
      const scale = Math.max(a.scale, b.scale, 6);
      return capped(ia !== undefined ? ia + b.scale + scale : undefined, scale);
    }
    default: {
      const scale = Math.max(a.scale, b.scale);
      return capped(known ? Math.min(ia, ib) + scale : undefined, scale);
    }
  }
}

/** SUM keeps the scale; a running sum over a stream is unbounded, so 38 digits (SQL Server). */
export function decimalSumType(a: DecimalType): DecimalType {
  return { precision: MAX_DECIMAL_PRECISION, scale: a.scale };
}

/** AVG = SUM / COUNT under the division rule: scale max(s, 6), 38 digits (SQL Server). */
export function decimalAvgType(a: DecimalType): DecimalType {
  return { precision: MAX_DECIMAL_PRECISION, scale: Math.max(a.scale, 6) };
}

/**
 * ROUND(x, n) / TRUNC(x, n): scale n (0 for n < 0), one more integer digit for ROUND's carry
 * (9.99 → 10.0). FLOOR / CEIL: scale 0 and a carry (−9.5 → −10).
 */
export function decimalRoundType(a: DecimalType, n: number, carry: boolean): DecimalType {
  const scale = Math.max(n, 0);
  const ia = integerDigits(a);
  return capped(ia === undefined ? undefined : ia + scale + (carry ? 1 : 0), scale);
}

/** The type covering both (CASE branches, COALESCE, …): most integer digits, largest scale. */
export function decimalUnionType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const ia = integerDigits(a);
  const ib = integerDigits(b);
  return capped(ia !== undefined && ib !== undefined ? Math.max(ia, ib) + scale : undefined, scale);
}

/** `DECIMAL(p,s)`, or `DECIMAL(scale s)` while the precision is unknown. */
export function decimalTypeText(t: DecimalType): string {
  return t.precision === undefined
    ? `DECIMAL(scale ${t.scale})`
    : `DECIMAL(${t.precision},${t.scale})`;
}
