/**
 * Arithmetic over Values with the rules of DESIGN §3:
 *   INTEGER op INTEGER -> INTEGER (bigint; `/` truncates toward zero like Postgres)
 *   DECIMAL op INTEGER|DECIMAL -> DECIMAL (+ - scale max, * scale s1+s2, / scale max(s1,s2,6) half-even)
 *   anything with FLOAT -> FLOAT
 *   NULL op x -> NULL
 *   TIMESTAMP ± INTEGER (milliseconds, how intervals evaluate) -> TIMESTAMP,
 *   TIMESTAMP - TIMESTAMP -> INTEGER (milliseconds)
 * Division or modulo by zero throws DivisionByZeroError ('division by zero'); INTEGER results
 * outside 64 bits throw 'integer out of range' (SUM and DECIMAL stay unbounded and exact).
 */
import { typeOfValue } from './cast.ts';
import { Decimal } from './decimal.ts';
import { DivisionByZeroError, EvaluationError } from './errors.ts';
import { type SqlType, Timestamp, type Value } from './value.ts';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

const NUMERIC_RANK: Partial<Record<SqlType, number>> = { INTEGER: 1, DECIMAL: 2, FLOAT: 3 };

/** Static result type of `t1 op t2`, or an error message for the analyzer. */
export function binaryResultType(
  op: ArithmeticOp,
  t1: SqlType,
  t2: SqlType,
): SqlType | { error: string } {
  if (t1 === 'ANY' || t2 === 'ANY') {
    if (t1 === 'TIMESTAMP' || t2 === 'TIMESTAMP') return 'ANY';
    const other = t1 === 'ANY' ? t2 : t1;
    if (other !== 'ANY' && other !== 'NULL' && NUMERIC_RANK[other] === undefined) {
      return { error: operatorError(op, t1, t2) };
    }
    return 'ANY';
  }
  if (t1 === 'TIMESTAMP' || t2 === 'TIMESTAMP') {
    if (
      op === '+' &&
      ((t1 === 'TIMESTAMP' && t2 === 'INTEGER') || (t1 === 'INTEGER' && t2 === 'TIMESTAMP'))
    ) {
      return 'TIMESTAMP';
    }
    if (op === '-' && t1 === 'TIMESTAMP' && t2 === 'INTEGER') return 'TIMESTAMP';
    if (op === '-' && t1 === 'TIMESTAMP' && t2 === 'TIMESTAMP') return 'INTEGER';
    if ((op === '+' || op === '-') && (t1 === 'NULL' || t2 === 'NULL')) return 'TIMESTAMP';
    return { error: operatorError(op, t1, t2) };
  }
  if (t1 === 'NULL' && t2 === 'NULL') return 'NULL';
  const r1 = t1 === 'NULL' ? 0 : NUMERIC_RANK[t1];
  const r2 = t2 === 'NULL' ? 0 : NUMERIC_RANK[t2];
  if (r1 === undefined || r2 === undefined) return { error: operatorError(op, t1, t2) };
  if (t1 === 'NULL') return t2;
  if (t2 === 'NULL') return t1;
  return r1 >= r2 ? t1 : t2;
}

export function operatorError(op: string, t1: SqlType | string, t2: SqlType | string): string {
  return `operator ${op} cannot be applied to ${t1} and ${t2}`;
}

function fail(op: ArithmeticOp, a: Value, b: Value): never {
  throw new EvaluationError(operatorError(op, typeOfValue(a), typeOfValue(b)));
}

function toFloat(v: Value, op: ArithmeticOp, a: Value, b: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Decimal) return v.toNumber();
  return fail(op, a, b);
}

function toDecimal(v: Value, op: ArithmeticOp, a: Value, b: Value): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return new Decimal(v, 0);
  return fail(op, a, b);
}

function floatOp(op: ArithmeticOp, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw new DivisionByZeroError();
      return x / y;
    case '%':
      if (y === 0) throw new DivisionByZeroError();
      return x % y;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** INTEGER is 64-bit (DESIGN §3): results outside the range fail like Postgres' bigint. */
function checked(v: bigint): bigint {
  if (v > INT64_MAX || v < INT64_MIN) throw new EvaluationError('integer out of range');
  return v;
}

function intOp(op: ArithmeticOp, x: bigint, y: bigint): bigint {
  switch (op) {
    case '+':
      return checked(x + y);
    case '-':
      return checked(x - y);
    case '*':
      return checked(x * y);
    case '/':
      if (y === 0n) throw new DivisionByZeroError();
      return checked(x / y);
    case '%':
      if (y === 0n) throw new DivisionByZeroError();
      return x % y;
  }
}

function decimalOp(op: ArithmeticOp, x: Decimal, y: Decimal): Decimal {
  switch (op) {
    case '+':
      return x.add(y);
    case '-':
      return x.sub(y);
    case '*':
      return x.mul(y);
    case '/':
      return x.div(y);
    case '%':
      return x.mod(y);
  }
}

/** Evaluate `a op b` over runtime values. */
export function arithmetic(op: ArithmeticOp, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'bigint' && tb === 'bigint') return intOp(op, a as bigint, b as bigint);
  if (ta === 'number' || tb === 'number') {
    if (a instanceof Timestamp || b instanceof Timestamp) return fail(op, a, b);
    return floatOp(op, toFloat(a, op, a, b), toFloat(b, op, a, b));
  }
  if (a instanceof Decimal || b instanceof Decimal) {
    // INTEGER × DECIMAL (e.g. Nexmark q1 `price * 0.908`) without an intermediate Decimal
    if (op === '*') {
      if (ta === 'bigint')
        return new Decimal((a as bigint) * (b as Decimal).unscaled, (b as Decimal).scale);
      if (tb === 'bigint')
        return new Decimal((a as Decimal).unscaled * (b as bigint), (a as Decimal).scale);
    }
    return decimalOp(op, toDecimal(a, op, a, b), toDecimal(b, op, a, b));
  }
  if (a instanceof Timestamp) {
    if (tb === 'bigint') {
      if (op === '+') return new Timestamp(a.ms + Number(b));
      if (op === '-') return new Timestamp(a.ms - Number(b));
    }
    if (b instanceof Timestamp && op === '-') return BigInt(a.ms - b.ms);
  } else if (b instanceof Timestamp && ta === 'bigint' && op === '+') {
    return new Timestamp(b.ms + Number(a));
  }
  return fail(op, a, b);
}

export function add(a: Value, b: Value): Value {
  return arithmetic('+', a, b);
}
export function sub(a: Value, b: Value): Value {
  return arithmetic('-', a, b);
}
export function mul(a: Value, b: Value): Value {
  return arithmetic('*', a, b);
}
export function div(a: Value, b: Value): Value {
  return arithmetic('/', a, b);
}
export function mod(a: Value, b: Value): Value {
  return arithmetic('%', a, b);
}

export function neg(a: Value): Value {
  if (a === null) return null;
  if (typeof a === 'bigint') return checked(-a);
  if (typeof a === 'number') return -a;
  if (a instanceof Decimal) return a.neg();
  throw new EvaluationError(`operator - cannot be applied to ${typeOfValue(a)}`);
}

export function negResultType(t: SqlType): SqlType | { error: string } {
  if (t === 'INTEGER' || t === 'DECIMAL' || t === 'FLOAT' || t === 'NULL' || t === 'ANY') return t;
  return { error: `operator - cannot be applied to ${t}` };
}
