/**
 * Set operations: queries combined by UNION [ALL | DISTINCT], INTERSECT [ALL] and EXCEPT [ALL],
 * with the SQL standard's precedence (INTERSECT binds tighter than UNION and EXCEPT, which go
 * left to right) and parenthesized operands (`(SELECT …) UNION (SELECT … ORDER BY x LIMIT 2)`).
 * Each operand and each combination becomes an internal statement (sql/derived.ts); the result
 * is `SELECT * FROM <combination>` carrying the trailing ORDER BY and LIMIT, which apply to the
 * whole result.
 */
import type { Identifier, OrderItem, Select, SetOperation, Span } from './ast.ts';
import type { Parser } from './parser-core.ts';
import { atSetOperator, parseLimit, parseSelect, withCommonTableExprs } from './parser-select.ts';
import { parseOrderItem } from './parser-window-spec.ts';

type SetOp = SetOperation['op'];

interface Operand {
  query: Select;
  parenthesized: boolean;
}

/**
 * The body of an IN / EXISTS / scalar subquery. A set operation's trailing ORDER BY / LIMIT
 * are kept in an internal query of their own (the subquery reads its rows as a table, where
 * order is lost).
 */
export function parseSubquery(p: Parser): Select {
  const query = withCommonTableExprs(p, (q) => parseQuery(q, true));
  // `IN (SELECT 2)`: a SELECT without FROM that names no column is evaluated once, as an
  // internal query the subquery reads as its table (one naming a column is left to the
  // "needs a FROM clause" error).
  if (query.from !== null || namesColumn(query)) return query;
  const name = internalQuery(p, query, 'subquery', query.span);
  return selectAll(name, 'subquery', query.span);
}

function namesColumn(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(namesColumn);
  const n = node as Record<string, unknown>;
  if (n.kind === 'column' || n.kind === 'select_star') return true;
  return Object.entries(n).some(([k, v]) => k !== 'span' && namesColumn(v));
}

export function parseQuery(p: Parser, subquery = false): Select {
  const first = parseOperand(p);
  if (!atSetOperator(p) && !first.parenthesized) return first.query;
  const operands: Operand[] = [first];
  const ops: { op: SetOp; all: boolean }[] = [];
  while (atSetOperator(p)) {
    const op = p.next().value as SetOp;
    const all = !!p.acceptKeyword('ALL');
    if (!all) p.acceptKeyword('DISTINCT');
    ops.push({ op, all });
    operands.push(parseOperand(p));
  }
  // The last unparenthesized SELECT's ORDER BY / LIMIT are the whole result's; after a
  // parenthesized last operand they follow it.
  const last = operands[operands.length - 1];
  let orderBy: OrderItem[] = [];
  let limit: Select['limit'] = null;
  if (!last.parenthesized) {
    orderBy = last.query.orderBy;
    limit = last.query.limit;
    last.query.orderBy = [];
    last.query.limit = null;
  } else {
    if (p.acceptKeyword('ORDER')) {
      p.expectKeyword('BY');
      orderBy.push(parseOrderItem(p));
      while (p.acceptOp(',')) orderBy.push(parseOrderItem(p));
    }
    if (p.isKeyword('LIMIT')) limit = parseLimit(p);
  }
  // INTERSECT first, then UNION / EXCEPT left to right.
  const terms: Select[] = [first.query];
  const termOps: { op: SetOp; all: boolean }[] = [];
  ops.forEach((o, i) => {
    const right = operands[i + 1].query;
    if (o.op === 'INTERSECT')
      terms[terms.length - 1] = combine(p, terms[terms.length - 1], right, o);
    else {
      termOps.push(o);
      terms.push(right);
    }
  });
  let result = terms[0];
  termOps.forEach((o, i) => {
    result = combine(p, result, terms[i + 1], o);
  });
  if (ops.length === 0) {
    // `(SELECT …)` alone: the query itself, unless ORDER BY / LIMIT follow the parentheses.
    if (orderBy.length === 0 && limit === null) return result;
    const name = internalQuery(p, result, 'subquery', result.span);
    result = selectAll(name, 'subquery', result.span);
  } else if (subquery && (orderBy.length > 0 || limit !== null)) {
    result.orderBy = orderBy;
    result.limit = limit;
    const name = internalQuery(p, result, 'subquery', result.span);
    return selectAll(name, 'subquery', result.span);
  }
  result.orderBy = orderBy;
  result.limit = limit;
  return result;
}

/** A SELECT, or a query in parentheses (its own ORDER BY / LIMIT stay inside). */
function parseOperand(p: Parser): Operand {
  if (!p.isOp('(')) return { query: parseSelect(p), parenthesized: false };
  const open = p.next();
  if (!p.isKeyword('SELECT') && !p.isKeyword('WITH') && !p.isOp('(')) p.fail('SELECT', ['SELECT']);
  const query = withCommonTableExprs(p, parseQuery);
  p.expectOp(')');
  return { query: { ...query, span: p.spanFrom(open.span.start) }, parenthesized: true };
}

function combine(p: Parser, left: Select, right: Select, o: { op: SetOp; all: boolean }): Select {
  const span = { start: left.span.start, end: right.span.end };
  const leftName = internalQuery(p, left, 'left', left.span);
  const rightName = internalQuery(p, right, 'right', right.span);
  const name = `${o.op.toLowerCase()}#${++p.internalNames}`;
  p.derived.push({
    name,
    query: selectAll(leftName, 'left', span),
    span,
    setOperation: { op: o.op, all: o.all, right: identifier(rightName, right.span) },
  });
  return selectAll(name, o.op.toLowerCase(), span);
}

function internalQuery(p: Parser, query: Select, label: string, span: Span): string {
  const name = `${label}#${++p.internalNames}`;
  p.derived.push({ name, query, span });
  return name;
}

const identifier = (name: string, span: Span): Identifier => ({
  kind: 'identifier',
  name,
  quoted: true,
  span,
});

/** `SELECT * FROM name AS alias`. */
function selectAll(name: string, alias: string, span: Span): Select {
  return {
    kind: 'select',
    distinct: false,
    items: [{ kind: 'select_star', qualifier: null, span }],
    from: {
      kind: 'named_source',
      name: identifier(name, span),
      alias: identifier(alias, span),
      span,
    },
    joins: [],
    where: null,
    groupBy: [],
    having: null,
    window: null,
    emit: null,
    orderBy: [],
    limit: null,
    span,
  };
}
