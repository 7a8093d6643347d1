/**
 * DECIMAL(p,s) of an analyzed expression, from the types its operands already got (the
 * analyzer types children first). The rules live in types/decimal-type.ts; this file only says
 * which rule each expression kind follows. Unknown (no entry) when an operand's scale is unknown.
 */
import { canonicalAggregateName, isAggregateFunction } from '../functions/aggregates.ts';
import { getScalarFunction } from '../functions/registry.ts';
import type { Expr } from '../sql/ast.ts';
import {
  type DecimalType,
  decimalAvgType,
  decimalBinaryType,
  decimalLiteralType,
  decimalRoundType,
  decimalSumType,
  decimalUnionType,
  INTEGER_AS_DECIMAL,
} from '../types/decimal-type.ts';
import type { AnalysisState } from './state.ts';

/** An operand as a DECIMAL: its own type, INTEGER as DECIMAL(19,0), NULL as nothing to add. */
function operand(state: AnalysisState, e: Expr): DecimalType | 'null' | undefined {
  const t = state.exprTypes.get(e);
  if (t === 'INTEGER') return INTEGER_AS_DECIMAL;
  if (t === 'NULL') return 'null';
  if (t === 'DECIMAL') return state.decimalTypes.get(e);
  return undefined;
}

/** The covering type of several results (NULL ones ignored); unknown if any is unknown. */
function union(state: AnalysisState, exprs: Expr[]): DecimalType | undefined {
  let out: DecimalType | undefined;
  for (const e of exprs) {
    const t = operand(state, e);
    if (t === 'null') continue;
    if (t === undefined) return undefined;
    out = out === undefined ? t : decimalUnionType(out, t);
  }
  return out;
}

function integerLiteral(e: Expr | undefined): number | undefined {
  if (e === undefined) return 0;
  if (e.kind === 'integer') return Number(e.value);
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'integer')
    return -Number(e.operand.value);
  return undefined;
}

function call(state: AnalysisState, e: Extract<Expr, { kind: 'call' }>): DecimalType | undefined {
  const info = state.calls.get(e);
  const arg = e.args[0] ? operand(state, e.args[0]) : undefined;
  const known = arg === 'null' ? undefined : arg;
  const aggregate = info?.class === 'aggregate' || info?.class === 'window';
  if (aggregate && isAggregateFunction(e.name)) {
    switch (canonicalAggregateName(e.name)) {
      case 'SUM':
        return known && decimalSumType(known);
      case 'AVG':
        return known && decimalAvgType(known);
      case 'MIN':
      case 'MAX':
      case 'FIRST':
      case 'LAST':
        return state.exprTypes.get(e.args[0]) === 'DECIMAL' ? known : undefined;
    }
    return undefined;
  }
  if (info?.class === 'window') {
    // LAG/LEAD (with their default), FIRST_VALUE/LAST_VALUE/NTH_VALUE: the first argument.
    const lagLead = e.name === 'LAG' || e.name === 'LEAD';
    return union(state, lagLead && e.args[2] ? [e.args[0], e.args[2]] : [e.args[0]]);
  }
  if (info?.class !== 'scalar' || known === undefined) return undefined;
  switch (getScalarFunction(e.name)?.name) {
    case 'ABS':
      return known;
    case 'ROUND':
    case 'TRUNC': {
      const n = integerLiteral(e.args[1]);
      return n === undefined ? undefined : decimalRoundType(known, n, e.name === 'ROUND');
    }
    case 'FLOOR':
    case 'CEIL':
      return decimalRoundType(known, 0, true);
    case 'COALESCE':
    case 'GREATEST':
    case 'LEAST':
      return union(state, e.args);
    case 'NULLIF':
      return known;
    default:
      return undefined;
  }
}

/** The DECIMAL type of `e`, whose analyzed type is DECIMAL; undefined when not derivable. */
export function deriveDecimalType(state: AnalysisState, e: Expr): DecimalType | undefined {
  switch (e.kind) {
    case 'decimal':
      return decimalLiteralType(e.text);
    case 'column': {
      const ref = state.refs.get(e);
      if (ref?.aliasOf) return state.decimalTypes.get(ref.aliasOf);
      return ref?.decimal;
    }
    case 'unary': {
      const t = operand(state, e.operand);
      return t === 'null' ? undefined : t;
    }
    case 'binary': {
      const a = operand(state, e.left);
      const b = operand(state, e.right);
      if (a === 'null' || b === 'null' || a === undefined || b === undefined) return undefined;
      return decimalBinaryType(e.op, a, b);
    }
    case 'case':
      return union(state, [...e.whens.map((w) => w.then), ...(e.elseResult ? [e.elseResult] : [])]);
    case 'cast': {
      const { precision, scale } = e.type;
      if (precision !== null) return { precision, scale: scale ?? 0 };
      // CAST(x AS DECIMAL) keeps the value's own scale.
      const t = operand(state, e.operand);
      return t === 'null' ? undefined : t;
    }
    case 'scalar_subquery':
      return undefined;
    case 'call':
      return call(state, e);
    default:
      return undefined;
  }
}
