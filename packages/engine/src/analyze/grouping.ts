/**
 * Aggregate rules: in an aggregating query every column outside an aggregate must be grouped.
 * Grouped means the expression equals a GROUP BY expression, or it is a column that is.
 */
import type { Expr } from '../sql/ast.ts';
import { hints, messages } from './messages.ts';
import type { AnalysisState } from './state.ts';

/** Structural equality of two expressions, ignoring spans; columns compare by resolution. */
export function exprEqual(state: AnalysisState, a: Expr, b: Expr): boolean {
  if (a.kind === 'column' && b.kind === 'column') {
    const ra = state.refs.get(a);
    const rb = state.refs.get(b);
    if (ra && rb) {
      if (ra.aliasOf || rb.aliasOf) {
        return (
          (ra.aliasOf ?? a) === (rb.aliasOf ?? b) ||
          exprEqual(state, ra.aliasOf ?? a, rb.aliasOf ?? b)
        );
      }
      return (
        ra.relation === rb.relation &&
        ra.outerDepth === rb.outerDepth &&
        ra.column === rb.column &&
        ra.path.join('.') === rb.path.join('.')
      );
    }
    return namesOf(a) === namesOf(b);
  }
  return sameShape(a, b, (x, y) => exprEqual(state, x, y));
}

function namesOf(e: Extract<Expr, { kind: 'column' }>): string {
  return e.parts.map((p) => p.name.toLowerCase()).join('.');
}

/** Compares non-span fields; nested nodes via `eq`. */
function sameShape(a: unknown, b: unknown, eq: (x: Expr, y: Expr) => boolean): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameShape(x, b[i], eq));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  if (ao.kind !== bo.kind) return false;
  for (const key of Object.keys(ao)) {
    if (key === 'span' || key === 'nameSpan' || key === 'fieldSpan') continue;
    const x = ao[key];
    const y = bo[key];
    if (isExprLike(x) && isExprLike(y)) {
      if (!eq(x as Expr, y as Expr)) return false;
    } else if (!sameShape(x, y, eq)) return false;
  }
  return true;
}

function isExprLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'kind' in v && 'span' in v;
}

/** Direct child expressions of an expression (not into subqueries). */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'field_access':
      return [e.base];
    case 'index_access':
      return [e.base, e.index];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'is_null':
      return [e.operand];
    case 'between':
      return [e.operand, e.low, e.high];
    case 'in_list':
      return [e.operand, ...e.list];
    case 'in_subquery':
      return [e.operand];
    case 'like':
      return [e.operand, e.pattern, ...(e.escape ? [e.escape] : [])];
    case 'case':
      return [
        ...(e.operand ? [e.operand] : []),
        ...e.whens.flatMap((w) => [w.when, w.then]),
        ...(e.elseResult ? [e.elseResult] : []),
      ];
    case 'cast':
      return [e.operand];
    case 'extract':
      return [e.operand];
    case 'call':
      return [
        ...e.args,
        ...(e.orderBy?.map((o) => o.expr) ?? []),
        ...(e.over ? [...e.over.partitionBy, ...e.over.orderBy.map((o) => o.expr)] : []),
      ];
    default:
      return [];
  }
}

/**
 * Reports columns of `e` that are neither grouped nor inside an aggregate. `groupBy` holds the
 * GROUP BY expressions (window calls excluded).
 */
export function checkGrouped(state: AnalysisState, e: Expr, groupBy: Expr[]): void {
  if (groupBy.some((g) => exprEqual(state, g, e))) return;
  if (e.kind === 'call') {
    // An unknown function was already reported; its arguments would only add noise.
    if (!state.calls.has(e)) return;
    const cls = state.calls.get(e)?.class;
    if (cls === 'aggregate' || cls === 'window_bound') return;
    if (cls === 'window') {
      // The window function's own arguments are evaluated per output row: they must be grouped.
      for (const c of childExprs(e)) checkGrouped(state, c, groupBy);
      return;
    }
  }
  if (e.kind === 'column') {
    const ref = state.refs.get(e);
    if (!ref) return; // already reported as unknown
    if (ref.system === '_window_start' || ref.system === '_window_end') return;
    if (ref.outerDepth > 0) return;
    if (ref.aliasOf) return;
    // A nested path of a grouped column is grouped too.
    const grouped = groupBy.some((g) => {
      if (g.kind !== 'column') return false;
      const gr = state.refs.get(g);
      return (
        gr !== undefined &&
        gr.relation === ref.relation &&
        gr.column === ref.column &&
        gr.path.every((p, i) => ref.path[i] === p)
      );
    });
    if (!grouped) {
      const name = e.parts.map((p) => p.name).join('.');
      state.error(e.span, messages.ungroupedColumn(name), hints.groupBy(name));
    }
    return;
  }
  for (const c of childExprs(e)) checkGrouped(state, c, groupBy);
}

/** Whether any node under `e` satisfies `pred` (not descending into subqueries). */
export function someExpr(e: Expr, pred: (n: Expr) => boolean): boolean {
  if (pred(e)) return true;
  return childExprs(e).some((c) => someExpr(c, pred));
}
