/**
 * Expressions, by precedence from loosest: OR, AND, NOT, comparisons and predicates
 * (IS NULL, BETWEEN, IN, LIKE), `||`, + -, * / %, unary minus, postfix ([i], .field, ::type).
 */
import type {
  BinaryOp,
  CaseExpr,
  Expr,
  FunctionCall,
  Identifier,
  OrderItem,
  Span,
  WhenClause,
} from './ast.ts';
import { syntaxMessages } from './messages.ts';
import type { Parser } from './parser-core.ts';
import { parseInterval, parseTimestampLiteral, parseTypeName } from './parser-literals.ts';
import { parseSubquery } from './parser-set-ops.ts';
import { parseOrderItem, parseOver } from './parser-window-spec.ts';

const COMPARISON_OPS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const MAX_INT64 = (1n << 63n) - 1n;

export function parseExpr(p: Parser): Expr {
  return parseOr(p);
}

function binary(op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, span: { start: left.span.start, end: right.span.end } };
}

function parseOr(p: Parser): Expr {
  let left = parseAnd(p);
  while (p.acceptKeyword('OR')) left = binary('OR', left, parseAnd(p));
  return left;
}

function parseAnd(p: Parser): Expr {
  let left = parseNot(p);
  while (p.acceptKeyword('AND')) left = binary('AND', left, parseNot(p));
  return left;
}

function parseNot(p: Parser): Expr {
  if (p.isKeyword('NOT')) {
    const start = p.next().span.start;
    const operand = parseNot(p);
    return { kind: 'unary', op: 'NOT', operand, span: p.spanFrom(start) };
  }
  return parseComparison(p);
}

function parseComparison(p: Parser): Expr {
  let left = parseConcat(p);
  for (;;) {
    const t = p.peek();
    const start = left.span.start;
    if (t.type === 'op' && COMPARISON_OPS.has(t.text)) {
      p.next();
      const op = (t.text === '!=' ? '<>' : t.text) as BinaryOp;
      left = binary(op, left, parseConcat(p));
      continue;
    }
    if (p.isKeyword('IS')) {
      p.next();
      const negated = !!p.acceptKeyword('NOT');
      if (p.isKeyword('TRUE') || p.isKeyword('FALSE')) {
        const truth = p.next().value === 'TRUE';
        left = isTruth(left, truth, negated, p.spanFrom(start));
        continue;
      }
      if (p.acceptKeyword('DISTINCT')) {
        p.expectKeyword('FROM');
        const right = parseConcat(p);
        left = isDistinctFrom(left, right, negated, p.spanFrom(start));
        continue;
      }
      p.expectKeyword(
        'NULL',
        negated
          ? 'NULL, TRUE, FALSE or DISTINCT FROM'
          : 'NULL, NOT NULL, TRUE, FALSE or DISTINCT FROM',
      );
      left = { kind: 'is_null', operand: left, negated, span: p.spanFrom(start) };
      continue;
    }
    const notAhead =
      p.isKeyword('NOT') && ['BETWEEN', 'IN', 'LIKE', 'ILIKE'].some((k) => p.isKeyword(k, 1));
    const negated = notAhead ? !!p.next() : false;
    if (p.acceptKeyword('BETWEEN')) {
      const low = parseConcat(p);
      p.expectKeyword('AND');
      const high = parseConcat(p);
      left = { kind: 'between', operand: left, low, high, negated, span: p.spanFrom(start) };
      continue;
    }
    if (p.acceptKeyword('IN')) {
      p.expectOp('(');
      if (p.isKeyword('SELECT') || p.isKeyword('WITH')) {
        const query = parseSubquery(p);
        p.expectOp(')');
        left = { kind: 'in_subquery', operand: left, query, negated, span: p.spanFrom(start) };
      } else {
        const list = [parseExpr(p)];
        while (p.acceptOp(',')) list.push(parseExpr(p));
        p.expectOp(')');
        left = { kind: 'in_list', operand: left, list, negated, span: p.spanFrom(start) };
      }
      continue;
    }
    if (p.isKeyword('LIKE') || p.isKeyword('ILIKE')) {
      const caseInsensitive = p.next().value === 'ILIKE';
      const pattern = parseConcat(p);
      const escapeChar = p.acceptKeyword('ESCAPE') ? parseConcat(p) : null;
      left = {
        kind: 'like',
        operand: left,
        pattern,
        escape: escapeChar,
        negated,
        caseInsensitive,
        span: p.spanFrom(start),
      };
      continue;
    }
    return left;
  }
}

function parseConcat(p: Parser): Expr {
  let left = parseAdditive(p);
  while (p.acceptOp('||')) left = binary('||', left, parseAdditive(p));
  return left;
}

export function parseAdditive(p: Parser): Expr {
  let left = parseMultiplicative(p);
  for (;;) {
    if (p.acceptOp('+')) left = binary('+', left, parseMultiplicative(p));
    else if (p.acceptOp('-')) left = binary('-', left, parseMultiplicative(p));
    else return left;
  }
}

function parseMultiplicative(p: Parser): Expr {
  let left = parseUnary(p);
  for (;;) {
    const t = p.peek();
    if (t.type === 'op' && (t.text === '*' || t.text === '/' || t.text === '%')) {
      p.next();
      left = binary(t.text as BinaryOp, left, parseUnary(p));
    } else return left;
  }
}

function parseUnary(p: Parser): Expr {
  const t = p.peek();
  if (t.type === 'op' && (t.text === '-' || t.text === '+')) {
    p.next();
    const operand = parseUnary(p);
    const span = p.spanFrom(t.span.start);
    if (t.text === '-') {
      // Fold `-literal` so -9223372036854775808 and -0.50 stay exact literals.
      if (operand.kind === 'integer' && !operand.text.startsWith('-')) {
        return { kind: 'integer', text: `-${operand.text}`, value: -operand.value, span };
      }
      if (operand.kind === 'decimal' && !operand.text.startsWith('-')) {
        return { kind: 'decimal', text: `-${operand.text}`, scale: operand.scale, span };
      }
      if (operand.kind === 'float' && !operand.text.startsWith('-')) {
        return { kind: 'float', text: `-${operand.text}`, value: -operand.value, span };
      }
    }
    return { kind: 'unary', op: t.text as '-' | '+', operand, span };
  }
  return parsePostfix(p);
}

function parsePostfix(p: Parser): Expr {
  let e = parsePrimary(p);
  for (;;) {
    const start = e.span.start;
    if (p.acceptOp('[')) {
      const index = parseExpr(p);
      p.expectOp(']');
      e = { kind: 'index_access', base: e, index, span: p.spanFrom(start) };
    } else if (p.isOp('.') && p.isName(1)) {
      p.next();
      const field = p.identifier();
      e =
        e.kind === 'column'
          ? { kind: 'column', parts: [...e.parts, field], span: p.spanFrom(start) }
          : { kind: 'field_access', base: e, field, span: p.spanFrom(start) };
    } else if (p.acceptOp('::')) {
      const type = parseTypeName(p);
      e = { kind: 'cast', operand: e, type, span: p.spanFrom(start) };
    } else return e;
  }
}

function parsePrimary(p: Parser): Expr {
  const t = p.peek();
  const start = t.span.start;
  switch (t.type) {
    case 'integer': {
      p.next();
      const value = BigInt(t.text);
      if (value > MAX_INT64 + 1n) p.report(t.span, syntaxMessages.integerOutOfRange(t.text));
      return { kind: 'integer', text: t.text, value, span: t.span };
    }
    case 'decimal': {
      p.next();
      const dot = t.text.indexOf('.');
      return { kind: 'decimal', text: t.text, scale: t.text.length - dot - 1, span: t.span };
    }
    case 'float':
      p.next();
      return { kind: 'float', text: t.text, value: Number(t.text), span: t.span };
    case 'string':
      p.next();
      return { kind: 'string', value: t.value, span: t.span };
    case 'duration':
      return p.failAt(t.span, syntaxMessages.durationOutsideWindow(t.text));
    case 'quoted_ident':
      return parseNameExpr(p);
    case 'op':
      if (t.text === '(') {
        p.next();
        if (p.isKeyword('SELECT') || p.isKeyword('WITH')) {
          const query = parseSubquery(p);
          p.expectOp(')');
          return { kind: 'scalar_subquery', query, span: p.spanFrom(start) };
        }
        const inner = parseExpr(p);
        p.expectOp(')');
        // Keep the parenthesised span so positions point at what the user wrote.
        return { ...inner, span: p.spanFrom(start) } as Expr;
      }
      break;
    case 'ident':
      switch (t.value) {
        case 'TRUE':
        case 'FALSE':
          p.next();
          return { kind: 'boolean', value: t.value === 'TRUE', span: t.span };
        case 'NULL':
          p.next();
          return { kind: 'null', span: t.span };
        case 'INTERVAL':
          return parseInterval(p);
        case 'TIMESTAMP':
          if (p.peek(1).type === 'string') return parseTimestampLiteral(p);
          break;
        case 'CASE':
          return parseCase(p);
        case 'CAST':
        case 'TRY_CAST':
          if (p.isOp('(', 1)) {
            p.next();
            p.expectOp('(');
            const operand = parseExpr(p);
            p.expectKeyword('AS');
            const type = parseTypeName(p);
            p.expectOp(')');
            const cast: Expr = { kind: 'cast', operand, type, span: p.spanFrom(start) };
            if (t.value === 'TRY_CAST') cast.try = true;
            return cast;
          }
          break;
        case 'EXTRACT':
          if (p.isOp('(', 1)) {
            p.next();
            p.expectOp('(');
            const f = p.peek();
            if (f.type !== 'ident' && f.type !== 'string') p.fail('a field such as YEAR or HOUR');
            p.next();
            p.expectKeyword('FROM');
            const operand = parseExpr(p);
            p.expectOp(')');
            return {
              kind: 'extract',
              field: f.value.toUpperCase(),
              fieldSpan: f.span,
              operand,
              span: p.spanFrom(start),
            };
          }
          break;
        case 'EXISTS': {
          p.next();
          p.expectOp('(');
          const query = parseSubquery(p);
          p.expectOp(')');
          return { kind: 'exists', query, span: p.spanFrom(start) };
        }
        case 'LEFT':
        case 'RIGHT':
          if (p.isOp('(', 1)) return parseCall(p);
          break;
      }
      if (p.isName()) return parseNameExpr(p);
      break;
  }
  return p.fail('an expression');
}

/** A column reference or, when followed by `(`, a function call. */
function parseNameExpr(p: Parser): Expr {
  if (p.peek().type === 'ident' && p.isOp('(', 1)) return parseCall(p);
  const first = p.identifier();
  return { kind: 'column', parts: [first], span: first.span };
}

function parseCall(p: Parser): FunctionCall {
  const nameTok = p.next();
  const start = nameTok.span.start;
  p.expectOp('(');
  let name = nameTok.value;
  let distinct = false;
  let star = false;
  const args: Expr[] = [];
  const trimForm = name === 'TRIM' ? parseTrimForm(p) : null;
  if (trimForm) {
    name = trimForm.name;
    args.push(...trimForm.args);
  } else if (p.acceptOp('*')) {
    star = true;
  } else if (!p.isOp(')')) {
    distinct = !!p.acceptKeyword('DISTINCT');
    if (!distinct) p.acceptKeyword('ALL');
    args.push(parseExpr(p));
    if (name === 'SUBSTRING' && p.acceptKeyword('FROM')) {
      args.push(parseExpr(p));
      if (p.acceptKeyword('FOR')) args.push(parseExpr(p));
    }
    while (p.acceptOp(',')) args.push(parseExpr(p));
  }
  const orderBy: OrderItem[] = [];
  if (args.length > 0 && p.isKeyword('ORDER') && p.isKeyword('BY', 1)) {
    p.next();
    p.next();
    orderBy.push(parseOrderItem(p));
    while (p.acceptOp(',')) orderBy.push(parseOrderItem(p));
  }
  let ignoreNulls = acceptNullTreatment(p);
  p.expectOp(')');
  ignoreNulls = acceptNullTreatment(p) || ignoreNulls;
  if (p.isKeyword('FILTER') && p.isOp('(', 1)) {
    // `agg(x) FILTER (WHERE c)` is `agg(CASE WHEN c THEN x END)`: aggregates skip NULLs.
    p.next();
    p.expectOp('(');
    p.expectKeyword('WHERE');
    const when = parseExpr(p);
    p.expectOp(')');
    const span = p.spanFrom(start);
    const value: Expr = star
      ? { kind: 'integer', text: '1', value: 1n, span }
      : (args[0] ?? { kind: 'null', span });
    const guarded: Expr = {
      kind: 'case',
      operand: null,
      whens: [whenClause(when, value, span)],
      elseResult: null,
      span,
    };
    if (star) {
      star = false;
      args.push(guarded);
    } else if (args.length > 0) args[0] = guarded;
  }
  const over = p.isKeyword('OVER') ? parseOver(p) : null;
  const call: FunctionCall = {
    kind: 'call',
    name,
    nameSpan: nameTok.span,
    args,
    distinct,
    star,
    over,
    span: p.spanFrom(start),
  };
  if (ignoreNulls) call.ignoreNulls = true;
  if (orderBy.length > 0) call.orderBy = orderBy;
  return call;
}

/** `IGNORE NULLS` (true) or `RESPECT NULLS` (false, the default). */
function acceptNullTreatment(p: Parser): boolean {
  if ((p.isKeyword('IGNORE') || p.isKeyword('RESPECT')) && p.isKeyword('NULLS', 1)) {
    const ignore = p.next().value === 'IGNORE';
    p.next();
    return ignore;
  }
  return false;
}

const TRIM_SIDES: Record<string, string> = { LEADING: 'LTRIM', TRAILING: 'RTRIM', BOTH: 'TRIM' };

/**
 * The SQL-standard `TRIM([LEADING|TRAILING|BOTH] [chars] FROM s)`, rewritten to the library's
 * `LTRIM/RTRIM/TRIM(s [, chars])`. Returns null for the plain call form `TRIM(s [, chars])`.
 */
function parseTrimForm(p: Parser): { name: string; args: Expr[] } | null {
  const sideToken = Object.keys(TRIM_SIDES).find((side) => p.isKeyword(side));
  if (sideToken) p.next();
  const name = TRIM_SIDES[sideToken ?? 'BOTH'];
  if (p.acceptKeyword('FROM')) return { name, args: [parseExpr(p)] };
  if (!sideToken && p.isOp(')')) return null;
  const first = parseExpr(p);
  if (p.acceptKeyword('FROM')) return { name, args: [parseExpr(p), first] };
  if (sideToken) p.expectKeyword('FROM');
  // Plain call: TRIM(s [, chars]); the caller's loop reads the remaining arguments.
  const args = [first];
  while (p.acceptOp(',')) args.push(parseExpr(p));
  return { name, args };
}

function parseCase(p: Parser): CaseExpr {
  const start = p.next().span.start;
  const operand = p.isKeyword('WHEN') ? null : parseExpr(p);
  const whens: WhenClause[] = [];
  while (p.isKeyword('WHEN')) {
    const ws = p.next().span.start;
    const when = parseExpr(p);
    p.expectKeyword('THEN');
    const then = parseExpr(p);
    whens.push({ kind: 'when', when, then, span: p.spanFrom(ws) });
  }
  if (whens.length === 0) p.fail('WHEN', ['WHEN']);
  const elseResult = p.acceptKeyword('ELSE') ? parseExpr(p) : null;
  p.expectKeyword('END', whens.length > 0 ? 'WHEN, ELSE or END' : 'END');
  return { kind: 'case', operand, whens, elseResult, span: p.spanFrom(start) };
}

export function identifierText(id: Identifier): string {
  return id.name;
}

const bool = (value: boolean, span: Span): Expr => ({ kind: 'boolean', value, span });

/**
 * `x IS [NOT] TRUE|FALSE` never gives NULL: `CASE WHEN [NOT] x THEN r ELSE NOT r END`
 * (x must be BOOLEAN, as for CASE WHEN).
 */
function isTruth(x: Expr, truth: boolean, negated: boolean, span: Span): Expr {
  const when: Expr = truth ? x : { kind: 'unary', op: 'NOT', operand: x, span };
  return {
    kind: 'case',
    operand: null,
    whens: [whenClause(when, bool(!negated, span), span)],
    elseResult: bool(negated, span),
    span,
  };
}

/** `a IS [NOT] DISTINCT FROM b`: `<>` / `=` where NULL equals NULL; never NULL itself. */
function isDistinctFrom(a: Expr, b: Expr, negated: boolean, span: Span): Expr {
  const isNull = (e: Expr): Expr => ({ kind: 'is_null', operand: e, negated: false, span });
  const both: Expr = { kind: 'binary', op: 'AND', left: isNull(a), right: isNull(b), span };
  const either: Expr = { kind: 'binary', op: 'OR', left: isNull(a), right: isNull(b), span };
  const differ: Expr = { kind: 'binary', op: negated ? '=' : '<>', left: a, right: b, span };
  return {
    kind: 'case',
    operand: null,
    whens: [
      whenClause(both, bool(negated, span), span),
      whenClause(either, bool(!negated, span), span),
    ],
    elseResult: differ,
    span,
  };
}

function whenClause(when: Expr, then: Expr, span: Span): WhenClause {
  return { kind: 'when', when, then, span };
}
