/**
 * Statements → logical plan. Resolves FROM/JOIN inputs (URI sources, caller-bound names, earlier
 * streams and tables), event-time settings, windows, aggregation, window functions, joins and
 * subqueries.
 */

import type { EventTimeFormat } from '../exec/event-time.ts';
import { EVENT_TIME_FORMATS } from '../exec/event-time.ts';
import type { WindowSpec } from '../operators/window-assigners.ts';
import type {
  Expr,
  FunctionCall,
  Select,
  SelectItem,
  SetOperation,
  Statement,
  TableRef,
} from '../sql/ast.ts';
import type { Schema } from '../types/schema.ts';
import type { SqlType } from '../types/value.ts';
import { defaultName, durationMs, flinkWindow, parseDuration, withMap } from './clauses.ts';
import { PlanError } from './errors.ts';
import type { PExpr } from './expr.ts';
import { planJoin } from './joins.ts';
import { planOver } from './over.ts';
import type {
  AggregatePlan,
  OutputItem,
  Program,
  RelationInput,
  RelationPlan,
  SortKey,
  SourceDecl,
  StatementPlan,
  TableDecl,
} from './program.ts';
import { Scope, type ScopeRelation } from './scope.ts';
import {
  AggregateContext,
  containsAggregate,
  exprKey,
  type OverCall,
  type SubqueryBinder,
  type TranslateContext,
  translate,
  typeOfExpr,
} from './translate.ts';

export interface PlanOptions {
  schemas?: Record<string, Schema>;
  /** URI parameters of sources bound by name (event.time.*, watermark.delay, late.policy). */
  sourceParams?: Record<string, Record<string, string>>;
  /** Full SQL text, for explain. */
  sql?: string;
  /** Window-function calls over bounded inputs only (from the analysis): ordered as a whole. */
  boundedWindowCalls?: ReadonlySet<FunctionCall>;
}

interface Defined {
  index: number;
  kind: 'stream' | 'table';
  columns?: string[];
  types?: Record<string, SqlType>;
}

const FLINK_WINDOWS = new Set(['TUMBLE', 'HOP', 'SESSION']);

export function planProgram(statements: Statement[], options: PlanOptions = {}): Program {
  const planner = new Planner(options);
  statements.forEach((s, i) => {
    planner.planStatement(s, i);
  });
  return {
    sources: [...planner.sources.values()],
    statements: planner.plans,
    tables: [...planner.tables.values()],
  };
}

class Planner {
  readonly sources = new Map<string, SourceDecl>();
  readonly tables = new Map<string, TableDecl>();
  readonly plans: StatementPlan[] = [];
  private readonly defined = new Map<string, Defined>();

  constructor(private readonly options: PlanOptions) {}

  planStatement(stmt: Statement, index: number): void {
    const q = stmt.query;
    const withOpts = withMap(stmt.with);
    const refs: TableRef[] = q.from ? [q.from, ...q.joins.map((j) => j.source)] : [];
    const windowTimeColumn = this.windowTimeColumn(q);
    const relations: RelationPlan[] = refs.map((ref) =>
      this.relation(ref, withOpts, windowTimeColumn),
    );
    const scopeRels: ScopeRelation[] = refs.map((ref, i) => ({
      alias: ref.alias?.name ?? (ref.kind === 'named_source' ? ref.name.name : null),
      name: ref.kind === 'named_source' ? ref.name.name : null,
      columns: relations[i].columns,
      types: relations[i].types,
    }));
    const scope = new Scope(scopeRels);
    const tablesUsed: string[] = [];
    const binder: SubqueryBinder = {
      bind: (sub: Select) => {
        const ref = sub.from!;
        const rel = this.relation(ref, new Map(), null);
        const table = this.materialize(rel.input, ref);
        if (!tablesUsed.includes(table)) tablesUsed.push(table);
        return {
          table,
          alias: ref.alias?.name ?? (ref.kind === 'named_source' ? ref.name.name : null),
          name: ref.kind === 'named_source' ? ref.name.name : null,
          columns: rel.columns,
        };
      },
    };
    const rowCtx: TranslateContext = {
      scope,
      agg: null,
      overs: null,
      subqueries: binder,
    };

    const joins = q.joins.map((j, idx) =>
      planJoin(
        j,
        idx + 1,
        relations,
        rowCtx,
        (i) => {
          const t = this.materialize(relations[i].input, refs[i]);
          if (!tablesUsed.includes(t)) tablesUsed.push(t);
          return t;
        },
        (i) => this.isTableInput(relations[i].input),
        (i, column) => this.isEventTimeColumn(relations[i].input, column),
      ),
    );

    const where = q.where ? translate(q.where, rowCtx) : null;
    if (q.where && containsAggregate(q.where)) {
      throw new PlanError(
        'aggregate functions are not allowed in WHERE',
        q.where.span,
        'use HAVING',
      );
    }

    // Aggregation.
    const { keys: keyExprs, window } = this.groupKeys(q);
    const isAggregate =
      keyExprs.length > 0 ||
      window !== null ||
      q.items.some((it) => it.kind === 'select_expr' && containsAggregate(it.expr)) ||
      (q.having !== null && containsAggregate(q.having));
    let aggregate: AggregatePlan | null = null;
    let outCtx: TranslateContext = rowCtx;
    const overs: OverCall[] = [];
    if (isAggregate) {
      const keys = keyExprs.map((k) => translate(this.aliasKey(k, q.items), rowCtx));
      const aggCtx = new AggregateContext(keys);
      outCtx = { scope, agg: aggCtx, overs, subqueries: binder };
      aggregate = {
        keys,
        aggregates: aggCtx.calls,
        window,
        emit: q.emit
          ? q.emit.mode === 'FINAL'
            ? 'final'
            : 'changes'
          : window
            ? 'final'
            : 'changes',
      };
    } else {
      outCtx = { ...rowCtx, overs };
      if (q.emit) {
        throw new PlanError(
          'EMIT applies only to aggregations (GROUP BY, aggregates or a window)',
          q.emit.span,
        );
      }
    }
    const having = q.having ? translate(q.having, { ...outCtx, overs: null }) : null;
    if (q.having && !isAggregate) {
      throw new PlanError('HAVING needs GROUP BY or an aggregate function', q.having.span);
    }
    const output: OutputItem[] = [];
    const columns: string[] = [];
    const used = new Map<string, number>();
    const outTypes: Record<string, SqlType> = {};
    q.items.forEach((item, i) => {
      if (item.kind === 'select_star') {
        let rel: number | null = null;
        if (item.qualifier) {
          rel = scopeRels.findIndex(
            (r) => (r.alias ?? r.name)?.toLowerCase() === item.qualifier!.name.toLowerCase(),
          );
          if (rel < 0)
            throw new PlanError(
              `relation "${item.qualifier.name}" does not exist`,
              item.qualifier.span,
            );
        }
        const relIndexes = rel === null ? relations.map((_, j) => j) : [rel];
        if (isAggregate) {
          // `SELECT *` with GROUP BY: every column must be grouped (checked by translate).
          if (!relIndexes.every((j) => relations[j].columns))
            throw new PlanError(
              'SELECT * cannot be combined with GROUP BY or aggregates',
              item.span,
            );
          for (const j of relIndexes) {
            for (const c of relations[j].columns ?? []) {
              const id = (name: string) => ({
                kind: 'identifier' as const,
                name,
                quoted: true,
                span: item.span,
              });
              const qualifier = scopeRels[j].alias ?? scopeRels[j].name;
              const parts = relations.length > 1 && qualifier ? [id(qualifier), id(c)] : [id(c)];
              const expr = translate({ kind: 'column', parts, span: item.span }, outCtx);
              const seen = used.get(c) ?? 0;
              used.set(c, seen + 1);
              const name = seen > 0 ? `${c}_${seen + 1}` : c;
              output.push({ kind: 'expr', name, expr });
              columns.push(name);
              outTypes[name] = relations[j].types?.[c] ?? 'ANY';
            }
          }
          return;
        }
        if (relations.length > 1 && relIndexes.every((j) => relations[j].columns)) {
          // Over a join every relation's columns are output, a repeated name as name_2, …
          // (a self-join keeps both sides), as the analyzer names them.
          for (const j of relIndexes) {
            for (const c of relations[j].columns ?? []) {
              const seen = used.get(c) ?? 0;
              used.set(c, seen + 1);
              const name = seen > 0 ? `${c}_${seen + 1}` : c;
              output.push({ kind: 'expr', name, expr: { k: 'col', rel: j, name: c } });
              columns.push(name);
              outTypes[name] = relations[j].types?.[c] ?? 'ANY';
            }
          }
          return;
        }
        output.push({ kind: 'star', rel: relations.length === 1 ? null : rel });
        const rels = rel === null ? relations : [relations[rel]];
        for (const r of rels)
          for (const c of r.columns ?? []) {
            if (columns.includes(c)) continue;
            columns.push(c);
            outTypes[c] = r.types?.[c] ?? 'ANY';
          }
        return;
      }
      const expr = translate(item.expr, outCtx);
      let name = item.alias?.name ?? defaultName(item, i);
      const seen = used.get(name) ?? 0;
      used.set(name, seen + 1);
      if (seen > 0) name = `${name}_${seen + 1}`;
      output.push({ kind: 'expr', name, expr });
      columns.push(name);
      outTypes[name] = typeOfExpr(expr, scope);
    });
    const orderBy = planOrderBy(q, output, columns, outCtx);
    if (aggregate) aggregate.aggregates = (outCtx.agg as AggregateContext).calls;
    // A sorted aggregation without a window emits each group once, at end of input.
    if (aggregate && orderBy.length > 0 && q.emit === null) aggregate.emit = 'final';
    const over = planOver(overs, outCtx, this.options.boundedWindowCalls);

    const kind =
      stmt.kind === 'create_stream' ? 'stream' : stmt.kind === 'create_table' ? 'table' : 'select';
    const name = stmt.kind === 'select_statement' ? null : stmt.name.name;
    if (name !== null && stmt.kind !== 'select_statement') {
      if (this.defined.has(name.toLowerCase())) {
        throw new PlanError(`"${name}" is already defined`, stmt.name.span);
      }
      this.defined.set(name.toLowerCase(), {
        index,
        kind: kind as 'stream' | 'table',
        columns:
          output.some((o) => o.kind === 'star') && columns.length === 0 ? undefined : columns,
      });
    }
    const late = withOpts.get('late.policy') ?? this.firstSourceParam(relations, 'late.policy');
    const plan: StatementPlan = {
      index,
      kind,
      name,
      sink: stmt.into?.uri ?? name ?? 'result',
      into: stmt.into?.uri ?? null,
      relations,
      joins,
      where,
      preFilter: null,
      aggregate,
      having,
      over,
      output,
      columns,
      limit: q.limit ? Number(q.limit.value) : null,
      distinct: q.distinct,
      tables: tablesUsed,
      ...(orderBy.length > 0 ? { orderBy } : {}),
      primarySource: primarySourceId(relations, this.plans),
      latePolicy: late?.toLowerCase() === 'drop' ? 'drop' : 'dlq',
      sql: this.options.sql
        ? this.options.sql.slice(stmt.span.start.offset, stmt.span.end.offset)
        : '',
    };
    if (stmt.internal) plan.internal = true;
    if (stmt.setOperation) this.addSetOperation(plan, stmt.setOperation);
    this.plans.push(plan);
  }

  /** The right query of a set operation becomes relation 1, read by position. */
  private addSetOperation(plan: StatementPlan, s: SetOperation): void {
    const ref: TableRef = { kind: 'named_source', name: s.right, alias: null, span: s.right.span };
    const right = this.relation(ref, new Map(), null);
    const left = plan.relations[0];
    if (left?.columns && right.columns && left.columns.length !== right.columns.length) {
      throw new PlanError(
        `each ${s.op} query must have the same number of columns (${left.columns.length} and ${right.columns.length})`,
        s.right.span,
      );
    }
    plan.relations.push(right);
    plan.setOperation = { op: s.op, all: s.all };
  }

  private firstSourceParam(relations: RelationPlan[], key: string): string | undefined {
    for (const r of relations) {
      if (r.input.kind === 'source') {
        const v = this.sources.get(r.input.sourceId)?.params[key];
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  private isEventTimeColumn(input: RelationInput, column: string): boolean {
    if (input.kind !== 'source') return false;
    return this.sources.get(input.sourceId)?.eventTime.field === column;
  }

  private isTableInput(input: RelationInput): boolean {
    if (input.kind !== 'statement') return false;
    return this.plans[input.statement].kind === 'table';
  }

  /** Registers the table a join side or subquery reads, returning its name. */
  private materialize(input: RelationInput, _ref: TableRef): string {
    const name =
      input.kind === 'statement'
        ? (this.plans[input.statement].name ?? `statement${input.statement}`)
        : `source:${input.sourceId}`;
    if (!this.tables.has(name)) this.tables.set(name, { name, input });
    return name;
  }

  private relation(
    ref: TableRef,
    withOpts: Map<string, string>,
    timeColumn: string | null,
  ): RelationPlan {
    const alias = ref.alias?.name ?? (ref.kind === 'named_source' ? ref.name.name : '');
    if (ref.kind === 'named_source') {
      const d = this.defined.get(ref.name.name.toLowerCase());
      if (d) {
        return {
          alias,
          input: { kind: 'statement', statement: d.index },
          columns: d.columns,
          types: d.types,
        };
      }
    }
    const id = ref.kind === 'uri_source' ? ref.uri : ref.name.name;
    const params =
      ref.kind === 'uri_source' ? { ...ref.params } : { ...this.options.sourceParams?.[id] };
    let decl = this.sources.get(id);
    const explicitField = withOpts.get('event.time.field') ?? timeColumn ?? undefined;
    if (decl && decl.eventTime.field === undefined && explicitField !== undefined) {
      // A later statement gives event-time settings for a source an earlier one read without.
      decl = undefined;
    }
    if (!decl) {
      const get = (k: string) => withOpts.get(k) ?? params[k];
      const field = get('event.time.field') ?? timeColumn ?? undefined;
      const format = (get('event.time.format') ?? 'auto').toLowerCase();
      if (!(EVENT_TIME_FORMATS as readonly string[]).includes(format)) {
        throw new PlanError(
          `unknown event time format '${format}'`,
          ref.span,
          `use one of ${EVENT_TIME_FORMATS.join(', ')}`,
        );
      }
      const delayText = get('watermark.delay');
      const delay = delayText === undefined ? 0 : parseDuration(delayText);
      if (delay === null) throw new PlanError(`invalid watermark.delay '${delayText}'`, ref.span);
      decl = {
        id,
        params,
        eventTime: { field, format: format as EventTimeFormat },
        watermarkDelay: delay,
        latePolicy: (get('late.policy') ?? '').toLowerCase() === 'drop' ? 'drop' : 'dlq',
      };
      if (ref.kind === 'uri_source') decl.uri = ref.uri;
      else decl.name = ref.name.name;
      for (const [k, v] of withOpts) if (!(k in decl.params)) decl.params[k] = v;
      this.sources.set(id, decl);
    }
    const schema = this.options.schemas?.[id];
    return {
      alias,
      input: { kind: 'source', sourceId: id },
      columns: schema ? schema.columns.map((c) => c.name) : undefined,
      types: schema ? Object.fromEntries(schema.columns.map((c) => [c.name, c.type])) : undefined,
    };
  }

  private windowTimeColumn(q: Select): string | null {
    const w = q.window;
    if (w?.timeColumn && w.timeColumn.kind === 'column') return w.timeColumn.parts.at(-1)!.name;
    for (const g of q.groupBy) {
      if (g.kind === 'call' && FLINK_WINDOWS.has(g.name) && g.args[0]?.kind === 'column') {
        return g.args[0].parts.at(-1)!.name;
      }
    }
    return null;
  }

  private groupKeys(q: Select): { keys: Expr[]; window: WindowSpec | null } {
    let window: WindowSpec | null = null;
    if (q.window) {
      const w = q.window;
      if (w.kind === 'window_tumbling') {
        const size = durationMs(w.size);
        window = { kind: 'tumbling', size, slide: size, gap: 0 };
      } else if (w.kind === 'window_sliding') {
        window = {
          kind: 'sliding',
          size: durationMs(w.size),
          slide: durationMs(w.advance),
          gap: 0,
        };
      } else window = { kind: 'session', size: 0, slide: 0, gap: durationMs(w.gap) };
    }
    const keys: Expr[] = [];
    for (const g of q.groupBy) {
      if (g.kind === 'call' && FLINK_WINDOWS.has(g.name) && g.over === null) {
        if (window) throw new PlanError('only one window per statement', g.span);
        window = flinkWindow(g);
      } else keys.push(g);
    }
    if (window) {
      if (window.kind !== 'session' && (window.size <= 0 || window.slide <= 0)) {
        throw new PlanError('window size must be positive', (q.window ?? q).span);
      }
      if (window.kind === 'session' && window.gap <= 0) {
        throw new PlanError('session gap must be positive', (q.window ?? q).span);
      }
    }
    return { keys, window };
  }

  /** `GROUP BY s` where `s` is a SELECT alias of a non-column expression. */
  private aliasKey(k: Expr, items: SelectItem[]): Expr {
    if (k.kind !== 'column' || k.parts.length !== 1) return k;
    const name = k.parts[0].name;
    for (const it of items) {
      if (it.kind !== 'select_expr' || it.alias?.name !== name) continue;
      if (it.expr.kind === 'column' && it.expr.parts.at(-1)!.name === name) return k;
      if (containsAggregate(it.expr)) return k;
      return it.expr;
    }
    return k;
  }
}

/**
 * ORDER BY keys: a position or output name sorts by that output column; an expression equal
 * to a select item sorts by its column; any other expression becomes a hidden output field
 * (`$o<i>`) that the sort removes.
 */
function planOrderBy(
  q: Select,
  output: OutputItem[],
  columns: string[],
  ctx: TranslateContext,
): SortKey[] {
  return q.orderBy.map((o, i) => {
    const desc = o.direction === 'DESC';
    const nullsFirst = o.nulls === 'FIRST';
    const e = o.expr;
    if (e.kind === 'integer') {
      const n = Number(e.value);
      if (n < 1 || n > columns.length)
        throw new PlanError(`ORDER BY position ${e.text} is not in the select list`, e.span);
      return { field: columns[n - 1], desc, nullsFirst };
    }
    if (e.kind === 'column' && e.parts.length === 1) {
      const name = e.parts[0].name;
      if (columns.includes(name)) return { field: name, desc, nullsFirst };
    }
    const expr = translate(e, { ...ctx, overs: null });
    const key = exprKey(expr);
    const same = output.find((x) => x.kind === 'expr' && exprKey(x.expr) === key);
    if (same && same.kind === 'expr') return { field: same.name, desc, nullsFirst };
    if (q.distinct)
      throw new PlanError(
        'for SELECT DISTINCT, ORDER BY expressions must appear in the select list',
        e.span,
      );
    const field = `$o${i}`;
    output.push({ kind: 'expr', name: field, expr });
    return { field, desc, nullsFirst };
  });
}

function primarySourceId(relations: RelationPlan[], plans: StatementPlan[]): string {
  if (relations.length === 0) return '';
  const input = relations[0].input;
  return input.kind === 'source'
    ? input.sourceId
    : (plans[input.statement]?.name ?? plans[input.statement]?.primarySource ?? '');
}

export type { PExpr };
export { exprKey, parseDuration };
