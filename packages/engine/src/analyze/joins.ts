/**
 * JOIN classification: equi-join keys, time bounds of stream–stream joins, and the strategy
 * (lookup into a table vs interval join between streams).
 */
import type { Expr, Join } from '../sql/ast.ts';
import { childExprs } from './grouping.ts';
import type { AnalysisState } from './state.ts';
import type { AnalyzedJoin, AnalyzedRelation } from './types.ts';

/** Relation indexes (this query level) referenced by `e`. */
export function relationsOf(state: AnalysisState, e: Expr, out = new Set<number>()): Set<number> {
  if (e.kind === 'column') {
    const ref = state.refs.get(e);
    if (ref && ref.outerDepth === 0 && ref.relation >= 0) out.add(ref.relation);
  }
  for (const c of childExprs(e)) relationsOf(state, c, out);
  return out;
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'AND'
    ? [...conjuncts(e.left), ...conjuncts(e.right)]
    : [e];
}

/** `x`, `x - INTERVAL …`, `x + INTERVAL …` → offset in ms relative to x; null otherwise. */
function offsetOf(e: Expr): number | null {
  if (e.kind === 'column') return 0;
  if (
    e.kind === 'binary' &&
    (e.op === '+' || e.op === '-') &&
    e.right.kind === 'interval' &&
    e.right.ms !== null
  ) {
    const base = offsetOf(e.left);
    if (base === null) return null;
    return e.op === '+' ? base + e.right.ms : base - e.right.ms;
  }
  return null;
}

const earlierOnly = (rels: Set<number>, r: number) =>
  rels.size > 0 && [...rels].every((i) => i < r);
const thisOnly = (rels: Set<number>, r: number) => rels.size === 1 && rels.has(r);

export function analyzeJoin(
  state: AnalysisState,
  join: Join,
  r: number,
  relation: AnalyzedRelation,
): AnalyzedJoin {
  const keys: { left: Expr; right: Expr }[] = [];
  let lowerMs: number | null = null;
  let upperMs: number | null = null;
  let timeBound = false;
  for (const c of conjuncts(join.on)) {
    if (c.kind === 'binary' && c.op === '=') {
      const l = relationsOf(state, c.left);
      const rr = relationsOf(state, c.right);
      if (earlierOnly(l, r) && thisOnly(rr, r)) keys.push({ left: c.left, right: c.right });
      else if (earlierOnly(rr, r) && thisOnly(l, r)) keys.push({ left: c.right, right: c.left });
      continue;
    }
    if (c.kind === 'between' && !c.negated) {
      const op = relationsOf(state, c.operand);
      const bounds = relationsOf(state, c.low);
      relationsOf(state, c.high, bounds);
      const lo = offsetOf(c.low);
      const hi = offsetOf(c.high);
      if (thisOnly(op, r) && earlierOnly(bounds, r)) {
        timeBound = true;
        lowerMs = lo;
        upperMs = hi;
      } else if (earlierOnly(op, r) && thisOnly(bounds, r)) {
        // a.ts BETWEEN b.ts - x AND b.ts + y  ⇔  b.ts ∈ [a.ts - y, a.ts + x]
        timeBound = true;
        lowerMs = hi === null ? null : -hi;
        upperMs = lo === null ? null : -lo;
      }
      continue;
    }
    if (c.kind === 'binary' && ['<', '<=', '>', '>='].includes(c.op)) {
      const l = relationsOf(state, c.left);
      const rr = relationsOf(state, c.right);
      if ((earlierOnly(l, r) && thisOnly(rr, r)) || (earlierOnly(rr, r) && thisOnly(l, r)))
        timeBound = true;
    }
  }
  const isTable = relation.input.kind === 'statement' && relation.input.statementKind === 'table';
  const strategy = !isTable && timeBound ? 'interval' : 'lookup';
  return { joinType: join.joinType, relation: r, on: join.on, strategy, keys, lowerMs, upperMs };
}
