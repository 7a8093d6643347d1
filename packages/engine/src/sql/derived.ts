/**
 * Subqueries in FROM (derived tables) and `WITH name AS (…)` common table expressions become
 * internal statements placed before the statement that reads them, read by a name users cannot
 * write (`name#n`), so analysis, planning and execution treat them as any earlier stream
 * (DESIGN §2). An aggregation among them emits its final rows (EMIT FINAL) unless it has a
 * window or says otherwise, as the derived table of a batch query would.
 */
import { isAggregateFunction } from '../functions/aggregates.ts';
import type { Expr, Identifier, Select, SetOperation, Span, Statement, TableRef } from './ast.ts';
import type { DerivedQuery } from './parser-core.ts';

export interface CommonTableExpr {
  name: Identifier;
  query: Select;
  span: Span;
  /** How many FROM subqueries were parsed before this CTE ended (they come first). */
  derivedBefore: number;
}

export function expandDerived(
  stmt: Statement,
  ctes: CommonTableExpr[],
  derived: DerivedQuery[],
  names: { next: number },
): Statement[] {
  if (ctes.length === 0 && derived.length === 0) return [stmt];
  const out: Statement[] = [];
  // CTE name (lower case) → internal statement name; a later CTE may read an earlier one.
  const scope = new Map<string, string>();
  const emit = (query: Select, name: string, span: Span, setOperation?: SetOperation): void => {
    rewriteSelect(query);
    if (aggregatesWithoutWindow(query) && query.emit === null)
      query.emit = { kind: 'emit', mode: 'FINAL', span: query.span };
    out.push({
      kind: 'create_stream',
      name: { kind: 'identifier', name, quoted: true, span },
      query,
      into: null,
      with: [],
      annotations: [],
      span,
      internal: true,
      ...(setOperation ? { setOperation } : {}),
    });
  };
  const rewriteRef = (ref: TableRef): TableRef => {
    if (ref.kind !== 'named_source') return ref;
    const target = scope.get(ref.name.name.toLowerCase());
    if (!target) return ref;
    return {
      ...ref,
      name: { ...ref.name, name: target, quoted: true },
      alias: ref.alias ?? ref.name,
    };
  };
  const rewriteSelect = (q: Select): void => {
    if (q.from) q.from = rewriteRef(q.from);
    for (const j of q.joins) j.source = rewriteRef(j.source);
    for (const e of exprsOf(q)) visitSubqueries(e, rewriteSelect);
  };
  const emitDerived = (q: DerivedQuery) => emit(q.query, q.name, q.span, q.setOperation);
  let d = 0;
  for (const cte of ctes) {
    for (; d < cte.derivedBefore; d++) emitDerived(derived[d]);
    const name = `${cte.name.name}#${++names.next}`;
    emit(cte.query, name, cte.span);
    scope.set(cte.name.name.toLowerCase(), name);
  }
  for (; d < derived.length; d++) emitDerived(derived[d]);
  rewriteSelect(stmt.query);
  out.push(stmt);
  return out;
}

function exprsOf(q: Select): Expr[] {
  const list: Expr[] = [];
  for (const it of q.items) if (it.kind === 'select_expr') list.push(it.expr);
  for (const j of q.joins) list.push(j.on);
  if (q.where) list.push(q.where);
  if (q.having) list.push(q.having);
  return list;
}

/**
 * Calls `f` on every subquery inside an expression (EXISTS, IN, scalar). Iterative: parsed
 * expressions may be nested far deeper than the call stack.
 */
function visitSubqueries(e: unknown, f: (q: Select) => void): void {
  forEachNode(e, (node) => {
    const n = node as { kind?: string; query?: Select };
    if (
      (n.kind === 'exists' || n.kind === 'in_subquery' || n.kind === 'scalar_subquery') &&
      n.query
    )
      f(n.query);
  });
}

/** Visits the AST objects under `root`, not entering subqueries (`query`) or spans. */
function forEachNode(root: unknown, f: (node: object) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const e = stack.pop();
    if (typeof e !== 'object' || e === null) continue;
    if (Array.isArray(e)) {
      for (const x of e) stack.push(x);
      continue;
    }
    f(e);
    for (const [k, v] of Object.entries(e)) {
      if (k !== 'span' && k !== 'query' && typeof v === 'object') stack.push(v);
    }
  }
}

function aggregatesWithoutWindow(q: Select): boolean {
  if (q.window !== null) return false;
  if (q.groupBy.some((g) => g.kind === 'call' && ['TUMBLE', 'HOP', 'SESSION'].includes(g.name)))
    return false;
  if (q.groupBy.length > 0) return true;
  let found = false;
  const visit = (e: unknown): void =>
    forEachNode(e, (node) => {
      const n = node as { kind?: string; name?: string; over?: unknown };
      if (n.kind === 'call' && n.over === null && isAggregateFunction(n.name ?? '')) found = true;
    });
  for (const it of q.items) if (it.kind === 'select_expr') visit(it.expr);
  if (q.having) visit(q.having);
  return found;
}
