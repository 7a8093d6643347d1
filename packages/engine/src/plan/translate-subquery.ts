/**
 * Subqueries in expressions (EXISTS, IN, scalar) → planner expressions: the subquery's FROM is
 * bound to a materialized table, its names resolved with the outer query's relations behind
 * its own, and an aggregating subquery's groups described for expr/subquery.ts.
 */
import { isAggregateFunction } from '../functions/aggregates.ts';
import type { Expr } from '../sql/ast.ts';
import { PlanError } from './errors.ts';
import type { PExpr, SqlPos } from './expr.ts';
import { Scope } from './scope.ts';
import {
  AggregateContext,
  containsAggregate,
  exprKey,
  mapCols,
  type TranslateContext,
  translate,
} from './translate.ts';

export function translateSubquery(
  e: Extract<Expr, { kind: 'exists' | 'in_subquery' | 'scalar_subquery' }>,
  ctx: TranslateContext,
  pos: SqlPos,
): PExpr {
  if (!ctx.subqueries) throw new PlanError('subqueries are not allowed here', e.span);
  const q = e.query;
  if (!q.from) throw new PlanError('a subquery needs a FROM clause', q.span);
  if (q.joins.length > 0) {
    throw new PlanError('subqueries support one table (no JOIN)', q.span);
  }
  const bound = ctx.subqueries.bind(q);
  const outerRels = ctx.scope.relations.length;
  const inner = new Scope(
    [...ctx.scope.relations, { alias: bound.alias, name: bound.name, columns: bound.columns }],
    false,
  );
  const innerCtx: TranslateContext = {
    scope: inner,
    agg: null,
    overs: null,
    subqueries: ctx.subqueries,
  };
  // Unqualified names in a subquery belong to the subquery's table unless it lacks them.
  const own = (x: PExpr) => toOuterKeys(preferInner(x, outerRels, bound.columns), ctx, outerRels);
  const where = q.where ? own(translate(q.where, innerCtx)) : null;
  let select: PExpr | null = null;
  let aggregate: { name: string; arg: PExpr | null; distinct: boolean } | null = null;
  let grouped: Extract<PExpr, { k: 'subquery' }>['grouped'];
  const item = q.items[0];
  const isAggregate =
    q.groupBy.length > 0 ||
    (q.having !== null && containsAggregate(q.having)) ||
    q.items.some((it) => it.kind === 'select_expr' && containsAggregate(it.expr));
  let selected: Expr | null = null;
  if (e.kind !== 'exists') {
    if (q.items.length !== 1) {
      throw new PlanError('the subquery must select exactly one column', q.span);
    }
    if (item.kind === 'select_star') {
      // `x IN (SELECT * FROM one_column_table)`: the star is that one column.
      if (bound.columns?.length !== 1) {
        throw new PlanError('the subquery must select exactly one column', q.span);
      }
      const name = {
        kind: 'identifier' as const,
        name: bound.columns[0],
        quoted: true,
        span: item.span,
      };
      selected = { kind: 'column', parts: [name], span: item.span };
    } else selected = item.expr;
  }
  const x = selected;
  // ORDER BY matters only with LIMIT (which rows are kept); positions and output aliases name
  // select items.
  const orderBy = q.limit ? q.orderBy : [];
  const orderTarget = (o: Expr): Expr => {
    if (o.kind === 'integer') {
      const it = q.items[Number(o.value) - 1];
      if (it?.kind === 'select_expr') return it.expr;
      if (it && selected) return selected;
    }
    if (o.kind === 'column' && o.parts.length === 1) {
      const name = o.parts[0].name.toLowerCase();
      const it = q.items.find(
        (i) => i.kind === 'select_expr' && i.alias?.name.toLowerCase() === name,
      );
      if (it?.kind === 'select_expr') return it.expr;
    }
    return o;
  };
  const orderKeys = (c: TranslateContext) =>
    orderBy.map((o) => ({
      e: own(translate(orderTarget(o.expr), c)),
      desc: o.direction === 'DESC',
      nullsFirst: o.nulls === 'FIRST',
    }));
  let order: NonNullable<Extract<PExpr, { k: 'subquery' }>['order']> = [];
  if (
    x !== null &&
    x.kind === 'call' &&
    x.over === null &&
    isAggregateFunction(x.name) &&
    x.args.length <= 1 &&
    !x.orderBy &&
    e.kind === 'scalar_subquery' &&
    q.groupBy.length === 0 &&
    q.having === null
  ) {
    const arg = x.star || x.args.length === 0 ? null : own(translate(x.args[0], innerCtx));
    aggregate = { name: x.name.toUpperCase(), arg, distinct: x.distinct };
    if (arg) select = arg;
  } else if (isAggregate || q.having !== null) {
    const rawKeys = q.groupBy.map((g) => translate(g, innerCtx));
    const aggCtx = new AggregateContext(rawKeys);
    const aggInner: TranslateContext = { ...innerCtx, agg: aggCtx };
    select = x ? own(translate(x, aggInner)) : null;
    const having = q.having ? own(translate(q.having, aggInner)) : null;
    order = orderKeys(aggInner);
    grouped = {
      keys: rawKeys.map(own),
      aggregates: aggCtx.calls.map((c) => ({
        name: c.name,
        arg: c.arg ? own(c.arg) : null,
        distinct: c.distinct,
        ...(c.order ? { order: c.order } : {}),
      })),
      having,
    };
  } else {
    if (x !== null) select = own(translate(x, innerCtx));
    order = orderKeys(innerCtx);
  }
  const rels = new Set<number | null>();
  if (where) Scope.relationsOf(where, rels);
  if (select && !grouped) Scope.relationsOf(select, rels);
  for (const k of grouped?.keys ?? []) Scope.relationsOf(k, rels);
  for (const a of grouped?.aggregates ?? []) if (a.arg) Scope.relationsOf(a.arg, rels);
  if (!grouped) for (const o of order) Scope.relationsOf(o.e, rels);
  const correlated = [...rels].some((r) => r !== outerRels);
  const out: PExpr = {
    k: 'subquery',
    mode: e.kind === 'exists' ? 'exists' : e.kind === 'in_subquery' ? 'in' : 'scalar',
    negated: e.kind === 'in_subquery' ? e.negated : false,
    e: e.kind === 'in_subquery' ? translate(e.operand, ctx) : null,
    table: bound.table,
    outerRels,
    where,
    select,
    aggregate,
    correlated,
    pos,
  };
  if (grouped) out.grouped = grouped;
  if (q.limit) out.limit = Number(q.limit.value);
  if (order.length > 0) out.order = order;
  if (q.distinct && e.kind !== 'exists') out.distinct = true;
  return out;
}

/**
 * Inside an aggregating outer query the outer record is the group's record: a correlated
 * reference to an outer GROUP BY column reads that group's key slot.
 */
function toOuterKeys(e: PExpr, ctx: TranslateContext, outerRels: number): PExpr {
  const agg = ctx.agg;
  if (!agg) return e;
  return mapCols(e, (c) => {
    if (c.rel === null || c.rel >= outerRels) return c;
    const asOuter = { ...c, rel: ctx.scope.single ? null : c.rel };
    const i = agg.keyJson.indexOf(exprKey(asOuter));
    return i < 0 ? c : { k: 'col', rel: 0, name: `$g${i}`, pos: c.pos };
  });
}

/** Unresolved (rel null) names inside a subquery refer to the subquery's own table. */
function preferInner(e: PExpr, innerRel: number, columns: string[] | undefined): PExpr {
  return mapCols(e, (c) => {
    if (c.rel !== null) return c;
    if (c.k === 'col' && columns && !columns.includes(c.name)) return { ...c, rel: 0 };
    return { ...c, rel: innerRel };
  });
}
