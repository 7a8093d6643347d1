/** The external sources a set of statements reads (FROM, JOIN and subquery FROMs). */

import { walkExpr } from '../plan/translate.ts';
import type { Expr, Select, Statement, TableRef } from '../sql/ast.ts';

export interface SourceRef {
  /** The quoted URI or the bare name as written: the id for `push`. */
  id: string;
  uri?: string;
  name?: string;
  params: Record<string, string>;
}

export function collectSources(statements: Statement[]): SourceRef[] {
  const defined = new Set<string>();
  const out = new Map<string, SourceRef>();
  const addRef = (ref: TableRef) => {
    if (ref.kind === 'named_source') {
      if (defined.has(ref.name.name.toLowerCase())) return;
      if (!out.has(ref.name.name))
        out.set(ref.name.name, { id: ref.name.name, name: ref.name.name, params: {} });
    } else if (!out.has(ref.uri)) {
      out.set(ref.uri, { id: ref.uri, uri: ref.uri, params: { ...ref.params } });
    }
  };
  const visitSelect = (q: Select) => {
    if (q.from) addRef(q.from);
    for (const j of q.joins) {
      addRef(j.source);
      visitExpr(j.on);
    }
    for (const it of q.items) if (it.kind === 'select_expr') visitExpr(it.expr);
    if (q.where) visitExpr(q.where);
    if (q.having) visitExpr(q.having);
  };
  const visitExpr = (e: Expr) =>
    walkExpr(e, (n) => {
      if (n.kind === 'exists' || n.kind === 'in_subquery' || n.kind === 'scalar_subquery')
        visitSelect(n.query);
    });
  for (const s of statements) {
    visitSelect(s.query);
    if (s.kind !== 'select_statement') defined.add(s.name.name.toLowerCase());
  }
  return [...out.values()];
}
