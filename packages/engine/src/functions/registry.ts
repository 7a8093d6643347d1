/**
 * Scalar function registry. CASE, CAST, LIKE, IN, BETWEEN, IS NULL and the header functions are
 * expressions handled by the evaluator; everything else of DESIGN §2 lives here.
 */
import type { EngineRecord, SqlType, Value } from '../types/value.ts';
import { AGG_ARGS } from './aggregates-multi.ts';
import { conditionalFunctions } from './conditional.ts';
import { datetimeFunctions } from './datetime.ts';
import { jsonFunctions } from './json-path.ts';
import { mathFunctions } from './math.ts';
import { stringFunctions } from './string.ts';

export interface EvalContext {
  record: EngineRecord;
  /** Processing time for NOW(). */
  nowMs: number;
}

export interface ScalarFunction {
  name: string;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  returnType(args: SqlType[]): SqlType | { error: string };
  evaluate(args: Value[], ctx: EvalContext): Value;
  /** Depends on processing time (NOW) — not constant-foldable. */
  volatile?: boolean;
}

const registry = new Map<string, ScalarFunction>();

function register(fns: ScalarFunction[], aliases: Record<string, string> = {}): void {
  for (const fn of fns) registry.set(fn.name, fn);
  for (const [alias, target] of Object.entries(aliases)) {
    const fn = registry.get(target);
    if (fn) registry.set(alias, fn);
  }
}

register(mathFunctions);
register(stringFunctions);
register(datetimeFunctions);
register(conditionalFunctions);
register(jsonFunctions);
register([AGG_ARGS]);
register([], {
  CEILING: 'CEIL',
  POW: 'POWER',
  TRUNCATE: 'TRUNC',
  SUBSTR: 'SUBSTRING',
  CHAR_LENGTH: 'LENGTH',
  CHARACTER_LENGTH: 'LENGTH',
  LEN: 'LENGTH',
  UCASE: 'UPPER',
  LCASE: 'LOWER',
  CURRENT_TIMESTAMP: 'NOW',
  DATEDIFF: 'DATE_DIFF',
  IFNULL: 'COALESCE',
  NVL: 'COALESCE',
});

/** Case-insensitive lookup. */
export function getScalarFunction(name: string): ScalarFunction | undefined {
  return registry.get(name.toUpperCase());
}

export function scalarFunctionNames(): string[] {
  return [...registry.keys()].sort();
}

/** Check arity and argument types in one call (for the analyzer). */
export function scalarReturnType(name: string, args: SqlType[]): SqlType | { error: string } {
  const fn = getScalarFunction(name);
  if (!fn) return { error: `function ${name.toUpperCase()} does not exist` };
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    const expected =
      fn.minArgs === fn.maxArgs
        ? `${fn.minArgs}`
        : fn.maxArgs === Number.POSITIVE_INFINITY
          ? `at least ${fn.minArgs}`
          : `${fn.minArgs} to ${fn.maxArgs}`;
    const plural =
      (fn.maxArgs === Number.POSITIVE_INFINITY ? fn.minArgs : fn.maxArgs) === 1 ? '' : 's';
    return {
      error: `function ${fn.name} expects ${expected} argument${plural}, got ${args.length}`,
    };
  }
  return fn.returnType(args);
}

export { like, likeToRegExp } from './like.ts';
export { concatOperator } from './string.ts';
