/**
 * Exact DECIMAL: value = unscaled × 10^-scale, scale ≥ 0. Immutable.
 * Scale rules (DESIGN §3): + - keep max(s1, s2); * gives s1 + s2; / gives max(s1, s2, 6)
 * rounded half-even; ROUND(x, n) rounds half away from zero to scale n.
 */
import { DivisionByZeroError, EvaluationError } from './errors.ts';

export type RoundingMode = 'half-even' | 'half-up' | 'down' | 'floor' | 'ceil';

const POW10: bigint[] = [1n];
/** 10^n as bigint (cached). */
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p !== undefined) return p;
  for (let i = POW10.length; i <= n; i++) POW10[i] = POW10[i - 1] * 10n;
  p = POW10[n];
  return p;
}

/** n / d rounded by `mode`; d must be > 0. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  switch (mode) {
    case 'down':
      return q;
    case 'floor':
      return n < 0n ? q - 1n : q;
    case 'ceil':
      return n > 0n ? q + 1n : q;
    case 'half-up': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice >= d) return n < 0n ? q - 1n : q + 1n;
      return q;
    }
    case 'half-even': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > d || (twice === d && (q & 1n) !== 0n)) return n < 0n ? q - 1n : q + 1n;
      return q;
    }
  }
}

/**
 * Fast path of Decimal.parse for the common shape `-?digits(.digits)?` with at most 15 digits
 * (exact as a double); undefined for anything else.
 */
function parsePlain(text: string): Decimal | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i = 1;
  }
  let acc = 0;
  let digits = 0;
  let point = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      acc = acc * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0) {
      point = i;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15) return undefined;
  const scale = point < 0 ? 0 : n - point - 1;
  return new Decimal(BigInt(negative ? -acc : acc), scale);
}

const DECIMAL_RE = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;
const MAX_SAFE = 9007199254740991n;

export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /** Exact parse keeping the written scale: "120.50" -> scale 2; "1.5e3" -> 1500 (scale 0). */
  static parse(text: string): Decimal {
    const fast = parsePlain(text);
    if (fast !== undefined) return fast;
    const m = DECIMAL_RE.exec(text);
    if (m === null) throw new EvaluationError(`cannot parse '${text}' as DECIMAL`);
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    if (intPart.length === 0 && fracPart.length === 0) {
      throw new EvaluationError(`cannot parse '${text}' as DECIMAL`);
    }
    let unscaled = BigInt(intPart + fracPart || '0');
    if (m[1] === '-') unscaled = -unscaled;
    let scale = fracPart.length;
    if (m[4] !== undefined) {
      scale -= Number(m[4]);
      if (scale < 0) {
        unscaled *= pow10(-scale);
        scale = 0;
      }
    }
    return new Decimal(unscaled, scale);
  }

  static fromBigInt(v: bigint): Decimal {
    return new Decimal(v, 0);
  }

  /** From a double via its shortest round-trip text (0.1 -> 0.1, not the binary expansion). */
  static fromNumber(n: number): Decimal {
    if (!Number.isFinite(n)) throw new EvaluationError(`cannot convert ${n} to DECIMAL`);
    if (Number.isSafeInteger(n)) return new Decimal(BigInt(n), 0);
    return Decimal.parse(String(n));
  }

  /** Exact value of a double (its full binary expansion), used for exact comparisons. */
  static exactFromNumber(n: number): Decimal {
    if (!Number.isFinite(n)) throw new EvaluationError(`cannot convert ${n} to DECIMAL`);
    if (Number.isInteger(n)) return new Decimal(BigInt(n), 0);
    // n = m / 2^k with integer m; m / 2^k = m * 5^k / 10^k.
    let k = 0;
    let m = n;
    while (!Number.isInteger(m)) {
      m *= 2;
      k++;
    }
    return new Decimal(BigInt(m) * 5n ** BigInt(k), k).normalize();
  }

  get isNegative(): boolean {
    return this.unscaled < 0n;
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }

  toString(): string {
    const u = this.unscaled;
    const neg = u < 0n;
    let digits = (neg ? -u : u).toString();
    const s = this.scale;
    if (s === 0) return neg ? `-${digits}` : digits;
    if (digits.length <= s) digits = '0'.repeat(s - digits.length + 1) + digits;
    const cut = digits.length - s;
    const text = `${digits.slice(0, cut)}.${digits.slice(cut)}`;
    return neg ? `-${text}` : text;
  }

  toJSON(): string {
    return this.toString();
  }

  toNumber(): number {
    const u = this.unscaled;
    if (this.scale === 0) return Number(u);
    if (this.scale <= 22 && u <= MAX_SAFE && u >= -MAX_SAFE) {
      // Both operands are exact doubles, so the quotient is correctly rounded.
      return Number(u) / 10 ** this.scale;
    }
    return Number(this.toString());
  }

  /** Unscaled value at a scale ≥ this.scale (exact). */
  private at(scale: number): bigint {
    return scale === this.scale ? this.unscaled : this.unscaled * pow10(scale - this.scale);
  }

  add(o: Decimal): Decimal {
    if (this.scale === o.scale) return new Decimal(this.unscaled + o.unscaled, this.scale);
    const s = this.scale > o.scale ? this.scale : o.scale;
    return new Decimal(this.at(s) + o.at(s), s);
  }

  sub(o: Decimal): Decimal {
    if (this.scale === o.scale) return new Decimal(this.unscaled - o.unscaled, this.scale);
    const s = this.scale > o.scale ? this.scale : o.scale;
    return new Decimal(this.at(s) - o.at(s), s);
  }

  mul(o: Decimal): Decimal {
    return new Decimal(this.unscaled * o.unscaled, this.scale + o.scale);
  }

  /** Scale max(s1, s2, minScale), rounded half-even. Throws DivisionByZeroError. */
  div(o: Decimal, minScale = 6): Decimal {
    if (o.unscaled === 0n) throw new DivisionByZeroError();
    let s = this.scale > o.scale ? this.scale : o.scale;
    if (minScale > s) s = minScale;
    // (u1 / 10^s1) / (u2 / 10^s2) * 10^s = u1 * 10^(s + s2 - s1) / u2
    let n = this.unscaled * pow10(s + o.scale - this.scale);
    let d = o.unscaled;
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    return new Decimal(divRound(n, d, 'half-even'), s);
  }

  /** Remainder with the sign of the dividend (Postgres/DuckDB), scale max(s1, s2). */
  mod(o: Decimal): Decimal {
    if (o.unscaled === 0n) throw new DivisionByZeroError();
    const s = this.scale > o.scale ? this.scale : o.scale;
    return new Decimal(this.at(s) % o.at(s), s);
  }

  compare(o: Decimal): -1 | 0 | 1 {
    let a: bigint;
    let b: bigint;
    if (this.scale === o.scale) {
      a = this.unscaled;
      b = o.unscaled;
    } else {
      const s = this.scale > o.scale ? this.scale : o.scale;
      a = this.at(s);
      b = o.at(s);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(o: Decimal): boolean {
    return this.compare(o) === 0;
  }

  neg(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  abs(): Decimal {
    return this.unscaled < 0n ? new Decimal(-this.unscaled, this.scale) : this;
  }

  /** Change the scale; rounding with `mode` when the scale shrinks. */
  rescale(scale: number, mode: RoundingMode = 'half-even'): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.at(scale), scale);
    return new Decimal(divRound(this.unscaled, pow10(this.scale - scale), mode), scale);
  }

  /** ROUND(x, n): half away from zero to scale n; n < 0 rounds to tens/hundreds, scale 0. */
  round(n = 0): Decimal {
    if (n >= 0) return this.rescale(n, 'half-up');
    const unit = pow10(-n);
    const q = divRound(this.unscaled, pow10(this.scale) * unit, 'half-up');
    return new Decimal(q * unit, 0);
  }

  /** TRUNC(x, n): toward zero to scale n; n < 0 truncates to tens/hundreds, scale 0 (as ROUND). */
  trunc(n = 0): Decimal {
    if (n < 0) {
      const unit = pow10(-n);
      const q = divRound(this.unscaled, pow10(this.scale) * unit, 'down');
      return new Decimal(q * unit, 0);
    }
    return n >= this.scale ? this.rescale(n) : this.rescale(n, 'down');
  }

  floor(): Decimal {
    return this.scale === 0 ? this : this.rescale(0, 'floor');
  }

  ceil(): Decimal {
    return this.scale === 0 ? this : this.rescale(0, 'ceil');
  }

  /** Same value with trailing fractional zeros removed (1.500 -> 1.5, 2.00 -> 2). */
  normalize(): Decimal {
    let u = this.unscaled;
    let s = this.scale;
    if (s === 0 || u === 0n) return s === 0 ? this : new Decimal(0n, 0);
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return s === this.scale ? this : new Decimal(u, s);
  }

  /** Number of significant digits of the unscaled value (precision). */
  precision(): number {
    const u = this.unscaled;
    return (u < 0n ? -u : u).toString().length;
  }
}

export function isDecimal(v: unknown): v is Decimal {
  return v instanceof Decimal;
}
