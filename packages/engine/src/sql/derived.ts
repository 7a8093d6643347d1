/**
 * Subqueries in FROM (derived tables) and `WITH name AS (…)` common table expressions become
 * internal statements placed before the statement that reads them, read by a name users cannot
 * write (`name#n`; the parser resolves CTE names in scope to them), so analysis, planning and execution treat them as any earlier stream
 * (DESIGN §2). An aggregation among them emits its final rows (EMIT FINAL) unless it has a
 * window or says otherwise, as the derived table of a batch query would.
 */
import { isAggregateFunction } from '../functions/aggregates.ts';
import type { Select, Statement } from './ast.ts';
import type { DerivedQuery } from './parser-core.ts';

export function expandDerived(stmt: Statement, derived: DerivedQuery[]): Statement[] {
  if (derived.length === 0) return [stmt];
  const out: Statement[] = [];
  for (const { query, name, span, setOperation } of derived) {
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
  }
  out.push(stmt);
  return out;
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
