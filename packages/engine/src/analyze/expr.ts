/**
 * Expression analysis: resolves names, infers types, classifies function calls and enforces
 * where aggregates and window functions may appear. Reports each problem once and returns
 * ANY for the failed node so one mistake does not cascade.
 */
import {
  aggregateFunctionNames,
  aggregateReturnType,
  canonicalAggregateName,
  isAggregateFunction,
} from '../functions/aggregates.ts';
import { MULTI_ARG_AGGREGATES } from '../functions/aggregates-multi.ts';
import { getScalarFunction, scalarFunctionNames, scalarReturnType } from '../functions/registry.ts';
import type { ColumnRef, Expr, FunctionCall, Select, Span } from '../sql/ast.ts';
import { closestMatch } from '../sql/suggest.ts';
import { binaryResultType, negResultType } from '../types/arithmetic.ts';
import { canCast } from '../types/cast.ts';
import type { SqlType } from '../types/value.ts';
import { deriveDecimalType } from './decimal-types.ts';
import {
  commonType,
  comparable,
  EXTRACT_FIELDS,
  GROUP_WINDOW_FUNCTIONS,
  HEADER_FUNCTIONS,
  isNumericType,
  WINDOW_BOUND_FUNCTIONS,
  WINDOW_ONLY_FUNCTIONS,
} from './functions.ts';
import { exprEqual } from './grouping.ts';
import { hints, messages } from './messages.ts';
import type { Scope } from './scope.ts';
import type { AnalysisState } from './state.ts';
import type { AnalyzedSelect, CallInfo } from './types.ts';

export interface ExprEnv {
  scope: Scope;
  /** Clause name for messages: WHERE, GROUP BY, HAVING, SELECT, JOIN, OVER … */
  clause: string;
  allowAggregates: boolean;
  allowWindowFunctions: boolean;
  /** The query has a window (TUMBLE_START() and _window_start are valid). */
  windowed: boolean;
  /** SELECT aliases visible in this clause (GROUP BY, HAVING). */
  aliases?: Map<string, { expr: Expr; type: SqlType }>;
  /** Columns to suggest for an unknown column when no name is close (GROUP BY: the ungrouped ones). */
  suggestColumns?: string[];
  /** Called for each aggregate / window function call found (outermost only). */
  onAggregate?: (call: FunctionCall) => void;
  onWindowFunction?: (call: FunctionCall) => void;
  /** Analyzes a subquery with `scope` as its enclosing scope. */
  analyzeSubquery: (query: Select, scope: Scope) => AnalyzedSelect;
}

export class ExprAnalyzer {
  private inAggregate = false;

  constructor(
    readonly state: AnalysisState,
    readonly env: ExprEnv,
  ) {}

  type(e: Expr): SqlType {
    const t = this.infer(e);
    this.state.exprTypes.set(e, t);
    if (t === 'DECIMAL') {
      const decimal = deriveDecimalType(this.state, e);
      if (decimal) this.state.decimalTypes.set(e, decimal);
    }
    return t;
  }

  private error(span: Span, message: string, hint?: string): SqlType {
    this.state.error(span, message, hint);
    return 'ANY';
  }

  private infer(e: Expr): SqlType {
    switch (e.kind) {
      case 'integer':
        return 'INTEGER';
      case 'decimal':
        return 'DECIMAL';
      case 'float':
        return 'FLOAT';
      case 'string':
        return 'STRING';
      case 'boolean':
        return 'BOOLEAN';
      case 'null':
        return 'NULL';
      case 'interval':
        // Intervals evaluate to milliseconds (TIMESTAMP ± INTEGER).
        return 'INTEGER';
      case 'timestamp':
        return 'TIMESTAMP';
      case 'column':
        return this.column(e);
      case 'field_access': {
        const base = this.type(e.base);
        if (base !== 'JSON' && base !== 'ANY') {
          return this.error(
            e.field.span,
            messages.noFieldOnType(describe(e.base), base, e.field.name),
          );
        }
        return 'ANY';
      }
      case 'index_access': {
        const base = this.type(e.base);
        this.type(e.index);
        if (base !== 'JSON' && base !== 'ANY') {
          return this.error(
            e.span,
            messages.operatorTypes('[]', base, this.state.exprTypes.get(e.index) ?? 'ANY'),
          );
        }
        return 'ANY';
      }
      case 'unary': {
        const t = this.type(e.operand);
        if (e.op === 'NOT') return this.boolean(e.operand, t, 'argument of NOT');
        const r = negResultType(t);
        if (typeof r === 'object') return this.error(e.span, messages.unaryTypes(e.op, t));
        return r;
      }
      case 'binary':
        return this.binary(e);
      case 'is_null':
        this.type(e.operand);
        return 'BOOLEAN';
      case 'between': {
        const t = this.type(e.operand);
        for (const bound of [e.low, e.high]) {
          const b = this.type(bound);
          if (!comparable(t, b)) this.error(bound.span, messages.operatorTypes('BETWEEN', t, b));
        }
        return 'BOOLEAN';
      }
      case 'in_list': {
        const t = this.type(e.operand);
        for (const item of e.list) {
          const it = this.type(item);
          if (!comparable(t, it)) this.error(item.span, messages.operatorTypes('IN', t, it));
        }
        return 'BOOLEAN';
      }
      case 'in_subquery': {
        this.type(e.operand);
        const sub = this.env.analyzeSubquery(e.query, this.env.scope);
        if (sub.output.length !== 1 || sub.output[0].kind !== 'expr') {
          this.error(e.query.span, messages.subqueryColumns('IN'));
        }
        return 'BOOLEAN';
      }
      case 'exists':
        this.env.analyzeSubquery(e.query, this.env.scope);
        return 'BOOLEAN';
      case 'scalar_subquery': {
        const sub = this.env.analyzeSubquery(e.query, this.env.scope);
        const out = sub.output[0];
        if (sub.output.length !== 1 || out.kind !== 'expr') {
          return this.error(e.query.span, messages.subqueryColumns('scalar'));
        }
        return out.type;
      }
      case 'like': {
        for (const part of [e.operand, e.pattern, ...(e.escape ? [e.escape] : [])]) {
          const t = this.type(part);
          if (t !== 'STRING' && t !== 'ANY' && t !== 'NULL' && t !== 'JSON') {
            this.error(part.span, messages.likeTypes(t));
          }
        }
        return 'BOOLEAN';
      }
      case 'case': {
        const operandType = e.operand ? this.type(e.operand) : null;
        const results: SqlType[] = [];
        for (const w of e.whens) {
          const wt = this.type(w.when);
          if (operandType === null) this.boolean(w.when, wt, 'CASE WHEN condition');
          else if (!comparable(operandType, wt))
            this.error(w.when.span, messages.operatorTypes('=', operandType, wt));
          results.push(this.type(w.then));
        }
        if (e.elseResult) results.push(this.type(e.elseResult));
        return commonType(results);
      }
      case 'cast': {
        const from = this.type(e.operand);
        const { type, precision, scale } = e.type;
        if (type === null) return 'ANY';
        if (scale !== null && precision !== null && (scale > precision || scale < 0)) {
          this.error(e.type.span, messages.decimalScale(precision, scale));
        }
        // One rule for analysis and run time: a cast canCast refuses would fail on every row.
        if (!canCast(from, type)) this.error(e.span, messages.castInvalid(from, type));
        return type;
      }
      case 'extract': {
        const t = this.type(e.operand);
        if (!EXTRACT_FIELDS.has(e.field)) this.error(e.fieldSpan, messages.extractField(e.field));
        if (!['TIMESTAMP', 'ANY', 'NULL', 'STRING', 'INTEGER'].includes(t)) {
          this.error(e.operand.span, messages.extractType(t));
        }
        return 'INTEGER';
      }
      case 'call':
        return this.call(e);
    }
  }

  private boolean(e: Expr, t: SqlType, context: string): SqlType {
    if (t !== 'BOOLEAN' && t !== 'ANY' && t !== 'NULL')
      this.error(e.span, messages.notBoolean(context, t));
    return 'BOOLEAN';
  }

  private column(e: ColumnRef): SqlType {
    const r = this.env.scope.resolve(e, this.env.aliases);
    if (!r.ok) {
      const suggestion = this.env.suggestColumns?.[0];
      const hint =
        suggestion &&
        (r.hint === undefined || r.hint.startsWith('available')) &&
        r.message === messages.unknownColumn(e.parts[0].name)
          ? hints.didYouMean(suggestion)
          : r.hint;
      return this.error(e.span, r.message, hint);
    }
    this.state.refs.set(e, r.ref);
    if (
      (r.ref.system === '_window_start' || r.ref.system === '_window_end') &&
      !this.env.windowed
    ) {
      return this.error(e.span, messages.windowColumnWithoutWindow(r.ref.system));
    }
    return r.ref.type;
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): SqlType {
    const l = this.type(e.left);
    const r = this.type(e.right);
    switch (e.op) {
      case 'AND':
      case 'OR':
        this.boolean(e.left, l, `argument of ${e.op}`);
        return this.boolean(e.right, r, `argument of ${e.op}`);
      case '||':
        return 'STRING';
      case '=':
      case '<>':
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (!comparable(l, r)) return this.error(e.span, messages.operatorTypes(e.op, l, r));
        return 'BOOLEAN';
      default: {
        // ISO-8601 text ± INTERVAL: a join's time bound on a text event-time column is enforced
        // on event time by the join, so it is fine there; elsewhere the text needs a CAST.
        const textTime =
          (e.op === '+' || e.op === '-') && l === 'STRING' && e.right.kind === 'interval';
        if (textTime && this.env.clause === 'JOIN') return 'TIMESTAMP';
        const t = binaryResultType(e.op, l, r);
        if (typeof t === 'object') {
          return this.error(
            e.span,
            messages.operatorTypes(e.op, l, r),
            textTime ? hints.castText() : undefined,
          );
        }
        return t;
      }
    }
  }

  private call(e: FunctionCall): SqlType {
    const name = e.name;
    const info = (
      cls: CallInfo['class'],
      returnType: SqlType,
      argType: SqlType = 'ANY',
    ): SqlType => {
      this.state.calls.set(e, { class: cls, returnType, argType });
      return returnType;
    };
    if (e.star && name !== 'COUNT') return this.error(e.span, messages.starNotAllowed(name));
    const windowOnly = WINDOW_ONLY_FUNCTIONS[name];
    const aggregate = isAggregateFunction(name);
    if (e.orderBy) {
      const at = e.orderBy[0].expr.span;
      if (!aggregate) return this.error(at, messages.aggregateOrderNotAggregate(name));
      if (e.over) return this.error(at, messages.aggregateOrderWithOver(), hints.orderTheWindow());
    }
    if (e.over) {
      if (!windowOnly && !aggregate) return this.error(e.nameSpan, messages.overNotAllowed(name));
      if (!this.env.allowWindowFunctions) {
        return this.error(e.span, messages.windowFunctionNotAllowed(this.env.clause));
      }
      this.env.onWindowFunction?.(e);
      this.over(e);
      const argTypes = this.args(e);
      if (windowOnly) {
        const [min, max, ret] = windowOnly;
        if (argTypes.length < min || argTypes.length > max) {
          return this.error(e.span, messages.argumentCount(name, arity(min, max), argTypes.length));
        }
        return info('window', ret ?? argTypes[0] ?? 'ANY', argTypes[0] ?? 'ANY');
      }
      return this.aggregateType(e, argTypes, 'window');
    }
    if (windowOnly) return this.error(e.span, messages.windowFunctionNeedsOver(name));
    if (aggregate) {
      if (!this.env.allowAggregates) {
        const message =
          this.env.clause === 'WHERE'
            ? messages.aggregateInWhere()
            : this.env.clause === 'GROUP BY'
              ? messages.aggregateInGroupBy()
              : this.env.clause === 'JOIN'
                ? messages.aggregateInJoin()
                : `aggregate functions are not allowed in ${this.env.clause}`;
        return this.error(
          e.span,
          message,
          this.env.clause === 'WHERE' ? hints.useHaving() : undefined,
        );
      }
      if (this.inAggregate) return this.error(e.span, messages.nestedAggregate());
      this.env.onAggregate?.(e);
      this.inAggregate = true;
      const argTypes = this.args(e);
      for (const o of e.orderBy ?? []) {
        this.type(o.expr);
        if (e.distinct && !e.args.some((a) => exprEqual(this.state, a, o.expr)))
          this.error(o.expr.span, messages.aggregateOrderDistinct());
      }
      this.inAggregate = false;
      return this.aggregateType(e, argTypes, 'aggregate');
    }
    if (e.distinct) this.error(e.span, messages.distinctNotAllowed(name));
    const argTypes = this.args(e);
    if (name in WINDOW_BOUND_FUNCTIONS) {
      if (!this.env.windowed) return this.error(e.span, messages.windowBoundWithoutWindow(name));
      return info('window_bound', 'TIMESTAMP');
    }
    if (name in GROUP_WINDOW_FUNCTIONS) {
      if (this.env.clause !== 'GROUP BY')
        return this.error(e.span, messages.groupWindowOutsideGroupBy(name));
      return info('group_window', 'ANY');
    }
    const header = HEADER_FUNCTIONS[name];
    if (header) {
      const [min, max, ret] = header;
      if (argTypes.length < min || argTypes.length > max) {
        return this.error(e.span, messages.headerArgs(name, arity(min, max), argTypes.length));
      }
      return info('header', ret);
    }
    if (!getScalarFunction(name)) {
      const candidates = [
        ...scalarFunctionNames(),
        ...aggregateFunctionNames(),
        ...Object.keys(WINDOW_ONLY_FUNCTIONS),
        ...Object.keys(HEADER_FUNCTIONS),
        ...Object.keys(WINDOW_BOUND_FUNCTIONS),
      ];
      const match = closestMatch(name, candidates);
      return this.error(
        e.nameSpan,
        messages.unknownFunction(name),
        match ? hints.didYouMean(match) : undefined,
      );
    }
    const r = scalarReturnType(name, argTypes);
    if (typeof r === 'object') return this.error(e.span, messages.functionArgs(r.error));
    return info('scalar', r);
  }

  private aggregateType(
    e: FunctionCall,
    argTypes: SqlType[],
    cls: 'aggregate' | 'window',
  ): SqlType {
    const name = e.name;
    const multi = MULTI_ARG_AGGREGATES[canonicalAggregateName(name)];
    if (multi) {
      if (argTypes.length < multi.min || argTypes.length > multi.max) {
        const expected = multi.min === multi.max ? `${multi.min}` : `${multi.min} or ${multi.max}`;
        return this.error(e.span, messages.argumentCount(name, expected, argTypes.length));
      }
    } else {
      const expected = name === 'COUNT' && e.star ? 0 : 1;
      if (argTypes.length !== expected && !(name === 'COUNT' && argTypes.length === 1)) {
        return this.error(e.span, messages.argumentCount(name, '1', argTypes.length));
      }
    }
    const argType = e.star ? 'ANY' : (argTypes[0] ?? 'ANY');
    const r = aggregateReturnType(name, argType);
    if (typeof r === 'object') return this.error(e.span, messages.functionArgs(r.error));
    this.state.calls.set(e, { class: cls, returnType: r, argType });
    return r;
  }

  private args(e: FunctionCall): SqlType[] {
    return e.args.map((a) => this.type(a));
  }

  private over(e: FunctionCall): void {
    const spec = e.over;
    if (!spec) return;
    const inner = new ExprAnalyzer(this.state, {
      ...this.env,
      clause: 'OVER',
      allowAggregates: false,
      allowWindowFunctions: false,
    });
    for (const p of spec.partitionBy) inner.type(p);
    for (const o of spec.orderBy) inner.type(o.expr);
    const frame = spec.frame;
    if (!frame) return;
    for (const bound of [frame.start, frame.end]) {
      if (!bound.offset) continue;
      const t = inner.type(bound.offset);
      if (frame.unit === 'ROWS') {
        const o = bound.offset;
        if (o.kind !== 'integer' || o.value < 0n) this.error(o.span, messages.frameOffsetInvalid());
      } else if (spec.orderBy.length !== 1) {
        this.error(frame.span, messages.rangeNeedsOneOrderBy());
      } else if (!isNumericType(t) && t !== 'ANY') {
        this.error(bound.offset.span, messages.intervalInvalid());
      }
    }
    const rank = (b: typeof frame.start) =>
      ({
        UNBOUNDED_PRECEDING: 0,
        PRECEDING: 1,
        CURRENT_ROW: 2,
        FOLLOWING: 3,
        UNBOUNDED_FOLLOWING: 4,
      })[b.type];
    if (rank(frame.start) > rank(frame.end) || frame.start.type === 'UNBOUNDED_FOLLOWING') {
      this.error(frame.span, messages.frameOrderInvalid());
    }
  }
}

function arity(min: number, max: number): string {
  return min === max ? `${min}` : `${min} to ${max}`;
}

function describe(e: Expr): string {
  return e.kind === 'column' ? e.parts.map((p) => p.name).join('.') : 'expression';
}
