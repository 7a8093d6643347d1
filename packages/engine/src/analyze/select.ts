/**
 * Analysis of one SELECT block: relations, joins, WHERE, select list, GROUP BY (with
 * Flink-style window calls), HAVING, WINDOW, EMIT and LIMIT, and the aggregate and window
 * rules between them.
 */
import { frameDependent } from '../operators/over-frame.ts';
import type { ColumnRef, Expr, FunctionCall, Select, Span, TableRef } from '../sql/ast.ts';
import type { SqlType } from '../types/value.ts';
import { ExprAnalyzer, type ExprEnv } from './expr.ts';
import { GROUP_WINDOW_FUNCTIONS } from './functions.ts';
import { checkGrouped, childExprs, someExpr } from './grouping.ts';
import { analyzeJoin } from './joins.ts';
import { hints, messages } from './messages.ts';
import { qualifierOf, Scope } from './scope.ts';
import type { AnalysisState } from './state.ts';
import type {
  AnalyzedRelation,
  AnalyzedSelect,
  OutputItem,
  RelationInput,
  TypedColumn,
  WindowInfo,
} from './types.ts';
import { windowFromClause, windowFromGroupCall } from './windows.ts';

/** What a SELECT needs from the program around it. */
export interface SelectContext {
  state: AnalysisState;
  /** Resolves a FROM/JOIN entry (reports unknown names; columns null when unknown). */
  relation(ref: TableRef): AnalyzedRelation;
  /** Facts about an input for window/emit rules. */
  inputFacts(input: RelationInput): { id: string; bounded: boolean | null; hasEventTime: boolean };
}

const isGroupWindowCall = (e: Expr): e is FunctionCall =>
  e.kind === 'call' && e.over === null && e.name in GROUP_WINDOW_FUNCTIONS;

const WHOLE_PARTITION_FUNCTIONS = new Set(['PERCENT_RANK', 'CUME_DIST', 'NTILE']);

/**
 * Window functions the runtime can only evaluate over a complete partition (descending order,
 * frames to UNBOUNDED FOLLOWING, distribution functions), so they emit at end of input.
 */
function needsWholePartition(call: FunctionCall): boolean {
  const over = call.over;
  if (!over) return false;
  return (
    WHOLE_PARTITION_FUNCTIONS.has(call.name) ||
    over.orderBy[0]?.direction === 'DESC' ||
    over.frame?.end.type === 'UNBOUNDED_FOLLOWING'
  );
}

function wholePartitionWithoutOrder(call: FunctionCall): boolean {
  const over = call.over;
  if (!over || over.orderBy.length > 0 || !frameDependent(call.name)) return false;
  return over.frame === null || over.frame.unit === 'RANGE';
}

export function analyzeSelect(
  ctx: SelectContext,
  select: Select,
  parent: Scope | null,
): AnalyzedSelect {
  const { state } = ctx;
  const relations: AnalyzedRelation[] = [];
  if (select.from) relations.push(ctx.relation(select.from));
  for (const j of select.joins) relations.push(ctx.relation(j.source));
  const scope = new Scope(relations, parent);
  const groupWindowCalls = select.groupBy.filter(isGroupWindowCall);
  const windowed = select.window !== null || groupWindowCalls.length > 0;

  const aggregates: FunctionCall[] = [];
  const windowFunctions: FunctionCall[] = [];
  const subqueries = new Map<Select, AnalyzedSelect>();
  const baseEnv: ExprEnv = {
    scope,
    clause: 'SELECT',
    allowAggregates: true,
    allowWindowFunctions: true,
    windowed,
    onAggregate: (c) => aggregates.push(c),
    onWindowFunction: (c) => windowFunctions.push(c),
    analyzeSubquery: (query, outer) => {
      const sub = analyzeSelect(ctx, query, outer);
      subqueries.set(query, sub);
      return sub;
    },
  };
  const analyzer = (env: Partial<ExprEnv>) => new ExprAnalyzer(state, { ...baseEnv, ...env });
  const restricted = (clause: string) =>
    analyzer({ clause, allowAggregates: false, allowWindowFunctions: false });

  // JOIN ON
  const joins = select.joins.map((j, i) => {
    const t = restricted('JOIN').type(j.on);
    if (t !== 'BOOLEAN' && t !== 'ANY' && t !== 'NULL') {
      state.error(j.on.span, messages.notBoolean('JOIN condition', t));
    }
    return analyzeJoin(state, j, i + 1, relations[i + 1]);
  });

  // WHERE
  if (select.where) {
    const t = restricted('WHERE').type(select.where);
    if (t !== 'BOOLEAN' && t !== 'ANY' && t !== 'NULL') {
      state.error(select.where.span, messages.notBoolean('WHERE condition', t));
    }
  }

  // SELECT list
  const selectAnalyzer = analyzer({});
  const output: OutputItem[] = [];
  const starColumns = new Set<Expr>();
  const aliases = new Map<string, { expr: Expr; type: SqlType }>();
  const used = new Map<string, number>();
  const uniqueName = (base: string) => {
    const seen = used.get(base) ?? 0;
    used.set(base, seen + 1);
    return seen > 0 ? `${base}_${seen + 1}` : base;
  };
  select.items.forEach((item, i) => {
    if (item.kind === 'select_star') {
      const expanded = expandStar(state, scope, item, uniqueName);
      for (const o of expanded) if (o.kind === 'expr') starColumns.add(o.expr);
      output.push(...expanded);
      return;
    }
    const aggBefore = aggregates.length;
    const winBefore = windowFunctions.length;
    const type = selectAnalyzer.type(item.expr);
    const classification =
      windowFunctions.length > winBefore
        ? 'window'
        : aggregates.length > aggBefore
          ? 'aggregate'
          : 'plain';
    const name = uniqueName(item.alias?.name ?? defaultName(item.expr, i));
    if (item.alias) aliases.set(item.alias.name, { expr: item.expr, type });
    output.push({ kind: 'expr', name, expr: item.expr, type, classification });
  });

  // GROUP BY
  let window: WindowInfo | null = null;
  const groupBy: Expr[] = [];
  const groupAnalyzer = analyzer({
    clause: 'GROUP BY',
    allowAggregates: false,
    allowWindowFunctions: false,
    aliases,
    suggestColumns: plainColumns(state, select),
  });
  const errorsBeforeGroupBy = state.diagnostics.length;
  for (const g of select.groupBy) {
    if (isGroupWindowCall(g)) {
      groupAnalyzer.type(g);
      if (window === null && groupWindowCalls.length === 1 && select.window === null)
        window = windowFromGroupCall(state, g);
      else state.error(g.span, messages.twoWindows());
      continue;
    }
    if (g.kind === 'integer') {
      // In-range positions were replaced by their select item when parsing.
      state.error(g.span, messages.groupByPosition(g.text, select.items.length));
      continue;
    }
    groupAnalyzer.type(g);
    groupBy.push(g);
  }
  if (select.window) {
    if (groupWindowCalls.length === 0) window = windowFromClause(state, select.window);
  }

  // HAVING
  const aggregateQuery = select.groupBy.length > 0 || aggregates.length > 0 || windowed;
  if (select.having) {
    const t = analyzer({ clause: 'HAVING', allowWindowFunctions: false, aliases }).type(
      select.having,
    );
    if (t !== 'BOOLEAN' && t !== 'ANY' && t !== 'NULL')
      state.error(select.having.span, messages.notBoolean('HAVING condition', t));
  }
  const hasAggregation = select.groupBy.length > 0 || aggregates.length > 0;
  if (select.having && !hasAggregation)
    state.error(select.having.span, messages.havingWithoutAggregation());
  if (windowed && !hasAggregation) {
    state.error((select.window ?? groupWindowCalls[0]).span, messages.windowWithoutAggregate());
  }

  // Aggregate rules (skipped when GROUP BY itself failed: every column would look ungrouped)
  const groupByFailed = state.diagnostics
    .slice(errorsBeforeGroupBy)
    .some(
      (d) =>
        d.severity === 'error' &&
        select.groupBy.some((g) => g.span.start.line <= d.line && d.line <= g.span.end.line),
    );
  if (aggregateQuery && hasAggregation && !groupByFailed) {
    for (const item of select.items) {
      if (item.kind === 'select_expr') checkGrouped(state, item.expr, groupBy);
    }
    // `SELECT *` with GROUP BY is allowed when every column it stands for is grouped.
    for (const o of output) {
      if (o.kind === 'star') state.error(o.node.span, messages.starWithAggregate());
      else if (starColumns.has(o.expr)) checkGrouped(state, o.expr, groupBy);
    }
    if (select.having) checkGrouped(state, select.having, groupBy);
  }

  // EMIT and window rules
  const emitExplicit = select.emit !== null;
  const emit = select.emit
    ? select.emit.mode === 'FINAL'
      ? 'final'
      : 'changes'
    : window
      ? 'final'
      : 'changes';
  const primary = relations[0];
  if (select.emit?.mode === 'FINAL' && !hasAggregation) {
    state.error(select.emit.span, messages.emitWithoutAggregate());
  } else if (select.emit?.mode === 'FINAL' && !windowed) {
    for (const rel of relations) {
      const facts = ctx.inputFacts(rel.input);
      if (facts.bounded === false) {
        state.error(select.emit.span, messages.emitFinalUnbounded(facts.id), hints.addWindow());
        break;
      }
    }
  }
  const inputFacts = relations.map((rel) => ctx.inputFacts(rel.input));
  const unbounded = inputFacts.find((f) => f.bounded === false);
  if (inputFacts.length > 0 && inputFacts.every((f) => f.bounded === true)) {
    for (const call of windowFunctions) state.boundedWindowCalls.add(call);
  }
  // RIGHT/FULL against a table emit the table's unmatched rows when the input ends.
  if (unbounded) {
    for (const j of joins) {
      if (j.strategy === 'lookup' && (j.joinType === 'RIGHT' || j.joinType === 'FULL')) {
        state.error(joinSpan(select, j.relation), messages.outerJoinNeedsTimeBound(j.joinType));
      }
    }
  }
  if (unbounded) {
    for (const call of windowFunctions.filter(needsWholePartition)) {
      state.warn(
        call.nameSpan,
        messages.overNeedsWholePartition(call.name, unbounded.id),
        hints.boundedOver(),
      );
    }
  }
  // Without ORDER BY every row is a peer, so a RANGE frame (the default) is the whole
  // partition: refused on a stream, where the running value would be a wrong answer.
  for (const call of unbounded ? windowFunctions.filter(wholePartitionWithoutOrder) : []) {
    state.error(
      call.nameSpan,
      messages.overWithoutOrderUnbounded(call.name, unbounded!.id),
      hints.unorderedOver(),
    );
  }
  if (windowed && primary && window?.timeColumn == null) {
    const facts = ctx.inputFacts(primary.input);
    if (!facts.hasEventTime) {
      state.warn(
        (select.window ?? groupWindowCalls[0]).span,
        messages.processingTime(facts.id),
        hints.eventTime(),
      );
    }
  }
  if (window?.timeColumn) restricted('WINDOW').type(window.timeColumn);
  else if (select.window?.timeColumn) restricted('WINDOW').type(select.window.timeColumn);

  // LIMIT
  let limit: number | null = null;
  if (select.limit) {
    if (select.limit.value > BigInt(Number.MAX_SAFE_INTEGER))
      state.error(select.limit.span, messages.limitTooLarge());
    else limit = Number(select.limit.value);
  }

  // ORDER BY: a position, an output name, or an expression over the input (grouped in an
  // aggregation). Sorting needs the end of the input.
  const orderAnalyzer = analyzer({ clause: 'ORDER BY', allowWindowFunctions: false, aliases });
  for (const o of select.orderBy) {
    const e = o.expr;
    if (e.kind === 'integer') {
      const n = e.value;
      if (n < 1n || n > BigInt(output.length) || output.some((x) => x.kind === 'star'))
        state.error(e.span, messages.orderByPosition(e.text, output.length));
      continue;
    }
    if (e.kind === 'column' && e.parts.length === 1 && outputNamed(output, e.parts[0].name))
      continue;
    orderAnalyzer.type(e);
    if (hasAggregation && !groupByFailed) checkGrouped(state, e, groupBy);
  }
  if (select.orderBy.length > 0 && unbounded) {
    state.error(
      select.orderBy[0].span,
      messages.orderByUnbounded(unbounded.id),
      hints.orderByBounded(),
    );
  }

  if (!select.from && someSelectColumn(select)) state.error(select.span, messages.fromRequired());

  const outputColumns = output.flatMap((o): TypedColumn[] => {
    if (o.kind !== 'expr') return [];
    const decimal =
      o.type !== 'DECIMAL'
        ? undefined
        : (state.decimalTypes.get(o.expr) ??
          (o.expr.kind === 'column' ? state.refs.get(o.expr)?.decimal : undefined));
    return [{ name: o.name, type: o.type, ...decimal }];
  });
  return {
    node: select,
    relations,
    joins,
    where: select.where,
    groupBy,
    having: select.having,
    window,
    emit,
    emitExplicit,
    aggregates,
    windowFunctions,
    output,
    outputColumns,
    limit,
    distinct: select.distinct,
    subqueries,
  };
}

function joinSpan(select: Select, relation: number): Span {
  return select.joins[relation - 1]?.span ?? select.span;
}

function outputNamed(output: OutputItem[], name: string): boolean {
  return output.some((o) => o.kind === 'expr' && o.name === name);
}

/** Names of columns the select list uses outside aggregates (GROUP BY suggestions). */
function plainColumns(state: AnalysisState, select: Select): string[] {
  const names: string[] = [];
  const visit = (e: Expr) => {
    if (e.kind === 'call' && state.calls.get(e)?.class === 'aggregate') return;
    if (e.kind === 'column') {
      const ref = state.refs.get(e);
      if (ref && ref.relation >= 0 && !ref.system && !names.includes(ref.column))
        names.push(ref.column);
      return;
    }
    for (const c of childExprs(e)) visit(c);
  };
  for (const item of select.items) if (item.kind === 'select_expr') visit(item.expr);
  return names;
}

function someSelectColumn(select: Select): boolean {
  return select.items.some(
    (i) => i.kind === 'select_star' || someExpr(i.expr, (e) => e.kind === 'column'),
  );
}

/** Output name of an unaliased item (the planner uses the same rule). */
export function defaultName(e: Expr, i: number): string {
  if (e.kind === 'column') return e.parts[e.parts.length - 1].name;
  if (e.kind === 'field_access') return e.field.name;
  if (e.kind === 'call') return e.name.toLowerCase();
  if (e.kind === 'cast' && e.operand.kind === 'column')
    return e.operand.parts[e.operand.parts.length - 1].name;
  if (e.kind === 'extract') return e.field.toLowerCase();
  return `expr${i + 1}`;
}

/** `*` / `t.*`: one output column per known column; a `star` item where columns are unknown. */
function expandStar(
  state: AnalysisState,
  scope: Scope,
  item: Extract<Select['items'][number], { kind: 'select_star' }>,
  uniqueName: (n: string) => string,
): OutputItem[] {
  let rels = scope.relations.map((_, i) => i);
  if (item.qualifier) {
    const r = scope.relationByQualifier(item.qualifier.name);
    if (r < 0) {
      state.error(item.qualifier.span, messages.unknownRelation(item.qualifier.name));
      return [];
    }
    rels = [r];
  }
  const out: OutputItem[] = [];
  for (const r of rels) {
    const rel = scope.relations[r];
    if (!rel.columns) {
      out.push({
        kind: 'star',
        relation: item.qualifier ? r : scope.relations.length === 1 ? null : r,
        node: item,
      });
      continue;
    }
    for (const c of rel.columns) {
      const span: Span = item.span;
      const qualifier = qualifierOf(rel);
      const parts = [
        ...(qualifier && scope.relations.length > 1
          ? [{ kind: 'identifier' as const, name: qualifier, quoted: true, span }]
          : []),
        { kind: 'identifier' as const, name: c.name, quoted: true, span },
      ];
      const expr: ColumnRef = { kind: 'column', parts, span };
      const decimal =
        c.type === 'DECIMAL' && c.scale !== undefined
          ? { scale: c.scale, ...(c.precision !== undefined ? { precision: c.precision } : {}) }
          : undefined;
      state.refs.set(expr, {
        relation: r,
        outerDepth: 0,
        column: c.name,
        system: null,
        path: [],
        type: c.type,
        ...(decimal ? { decimal } : {}),
      });
      // Not in decimalTypes: that table maps written expressions (editor hover by position).
      state.exprTypes.set(expr, c.type);
      out.push({
        kind: 'expr',
        name: uniqueName(c.name),
        expr,
        type: c.type,
        classification: 'plain',
      });
    }
  }
  return out;
}
