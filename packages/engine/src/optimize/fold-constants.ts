/**
 * Rule: evaluate constant subexpressions once at plan time (`price * (1 + 0.08)` →
 * `price * 1.08`). Volatile functions (NOW) and expressions that fail (1 / 0) are left for run
 * time, so the failure is reported per record with its position.
 */
import { compileExpr } from '../expr/compile.ts';
import { getScalarFunction } from '../functions/registry.ts';
import type { PExpr } from '../plan/expr.ts';
import type { Program } from '../plan/program.ts';
import { mapStatementExprs } from './walk.ts';

const FOLDABLE = new Set([
  'bin',
  'neg',
  'not',
  'cast',
  'call',
  'isnull',
  'between',
  'in',
  'like',
  'case',
]);

export function foldConstants(program: Program): Program {
  return mapStatementExprs(program, fold);
}

function fold(e: PExpr): PExpr {
  const folded = mapChildren(e, fold);
  if (!FOLDABLE.has(folded.k) || !childrenAreLiterals(folded)) return folded;
  if (folded.k === 'call') {
    const fn = getScalarFunction(folded.name);
    if (!fn || fn.volatile) return folded;
  }
  try {
    const value = compileExpr(folded, { nowMs: () => 0 })({ fields: {}, eventTime: 0 });
    return folded.pos ? { k: 'lit', value, pos: folded.pos } : { k: 'lit', value };
  } catch {
    return folded;
  }
}

function isExpr(v: unknown): v is PExpr {
  return typeof v === 'object' && v !== null && typeof (v as { k?: unknown }).k === 'string';
}

function childrenAreLiterals(e: PExpr): boolean {
  let ok = true;
  forEachChild(e, (c) => {
    if (c.k !== 'lit') ok = false;
  });
  return ok;
}

function forEachChild(e: PExpr, f: (c: PExpr) => void): void {
  for (const [k, v] of Object.entries(e)) {
    if (k === 'pos') continue;
    if (Array.isArray(v)) {
      for (const x of v) {
        if (Array.isArray(x)) {
          for (const y of x) if (isExpr(y)) f(y);
        } else if (isExpr(x)) f(x);
      }
    } else if (isExpr(v)) f(v);
  }
}

export function mapChildren(e: PExpr, f: (c: PExpr) => PExpr): PExpr {
  if (e.k === 'lit' || e.k === 'col' || e.k === 'sys' || e.k === 'slot' || e.k === 'subquery')
    return e;
  const out: Record<string, unknown> = { ...e };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'pos') continue;
    if (Array.isArray(v)) {
      out[k] = v.map((x) =>
        Array.isArray(x) ? x.map((y) => (isExpr(y) ? f(y) : y)) : isExpr(x) ? f(x) : x,
      );
    } else if (isExpr(v)) out[k] = f(v);
  }
  return out as PExpr;
}
