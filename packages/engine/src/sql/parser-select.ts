/**
 * SELECT blocks: select list, FROM and JOINs, WHERE, GROUP BY, HAVING, WINDOW (before or after
 * GROUP BY), EMIT and LIMIT.
 */
import type {
  EmitClause,
  Expr,
  Identifier,
  IntegerLiteral,
  Join,
  JoinType,
  Select,
  SelectItem,
  TableRef,
  WindowClause,
  WindowSpec,
} from './ast.ts';
import { WINDOW_KINDS } from './keywords.ts';
import { syntaxMessages } from './messages.ts';
import { atNamedWindows, parseNamedWindows, resolveNamedWindows } from './named-windows.ts';
import { CLAUSE_KEYWORDS, type Parser } from './parser-core.ts';
import { parseExpr } from './parser-expr.ts';
import { parseDurationExpr } from './parser-literals.ts';
import { parseQuery } from './parser-set-ops.ts';
import { parseOrderItem } from './parser-window-spec.ts';
import { closestMatch } from './suggest.ts';

/** Tokens that may follow a SELECT block: the statement's INTO/WITH, `;`, `)` or the end. */
function atSelectEnd(p: Parser): boolean {
  const t = p.peek();
  return (
    t.type === 'eof' ||
    (t.type === 'op' && (t.text === ';' || t.text === ')')) ||
    p.isKeyword('INTO') ||
    p.isKeyword('WITH') ||
    atSetOperator(p)
  );
}

/** `SELECT`, `WITH` or `(` (a parenthesized query): what a query in parentheses starts with. */
function atQueryStart(p: Parser): boolean {
  return p.isKeyword('SELECT') || p.isKeyword('WITH') || p.isOp('(');
}

export function atSetOperator(p: Parser): boolean {
  return p.isKeyword('UNION') || p.isKeyword('INTERSECT') || p.isKeyword('EXCEPT');
}

/**
 * `[WITH name AS (…), …] body`: each common table expression becomes an internal statement
 * (sql/derived.ts) and its name is in scope for the later CTEs and the body, shadowing outer
 * names, as in PostgreSQL (non-recursive: a CTE's own body sees only what was defined before it).
 */
export function withCommonTableExprs(p: Parser, body: (p: Parser) => Select): Select {
  if (!p.isKeyword('WITH')) return body(p);
  p.next();
  const scope = new Map<string, string>();
  p.cteScopes.push(scope);
  try {
    do {
      const start = p.peek().span.start;
      const name = p.identifier('a name for the WITH query');
      p.expectKeyword('AS');
      p.expectOp('(');
      if (!atQueryStart(p)) p.fail('SELECT', ['SELECT']);
      const query = withCommonTableExprs(p, parseQuery);
      p.expectOp(')');
      const internal = `${name.name}#${++p.internalNames}`;
      p.derived.push({ name: internal, query, span: p.spanFrom(start) });
      scope.set(name.name.toLowerCase(), internal);
    } while (p.acceptOp(','));
    if (!p.isKeyword('SELECT') && !(body === parseQuery && p.isOp('(')))
      p.fail('SELECT', ['SELECT']);
    return body(p);
  } finally {
    p.cteScopes.pop();
  }
}

export function parseSelect(p: Parser): Select {
  const start = p.expectKeyword('SELECT').span.start;
  const distinct = !!p.acceptKeyword('DISTINCT');
  if (!distinct) p.acceptKeyword('ALL');
  const items = [parseSelectItem(p)];
  while (p.acceptOp(',')) items.push(parseSelectItem(p));

  const select: Select = {
    kind: 'select',
    distinct,
    items,
    from: null,
    joins: [],
    where: null,
    groupBy: [],
    having: null,
    window: null,
    emit: null,
    orderBy: [],
    limit: null,
    span: { start, end: start },
  };
  if (p.acceptKeyword('FROM')) {
    select.from = parseTableRef(p);
    while (atJoin(p)) select.joins.push(parseJoin(p));
  } else if (
    !atSelectEnd(p) &&
    !['WHERE', 'GROUP', 'WINDOW', 'EMIT', 'LIMIT', 'ORDER'].some((k) => p.isKeyword(k))
  ) {
    p.fail('FROM', CLAUSE_KEYWORDS);
  }
  const namedWindows = new Map<string, WindowSpec>();
  parseClauses(p, select, namedWindows);
  resolveNamedWindows(p, select, namedWindows);
  // `GROUP BY 1` groups by the first select item (out-of-range positions are left for
  // analysis to report).
  select.groupBy = select.groupBy.map((g) => {
    if (g.kind !== 'integer') return g;
    const item = select.items[Number(g.value) - 1];
    return g.value >= 1n && item?.kind === 'select_expr' ? item.expr : g;
  });
  select.span = p.spanFrom(start);
  return select;
}

function parseClauses(p: Parser, select: Select, namedWindows: Map<string, WindowSpec>): void {
  const seen = new Set<string>();
  const once = (clause: string) => {
    const t = p.peek();
    if (seen.has(clause)) p.failAt(t.span, syntaxMessages.duplicateClause(clause));
    seen.add(clause);
  };
  for (;;) {
    if (p.isKeyword('WHERE')) {
      once('WHERE');
      p.next();
      select.where = parseExpr(p);
    } else if (p.isKeyword('GROUP')) {
      once('GROUP BY');
      p.next();
      p.expectKeyword('BY');
      select.groupBy.push(parseExpr(p));
      while (p.acceptOp(',')) select.groupBy.push(parseExpr(p));
    } else if (p.isKeyword('HAVING')) {
      once('HAVING');
      p.next();
      select.having = parseExpr(p);
    } else if (atNamedWindows(p)) {
      once('WINDOW … AS');
      parseNamedWindows(p, namedWindows);
    } else if (p.isKeyword('WINDOW')) {
      once('WINDOW');
      select.window = parseWindow(p);
    } else if (p.isKeyword('EMIT')) {
      once('EMIT');
      select.emit = parseEmit(p);
    } else if (p.isKeyword('LIMIT')) {
      once('LIMIT');
      select.limit = parseLimit(p);
    } else if (p.isKeyword('ORDER')) {
      once('ORDER BY');
      p.next();
      p.expectKeyword('BY');
      select.orderBy.push(parseOrderItem(p));
      while (p.acceptOp(',')) select.orderBy.push(parseOrderItem(p));
    } else if (atSelectEnd(p)) {
      return;
    } else {
      const expected = select.from
        ? 'WHERE, GROUP BY, HAVING, WINDOW, EMIT, ORDER BY, LIMIT, INTO, WITH or ";"'
        : 'FROM';
      p.fail(expected, CLAUSE_KEYWORDS);
    }
  }
}

/** `LIMIT n`. */
export function parseLimit(p: Parser): IntegerLiteral {
  p.expectKeyword('LIMIT');
  const t = p.peek();
  if (t.type !== 'integer') p.fail('a row count (an integer)');
  p.next();
  return { kind: 'integer', text: t.text, value: BigInt(t.text), span: t.span };
}

function parseSelectItem(p: Parser): SelectItem {
  const t = p.peek();
  if (p.isOp('*')) {
    p.next();
    return { kind: 'select_star', qualifier: null, span: t.span };
  }
  if (p.isName() && p.isOp('.', 1) && p.isOp('*', 2)) {
    const qualifier = p.identifier();
    p.next();
    p.next();
    return { kind: 'select_star', qualifier, span: p.spanFrom(t.span.start) };
  }
  const expr = parseExpr(p);
  const alias = parseAlias(p);
  return { kind: 'select_expr', expr, alias, span: p.spanFrom(t.span.start) };
}

/**
 * `[AS] alias`. A bare word that looks like a misspelt clause keyword (`FORM`) is not taken as
 * an alias, so the error points at it with a "did you mean FROM?" hint.
 */
function parseAlias(p: Parser): Identifier | null {
  if (p.acceptKeyword('AS')) return p.identifier('an alias');
  const t = p.peek();
  if (!p.isName()) return null;
  if (t.type === 'ident' && closestMatch(t.value, CLAUSE_KEYWORDS) !== undefined) return null;
  return p.identifier();
}

function parseTableRef(p: Parser): TableRef {
  const t = p.peek();
  if (t.type === 'string') {
    p.next();
    const alias = parseAlias(p);
    return {
      kind: 'uri_source',
      uri: t.value,
      params: uriParams(t.value),
      alias,
      span: p.spanFrom(t.span.start),
    };
  }
  if (p.isOp('(')) {
    p.next();
    if (!atQueryStart(p)) p.fail('SELECT');
    const query = withCommonTableExprs(p, parseQuery);
    p.expectOp(')');
    const alias = parseAlias(p);
    const span = p.spanFrom(t.span.start);
    // Read by a name users cannot write; the alias (default `subquery`) qualifies columns.
    const label = alias?.name ?? 'subquery';
    const name = `${label}#${++p.internalNames}`;
    p.derived.push({ name, query, span });
    const ident = (n: string): Identifier => ({ kind: 'identifier', name: n, quoted: true, span });
    return { kind: 'named_source', name: ident(name), alias: alias ?? ident(label), span };
  }
  if (!p.isName()) p.fail("a source: a quoted URI such as 'kafka://host/topic' or a stream name");
  const name = p.identifier();
  const alias = parseAlias(p);
  const span = p.spanFrom(t.span.start);
  // A CTE in scope is read by its internal name and qualified by the name written.
  const cte = p.lookupCte(name.name);
  if (cte) {
    return {
      kind: 'named_source',
      name: { ...name, name: cte, quoted: true },
      alias: alias ?? name,
      span,
    };
  }
  return { kind: 'named_source', name, alias, span };
}

/** Query-string parameters of a URI, decoded; malformed escapes are kept as written. */
export function uriParams(uri: string): Record<string, string> {
  const params: Record<string, string> = {};
  const q = uri.indexOf('?');
  if (q < 0) return params;
  for (const pair of uri.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    params[decode(key)] = decode(value);
  }
  return params;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function atJoin(p: Parser): boolean {
  return (
    ['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS'].some((k) => p.isKeyword(k)) || p.isOp(',')
  );
}

function parseJoin(p: Parser): Join {
  const start = p.peek().span.start;
  // `FROM a, b` and `a CROSS JOIN b` are joins whose condition is TRUE.
  const comma = !!p.acceptOp(',');
  if (comma || p.acceptKeyword('CROSS')) {
    if (!comma) p.expectKeyword('JOIN');
    const at = p.peek().span;
    const source = parseTableRef(p);
    const on: Expr = { kind: 'boolean', value: true, span: at };
    return { kind: 'join', joinType: 'INNER', source, on, span: p.spanFrom(start) };
  }
  let joinType: JoinType = 'INNER';
  if (p.acceptKeyword('INNER')) joinType = 'INNER';
  else if (p.acceptKeyword('LEFT')) joinType = 'LEFT';
  else if (p.acceptKeyword('RIGHT')) joinType = 'RIGHT';
  else if (p.acceptKeyword('FULL')) joinType = 'FULL';
  if (joinType !== 'INNER') p.acceptKeyword('OUTER');
  p.expectKeyword('JOIN');
  const source = parseTableRef(p);
  if (!p.isKeyword('ON')) p.fail('ON', ['ON']);
  p.next();
  const on: Expr = parseExpr(p);
  return { kind: 'join', joinType, source, on, span: p.spanFrom(start) };
}

function parseWindow(p: Parser): WindowClause {
  const start = p.expectKeyword('WINDOW').span.start;
  const t = p.peek();
  // TUMBLE / HOP / HOPPING are accepted as spellings of TUMBLING / SLIDING.
  const word = t.type === 'ident' ? t.value : '';
  const type =
    word === 'TUMBLE' ? 'TUMBLING' : word === 'HOP' || word === 'HOPPING' ? 'SLIDING' : word;
  if (!WINDOW_KINDS.includes(word) || !['TUMBLING', 'SLIDING', 'SESSION'].includes(type)) {
    p.fail('TUMBLING, SLIDING or SESSION', ['TUMBLING', 'SLIDING', 'SESSION']);
  }
  p.next();
  p.expectOp('(');
  let timeColumn: Expr | null = null;
  const first = p.peek().type;
  if (
    first !== 'duration' &&
    first !== 'integer' &&
    first !== 'decimal' &&
    !p.isKeyword('INTERVAL')
  ) {
    timeColumn = parseExpr(p);
    p.expectOp(',');
  }
  const size = parseDurationExpr(p);
  let window: WindowClause;
  if (type === 'SLIDING') {
    p.expectOp(',');
    const advance = parseDurationExpr(p);
    p.expectOp(')');
    window = { kind: 'window_sliding', timeColumn, size, advance, span: p.spanFrom(start) };
  } else {
    p.expectOp(')');
    window =
      type === 'SESSION'
        ? { kind: 'window_session', timeColumn, gap: size, span: p.spanFrom(start) }
        : { kind: 'window_tumbling', timeColumn, size, span: p.spanFrom(start) };
  }
  return window;
}

function parseEmit(p: Parser): EmitClause {
  const start = p.expectKeyword('EMIT').span.start;
  if (p.acceptKeyword('FINAL')) return { kind: 'emit', mode: 'FINAL', span: p.spanFrom(start) };
  if (p.acceptKeyword('CHANGES')) return { kind: 'emit', mode: 'CHANGES', span: p.spanFrom(start) };
  return p.fail('FINAL or CHANGES', ['FINAL', 'CHANGES']);
}
