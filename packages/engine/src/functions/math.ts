/** Numeric scalar functions. NULL in -> NULL out. */
import { arithmetic } from '../types/arithmetic.ts';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import type { SqlType, Value } from '../types/value.ts';
import { anyNull, asFloat, asInt, asNumeric, checkArgs } from './args.ts';
import type { ScalarFunction } from './registry.ts';

function sameNumericType(name: string, args: SqlType[]): SqlType | { error: string } {
  return checkArgs(name, args, ['numeric', 'integer']) ?? (args[0] === 'NULL' ? 'NULL' : args[0]);
}

function floatResult(name: string, kinds: ('numeric' | 'integer')[]) {
  return (args: SqlType[]): SqlType | { error: string } => checkArgs(name, args, kinds) ?? 'FLOAT';
}

/** Round a double half away from zero to n digits, via its shortest decimal text. */
function roundFloat(x: number, n: number): number {
  if (!Number.isFinite(x)) return x;
  return Decimal.fromNumber(x).round(n).toNumber();
}

function roundInteger(x: bigint, n: number): bigint {
  if (n >= 0) return x;
  return new Decimal(x, 0).round(n).unscaled;
}

const ABS: ScalarFunction = {
  name: 'ABS',
  minArgs: 1,
  maxArgs: 1,
  returnType: (a) => sameNumericType('ABS', a),
  evaluate([x]) {
    if (x === null) return null;
    const v = asNumeric('ABS', x);
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    if (typeof v === 'number') return Math.abs(v);
    return v.abs();
  },
};

const ROUND: ScalarFunction = {
  name: 'ROUND',
  minArgs: 1,
  maxArgs: 2,
  returnType: (a) => sameNumericType('ROUND', a),
  evaluate(args) {
    if (anyNull(args)) return null;
    const v = asNumeric('ROUND', args[0]);
    const n = args.length > 1 ? asInt('ROUND', args[1]) : 0;
    if (typeof v === 'bigint') return roundInteger(v, n);
    if (typeof v === 'number') return roundFloat(v, n);
    return v.round(n);
  },
};

const TRUNC: ScalarFunction = {
  name: 'TRUNC',
  minArgs: 1,
  maxArgs: 2,
  returnType: (a) => sameNumericType('TRUNC', a),
  evaluate(args) {
    if (anyNull(args)) return null;
    const v = asNumeric('TRUNC', args[0]);
    const n = args.length > 1 ? asInt('TRUNC', args[1]) : 0;
    if (typeof v === 'bigint') {
      if (n >= 0) return v;
      const unit = 10n ** BigInt(-n);
      return (v / unit) * unit;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return v;
      return Decimal.fromNumber(v).trunc(n).toNumber();
    }
    return v.trunc(n);
  },
};

function floorCeil(name: string, mode: 'floor' | 'ceil'): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    returnType: (a) => sameNumericType(name, a),
    evaluate([x]) {
      if (x === null) return null;
      const v = asNumeric(name, x);
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number') return mode === 'floor' ? Math.floor(v) : Math.ceil(v);
      return mode === 'floor' ? v.floor() : v.ceil();
    },
  };
}

const POWER: ScalarFunction = {
  name: 'POWER',
  minArgs: 2,
  maxArgs: 2,
  returnType: floatResult('POWER', ['numeric']),
  evaluate(args) {
    if (anyNull(args)) return null;
    const base = asFloat('POWER', args[0]);
    const exp = asFloat('POWER', args[1]);
    if (base === 0 && exp < 0)
      throw new EvaluationError('zero raised to a negative power is undefined');
    if (base < 0 && !Number.isInteger(exp)) {
      throw new EvaluationError(
        'a negative number raised to a non-integer power yields a complex result',
      );
    }
    return base ** exp;
  },
};

const SQRT: ScalarFunction = {
  name: 'SQRT',
  minArgs: 1,
  maxArgs: 1,
  returnType: floatResult('SQRT', ['numeric']),
  evaluate([x]) {
    if (x === null) return null;
    const v = asFloat('SQRT', x);
    if (v < 0) throw new EvaluationError('cannot take square root of a negative number');
    return Math.sqrt(v);
  },
};

function unaryFloat(
  name: string,
  fn: (x: number) => number,
  check?: (x: number) => string | undefined,
) {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    returnType: floatResult(name, ['numeric']),
    evaluate([x]: Value[]) {
      if (x === null) return null;
      const v = asFloat(name, x);
      const problem = check?.(v);
      if (problem) throw new EvaluationError(problem);
      return fn(v);
    },
  } satisfies ScalarFunction;
}

const logCheck = (x: number) =>
  x === 0
    ? 'cannot take logarithm of zero'
    : x < 0
      ? 'cannot take logarithm of a negative number'
      : undefined;

const LOG: ScalarFunction = {
  name: 'LOG',
  minArgs: 1,
  maxArgs: 2,
  returnType: floatResult('LOG', ['numeric']),
  evaluate(args) {
    if (anyNull(args)) return null;
    // LOG(x) is base 10; LOG(b, x) is base b (Postgres)
    const x = asFloat('LOG', args[args.length - 1]);
    const problem = logCheck(x);
    if (problem) throw new EvaluationError(problem);
    if (args.length === 1) return Math.log10(x);
    const b = asFloat('LOG', args[0]);
    const bp = logCheck(b);
    if (bp) throw new EvaluationError(bp);
    if (b === 1) throw new EvaluationError('division by zero');
    return Math.log(x) / Math.log(b);
  },
};

const MOD: ScalarFunction = {
  name: 'MOD',
  minArgs: 2,
  maxArgs: 2,
  returnType(a) {
    const e = checkArgs('MOD', a, ['numeric']);
    if (e) return e;
    if (a.includes('FLOAT')) return 'FLOAT';
    if (a.includes('DECIMAL')) return 'DECIMAL';
    if (a.includes('ANY')) return 'ANY';
    return a[0] === 'NULL' ? a[1] : a[0];
  },
  evaluate(args) {
    if (anyNull(args)) return null;
    return arithmetic('%', asNumeric('MOD', args[0]), asNumeric('MOD', args[1]));
  },
};

const SIGN: ScalarFunction = {
  name: 'SIGN',
  minArgs: 1,
  maxArgs: 1,
  returnType: (a) => checkArgs('SIGN', a, ['numeric']) ?? 'INTEGER',
  evaluate([x]) {
    if (x === null) return null;
    const v = asNumeric('SIGN', x);
    if (typeof v === 'bigint') return v < 0n ? -1n : v > 0n ? 1n : 0n;
    if (typeof v === 'number') return v < 0 ? -1n : v > 0 ? 1n : 0n;
    return BigInt(v.sign());
  },
};

export const mathFunctions: ScalarFunction[] = [
  ABS,
  ROUND,
  TRUNC,
  floorCeil('FLOOR', 'floor'),
  floorCeil('CEIL', 'ceil'),
  POWER,
  SQRT,
  unaryFloat('EXP', Math.exp),
  unaryFloat('LN', Math.log, logCheck),
  unaryFloat('LOG10', Math.log10, logCheck),
  unaryFloat('CBRT', Math.cbrt),
  LOG,
  MOD,
  SIGN,
];
