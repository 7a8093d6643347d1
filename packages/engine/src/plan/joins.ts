/**
 * JOIN planning. A join whose ON condition bounds the two sides' times (`b.ts BETWEEN a.ts -
 * INTERVAL '5' MINUTE AND a.ts`, or `>=`/`<=` pairs) is a stream–stream interval join; any
 * other join treats one side (a CREATE TABLE, else the right side) as a materialized table.
 */
import type { Expr, Join } from '../sql/ast.ts';
import { PlanError } from './errors.ts';
import type { PExpr } from './expr.ts';
import type { JoinPlan, RelationPlan } from './program.ts';
import { Scope } from './scope.ts';
import { type TranslateContext, translate, walkExpr } from './translate.ts';

function hasInterval(e: Expr): boolean {
  let found = false;
  walkExpr(e, (n) => {
    if (n.kind === 'interval') found = true;
  });
  return found;
}

function conjuncts(e: Expr, out: Expr[] = []): Expr[] {
  if (e.kind === 'binary' && e.op === 'AND') {
    conjuncts(e.left, out);
    conjuncts(e.right, out);
  } else out.push(e);
  return out;
}

function timeColumn(e: PExpr): [number, string] | null {
  if ((e.k === 'col' || e.k === 'sys') && e.rel !== null) return [e.rel, e.name];
  if (e.k === 'bin') return timeColumn(e.l);
  return null;
}

/** True when `e` reads only relations accepted by `ok` (and reads at least one). */
function onlyRels(e: PExpr, ok: (rel: number) => boolean): boolean {
  const rels = Scope.relationsOf(e);
  return rels.size > 0 && [...rels].every((r) => r !== null && ok(r));
}

/** `rel.col` → [rel, 0]; `rel.col ± INTERVAL` → [rel, ±ms]. */
function timeTerm(e: PExpr): [number, number] | null {
  if ((e.k === 'col' || e.k === 'sys') && e.rel !== null) return [e.rel, 0];
  if (e.k === 'bin' && (e.op === '+' || e.op === '-')) {
    const base = timeTerm(e.l);
    if (base && e.r.k === 'lit' && typeof e.r.value === 'bigint') {
      const v = Number(e.r.value);
      return [base[0], base[1] + (e.op === '+' ? v : -v)];
    }
  }
  return null;
}

/**
 * Plans the join of relation `k` (the k-th JOIN) with everything before it (relations 0..k-1,
 * already joined): joins form a left-deep chain.
 */
export function planJoin(
  join: Join,
  k: number,
  _relations: RelationPlan[],
  ctx: TranslateContext,
  materialize: (rel: number) => string,
  isTable: (rel: number) => boolean,
  /** True when `column` is the event-time field of relation `rel` (or `_event_time`). */
  isEventTime: (rel: number, column: string) => boolean = () => false,
): JoinPlan {
  // A time-bound conjunct over the event-time columns is enforced by the join on event time;
  // evaluating it again per pair would only repeat the work (and fail on ISO text columns).
  const enforced = (...terms: PExpr[]) =>
    terms.every((t) => {
      const c = timeColumn(t);
      return c !== null && (c[1] === '_event_time' || isEventTime(c[0], c[1]));
    });
  const leftKeys: PExpr[] = [];
  const rightKeys: PExpr[] = [];
  const residual: PExpr[] = [];
  let lower: number | null = null;
  let upper: number | null = null;
  // False when a bound is on columns other than the event time: the bound then only drives
  // state expiry, and the condition itself is checked per pair.
  let boundOnEventTime = true;
  // Bounds on (right time − left time) from `a op b` where a, b are time terms. A comparison
  // counts as a time bound when the ON condition has an INTERVAL or it compares event-time
  // columns;
  // other comparisons (`a.x < b.y`) are plain conditions, checked per pair.
  const bound = (
    a: [number, number],
    op: string,
    b: [number, number],
    eventTimes: boolean,
  ): boolean => {
    if ((a[0] === k) === (b[0] === k)) return false;
    if (!eventTimes) return false;
    // Normalize to: right − left  op'  c
    let o = op;
    let r = a;
    let l = b;
    if (a[0] !== k) {
      r = b;
      l = a;
      o = op === '>=' || op === '>' ? '<=' : op === '<=' || op === '<' ? '>=' : op;
    }
    // r.t + r1  o  l.t + l1   ⇒   r.t − l.t  o  l1 − r1
    const c = l[1] - r[1];
    if (o === '>=' || o === '>') lower = lower === null ? c : Math.max(lower, c);
    else if (o === '<=' || o === '<') upper = upper === null ? c : Math.min(upper, c);
    else return false;
    return true;
  };
  const anyInterval = hasInterval(join.on);
  for (const c of conjuncts(join.on)) {
    const p = translate(c, ctx);
    if (p.k === 'lit' && p.value === true) continue;
    residual.push(p);
    const left = (r: number) => r < k;
    const right = (r: number) => r === k;
    if (p.k === 'bin' && p.op === '=') {
      if (onlyRels(p.l, left) && onlyRels(p.r, right)) {
        leftKeys.push(p.l);
        rightKeys.push(p.r);
        residual.pop();
        continue;
      }
      if (onlyRels(p.l, right) && onlyRels(p.r, left)) {
        leftKeys.push(p.r);
        rightKeys.push(p.l);
        residual.pop();
        continue;
      }
    }
    if (p.k === 'between' && !p.negated) {
      const t = timeTerm(p.e);
      const lo = timeTerm(p.lo);
      const hi = timeTerm(p.hi);
      const times = enforced(p.e, p.lo, p.hi) || anyInterval;
      if (
        t &&
        lo &&
        hi &&
        lo[0] === hi[0] &&
        bound(t, '>=', lo, times) &&
        bound(t, '<=', hi, times)
      ) {
        if (enforced(p.e, p.lo, p.hi)) residual.pop();
        else boundOnEventTime = false;
      }
      continue;
    }
    if (p.k === 'bin' && ['<', '<=', '>', '>='].includes(p.op)) {
      const a = timeTerm(p.l);
      const b = timeTerm(p.r);
      if (a && b && bound(a, p.op, b, enforced(p.l, p.r) || anyInterval)) {
        if (enforced(p.l, p.r)) residual.pop();
        else boundOnEventTime = false;
      }
    }
  }
  // Without equalities (CROSS JOIN, comma joins, `ON a.x < b.y`) every table row is a
  // candidate and the whole condition is the residual filter.
  const type = join.joinType.toLowerCase() as JoinPlan['type'];
  const residualExpr =
    residual.length === 0 ? null : residual.reduce((a, b) => ({ k: 'bin', op: 'AND', l: a, r: b }));
  if (lower !== null || upper !== null) {
    if (lower === null || upper === null) {
      throw new PlanError(
        'a stream–stream join needs both a lower and an upper time bound',
        join.on.span,
        "e.g. b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts",
      );
    }
    if (lower > upper)
      throw new PlanError('the join time bounds are empty (lower > upper)', join.on.span);
    return {
      type,
      strategy: 'interval',
      relation: k,
      tableSide: -1,
      boundOnEventTime,
      leftKeys,
      rightKeys,
      lower,
      upper,
      residual: residualExpr,
    };
  }
  // The joined relation is the table, except `FROM table JOIN stream` (two relations only).
  const tableSide = k === 1 && !isTable(1) && isTable(0) ? 0 : k;
  // Which side's unmatched rows an outer join keeps: the stream's as they pass, the table's at
  // the end of the stream input (bounded inputs; the analyzer refuses unbounded ones).
  const tableIsRight = tableSide === k;
  const keepStream = type === 'full' || type === (tableIsRight ? 'left' : 'right');
  const keepTable = type === 'full' || type === (tableIsRight ? 'right' : 'left');
  return {
    type: keepStream ? 'left' : 'inner',
    ...(keepTable ? { keepTable } : {}),
    strategy: 'lookup',
    relation: k,
    tableSide,
    table: materialize(tableSide),
    leftKeys,
    rightKeys,
    lower: 0,
    upper: 0,
    residual: residualExpr,
  };
}
