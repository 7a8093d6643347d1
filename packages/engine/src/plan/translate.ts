/**
 * AST expressions → planner expressions: names resolved against the scope, literals turned
 * into exact values, aggregates and window functions replaced by the fields their operators
 * produce, subqueries bound to materialized tables.
 */

import { HEADER_FUNCTIONS, WINDOW_BOUND_FUNCTIONS } from '../analyze/functions.ts';
import { type AggregateOrder, isAggregateFunction } from '../functions/aggregates.ts';
import { getScalarFunction } from '../functions/registry.ts';
import type { Expr, FunctionCall, Select, Span } from '../sql/ast.ts';
import { binaryResultType } from '../types/arithmetic.ts';
import { typeOfValue } from '../types/cast.ts';
import { Decimal } from '../types/decimal.ts';
import { type SqlType, Timestamp } from '../types/value.ts';
import { PlanError } from './errors.ts';
import type { PExpr, SqlPos } from './expr.ts';
import type { AggregateCall } from './program.ts';
import type { Scope } from './scope.ts';
import { translateSubquery } from './translate-subquery.ts';

// One list of function names for analysis and planning.
const HEADER_FUNCTION_NAMES = new Set(Object.keys(HEADER_FUNCTIONS));

export const WINDOW_ONLY_FUNCTIONS = new Set([
  'LAG',
  'LEAD',
  'ROW_NUMBER',
  'RANK',
  'DENSE_RANK',
  'FIRST_VALUE',
  'LAST_VALUE',
  'NTH_VALUE',
  'PERCENT_RANK',
  'CUME_DIST',
  'NTILE',
]);

/** Aggregation context: GROUP BY keys and the aggregate calls found so far. */
export class AggregateContext {
  readonly keyJson: string[];
  readonly calls: AggregateCall[] = [];
  private readonly callJson: string[] = [];
  constructor(readonly keys: PExpr[]) {
    this.keyJson = keys.map(exprKey);
  }
  register(call: AggregateCall): number {
    const j = exprKey(call as unknown as PExpr);
    const i = this.callJson.indexOf(j);
    if (i >= 0) return i;
    this.calls.push(call);
    this.callJson.push(j);
    return this.calls.length - 1;
  }
}

/** Window function calls found in the SELECT list, each becoming a `$w<n>` field. */
export interface OverCall {
  call: FunctionCall;
  field: string;
}

export interface SubqueryBinder {
  /** Materializes the subquery's FROM as a table; returns its name and scope relation. */
  bind(query: Select): {
    table: string;
    alias: string | null;
    name: string | null;
    columns?: string[];
  };
}

export interface TranslateContext {
  scope: Scope;
  agg: AggregateContext | null;
  overs: OverCall[] | null;
  subqueries: SubqueryBinder | null;
}

export function posOf(span: Span): SqlPos {
  return { line: span.start.line, column: span.start.column };
}

/** Structural identity of a planner expression (positions ignored). */
export function exprKey(e: PExpr): string {
  return JSON.stringify(e, (k, v) =>
    k === 'pos'
      ? undefined
      : typeof v === 'bigint'
        ? `${v}n`
        : v instanceof Decimal
          ? `${v.toString()}d`
          : v,
  );
}

export function containsAggregate(e: Expr): boolean {
  let found = false;
  walkExpr(e, (n) => {
    if (n.kind === 'call' && n.over === null && isAggregateFunction(n.name)) found = true;
  });
  return found;
}

export function containsOver(e: Expr): boolean {
  let found = false;
  walkExpr(e, (n) => {
    if (n.kind === 'call' && n.over !== null) found = true;
  });
  return found;
}

/** Visits expression nodes (not descending into subqueries). */
export function walkExpr(e: Expr, f: (n: Expr) => void): void {
  f(e);
  const kids: (Expr | null)[] = [];
  switch (e.kind) {
    case 'field_access':
      kids.push(e.base);
      break;
    case 'index_access':
      kids.push(e.base, e.index);
      break;
    case 'unary':
      kids.push(e.operand);
      break;
    case 'binary':
      kids.push(e.left, e.right);
      break;
    case 'is_null':
      kids.push(e.operand);
      break;
    case 'between':
      kids.push(e.operand, e.low, e.high);
      break;
    case 'in_list':
      kids.push(e.operand, ...e.list);
      break;
    case 'in_subquery':
      kids.push(e.operand);
      break;
    case 'like':
      kids.push(e.operand, e.pattern, e.escape);
      break;
    case 'case':
      kids.push(e.operand, e.elseResult);
      for (const w of e.whens) kids.push(w.when, w.then);
      break;
    case 'cast':
    case 'extract':
      kids.push(e.operand);
      break;
    case 'call':
      kids.push(...e.args);
      break;
  }
  for (const k of kids) if (k) walkExpr(k, f);
}

export function translate(e: Expr, ctx: TranslateContext): PExpr {
  const pos = posOf(e.span);
  if (ctx.agg) {
    if (
      !containsAggregate(e) &&
      !containsOver(e) &&
      e.kind !== 'in_subquery' &&
      e.kind !== 'exists' &&
      e.kind !== 'scalar_subquery'
    ) {
      const row = translate(e, { ...ctx, agg: null });
      const i = ctx.agg.keyJson.indexOf(exprKey(row));
      if (i >= 0) return { k: 'slot', field: `$g${i}`, pos };
      if (e.kind === 'column') {
        const r = row;
        const isWindowCol =
          r.k === 'sys' && (r.name === '_window_start' || r.name === '_window_end');
        if (!isWindowCol) {
          throw new PlanError(
            `column "${e.parts.map((p) => p.name).join('.')}" must appear in the GROUP BY clause or be used in an aggregate function`,
            e.span,
          );
        }
        return row;
      }
    }
  }
  switch (e.kind) {
    case 'integer':
      return { k: 'lit', value: e.value, pos };
    case 'decimal':
      return { k: 'lit', value: Decimal.parse(e.text), pos };
    case 'float':
      return { k: 'lit', value: e.value, pos };
    case 'string':
      return { k: 'lit', value: e.value, pos };
    case 'boolean':
      return { k: 'lit', value: e.value, pos };
    case 'null':
      return { k: 'lit', value: null, pos };
    case 'interval':
      if (e.ms === null) throw new PlanError(`invalid interval '${e.quantity}'`, e.span);
      return { k: 'lit', value: BigInt(e.ms), pos };
    case 'timestamp':
      if (e.ms === null) throw new PlanError(`invalid timestamp '${e.text}'`, e.span);
      return { k: 'lit', value: new Timestamp(e.ms), pos };
    case 'column':
      return ctx.scope.resolve(e);
    case 'field_access':
      return { k: 'field', base: translate(e.base, ctx), name: e.field.name, pos };
    case 'index_access':
      return { k: 'index', base: translate(e.base, ctx), index: translate(e.index, ctx), pos };
    case 'unary': {
      const x = translate(e.operand, ctx);
      if (e.op === '+') return x;
      if (e.op === 'NOT') return { k: 'not', e: x, pos };
      if (x.k === 'lit' && typeof x.value === 'bigint') return { k: 'lit', value: -x.value, pos };
      if (x.k === 'lit' && x.value instanceof Decimal)
        return { k: 'lit', value: x.value.neg(), pos };
      if (x.k === 'lit' && typeof x.value === 'number') return { k: 'lit', value: -x.value, pos };
      return { k: 'neg', e: x, pos };
    }
    case 'binary':
      return { k: 'bin', op: e.op, l: translate(e.left, ctx), r: translate(e.right, ctx), pos };
    case 'is_null':
      return { k: 'isnull', e: translate(e.operand, ctx), negated: e.negated, pos };
    case 'between':
      return {
        k: 'between',
        e: translate(e.operand, ctx),
        lo: translate(e.low, ctx),
        hi: translate(e.high, ctx),
        negated: e.negated,
        pos,
      };
    case 'in_list':
      return {
        k: 'in',
        e: translate(e.operand, ctx),
        list: e.list.map((x) => translate(x, ctx)),
        negated: e.negated,
        pos,
      };
    case 'like':
      return {
        k: 'like',
        e: translate(e.operand, ctx),
        pattern: translate(e.pattern, ctx),
        escape: e.escape ? translate(e.escape, ctx) : null,
        negated: e.negated,
        ci: e.caseInsensitive,
        pos,
      };
    case 'case':
      return {
        k: 'case',
        operand: e.operand ? translate(e.operand, ctx) : null,
        whens: e.whens.map((w) => [translate(w.when, ctx), translate(w.then, ctx)]),
        otherwise: e.elseResult ? translate(e.elseResult, ctx) : null,
        pos,
      };
    case 'cast': {
      if (!e.type.type) throw new PlanError(`unknown type ${e.type.name}`, e.type.span);
      const c: PExpr = { k: 'cast', e: translate(e.operand, ctx), type: e.type.type, pos };
      const target = c as { scale?: number; precision?: number; try?: boolean };
      if (e.type.scale !== null) target.scale = e.type.scale;
      else if (e.type.type === 'DECIMAL' && e.type.precision !== null) target.scale = 0;
      if (e.type.type === 'DECIMAL' && e.type.precision !== null)
        target.precision = e.type.precision;
      if (e.try) target.try = true;
      return c;
    }
    case 'extract':
      return {
        k: 'call',
        name: 'EXTRACT',
        args: [{ k: 'lit', value: e.field }, translate(e.operand, ctx)],
        pos,
      };
    case 'call':
      return translateCall(e, ctx, pos);
    case 'exists':
    case 'in_subquery':
    case 'scalar_subquery':
      return translateSubquery(e, ctx, pos);
  }
}

function translateCall(e: FunctionCall, ctx: TranslateContext, pos: SqlPos): PExpr {
  const name = e.name.toUpperCase();
  if (e.over !== null) {
    if (!ctx.overs)
      throw new PlanError(`window function ${name} is only allowed in the SELECT list`, e.span);
    const field = `$w${ctx.overs.length}`;
    ctx.overs.push({ call: e, field });
    return { k: 'slot', field, pos };
  }
  if (WINDOW_ONLY_FUNCTIONS.has(name)) {
    throw new PlanError(`window function ${name} requires an OVER clause`, e.span);
  }
  if (name in WINDOW_BOUND_FUNCTIONS) {
    return { k: 'window_bound', which: WINDOW_BOUND_FUNCTIONS[name], pos };
  }
  if (isAggregateFunction(name)) {
    if (!ctx.agg) throw new PlanError(`aggregate function ${name} is not allowed here`, e.span);
    const rowCtx = { ...ctx, agg: null, overs: null };
    const arg = aggregateArgument(e, rowCtx, pos);
    const call: AggregateCall = { name, arg, argType: 'ANY', distinct: e.distinct };
    if (e.orderBy) call.order = aggregateOrder(e);
    const i = ctx.agg.register(call);
    return { k: 'slot', field: `$a${i}`, pos };
  }
  const args = e.args.map((a) => translate(a, ctx));
  if (HEADER_FUNCTION_NAMES.has(name)) {
    return { k: 'header', fn: name as 'HEADER', args, pos };
  }
  return { k: 'call', name, args, pos };
}

/**
 * The value an aggregate's accumulator is fed per row: its argument; several arguments
 * (STRING_AGG(x, sep), CORR(y, x)) as one array; with `ORDER BY` the argument (TRUE for
 * `COUNT(*)`) followed by the sort keys, as one array.
 */
export function aggregateArgument(
  e: FunctionCall,
  ctx: TranslateContext,
  pos: SqlPos,
): PExpr | null {
  const pack = (args: PExpr[]): PExpr => ({ k: 'call', name: '$AGG_ARGS', args, pos });
  const plain =
    e.star || e.args.length === 0
      ? null
      : e.args.length === 1
        ? translate(e.args[0], ctx)
        : pack(e.args.map((a) => translate(a, ctx)));
  if (!e.orderBy) return plain;
  const keys = e.orderBy.map((o) => translate(o.expr, ctx));
  return pack([plain ?? { k: 'lit', value: true }, ...keys]);
}

export function aggregateOrder(e: FunctionCall): AggregateOrder[] {
  return (e.orderBy ?? []).map((o) => ({
    desc: o.direction === 'DESC',
    nullsFirst: o.nulls === 'FIRST',
  }));
}

export function mapCols(e: PExpr, f: (c: Extract<PExpr, { k: 'col' | 'sys' }>) => PExpr): PExpr {
  if (e.k === 'col' || e.k === 'sys') return f(e);
  if (e.k === 'subquery') return e;
  const out: Record<string, unknown> = { ...e };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'pos') continue;
    if (Array.isArray(v)) {
      out[k] = v.map((x) =>
        Array.isArray(x)
          ? x.map((y) => (isPExpr(y) ? mapCols(y, f) : y))
          : isPExpr(x)
            ? mapCols(x, f)
            : x,
      );
    } else if (isPExpr(v)) out[k] = mapCols(v, f);
  }
  return out as PExpr;
}

function isPExpr(v: unknown): v is PExpr {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { k?: unknown }).k === 'string' &&
    !(v instanceof Decimal)
  );
}

/** Best-effort static type of a planner expression (ANY when unknown). */
export function typeOfExpr(e: PExpr, scope: Scope): SqlType {
  switch (e.k) {
    case 'lit':
      return typeOfValue(e.value);
    case 'col': {
      const rel = scope.relations[e.rel ?? 0];
      if (e.rel === null && !scope.single) {
        for (const r of scope.relations) if (r.types?.[e.name]) return r.types[e.name];
        return 'ANY';
      }
      return rel?.types?.[e.name] ?? 'ANY';
    }
    case 'bin': {
      if (['+', '-', '*', '/', '%'].includes(e.op)) {
        const t = binaryResultType(e.op as '+', typeOfExpr(e.l, scope), typeOfExpr(e.r, scope));
        return typeof t === 'string' ? t : 'ANY';
      }
      return e.op === '||' ? 'STRING' : 'BOOLEAN';
    }
    case 'neg':
      return typeOfExpr(e.e, scope);
    case 'cast':
      return e.type;
    case 'case': {
      for (const [, v] of e.whens) {
        const t = typeOfExpr(v, scope);
        if (t !== 'NULL' && t !== 'ANY') return t;
      }
      return e.otherwise ? typeOfExpr(e.otherwise, scope) : 'ANY';
    }
    case 'call': {
      const fn = getScalarFunction(e.name);
      const t = fn?.returnType(e.args.map((a) => typeOfExpr(a, scope)));
      return typeof t === 'string' ? t : 'ANY';
    }
    case 'window_bound':
      return 'TIMESTAMP';
    case 'isnull':
    case 'between':
    case 'in':
    case 'like':
    case 'not':
      return 'BOOLEAN';
    default:
      return 'ANY';
  }
}
