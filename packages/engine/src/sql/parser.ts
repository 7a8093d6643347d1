/**
 * `parseSql(text)`: statements and diagnostics; never throws. A syntax error abandons the
 * current statement and parsing resumes after the next `;`, so one run reports an error per
 * broken statement.
 */
import { type Diagnostic, diagnosticAt } from '../diagnostics.ts';
import type { Annotation, IntoClause, Span, Statement, WithOption } from './ast.ts';
import { expandDerived } from './derived.ts';
import { type Comment, tokenize } from './lexer.ts';
import { syntaxMessages } from './messages.ts';
import { ParseFailure, Parser } from './parser-core.ts';
import { withCommonTableExprs } from './parser-select.ts';
import { parseQuery } from './parser-set-ops.ts';

export interface ParseResult {
  statements: Statement[];
  diagnostics: Diagnostic[];
}

export function parseSql(text: string): ParseResult {
  const lexed = tokenize(text);
  const p = new Parser(lexed.tokens, text);
  const statements: Statement[] = [];
  const failures: Diagnostic[] = [];
  let commentIndex = 0;
  let previousEnd = 0;

  while (p.peek().type !== 'eof') {
    if (p.acceptOp(';')) continue;
    const startTok = p.peek();
    const startIndex = p.i;
    const annotations: Annotation[] = [];
    // Annotations are the comments between the previous statement and this one; comments
    // inside a statement's body belong to no statement.
    while (
      commentIndex < lexed.comments.length &&
      lexed.comments[commentIndex].span.start.offset < startTok.span.start.offset
    ) {
      const c = lexed.comments[commentIndex];
      const a = c.span.start.offset >= previousEnd ? annotationOf(c) : null;
      if (a) annotations.push(a);
      commentIndex++;
    }
    try {
      p.derived = [];
      p.cteScopes = [];
      const stmt = parseStatement(p);
      stmt.annotations = annotations;
      statements.push(...expandDerived(stmt, p.derived));
      if (!p.acceptOp(';') && p.peek().type !== 'eof') {
        p.fail('";" or the end of the statement', ['INTO', 'WITH']);
      }
    } catch (e) {
      failures.push(
        e instanceof ParseFailure
          ? e.diagnostic
          : diagnosticAt(
              'error',
              'syntax',
              p.peek().span,
              'statement is nested too deeply to parse',
            ),
      );
      if (p.i === startIndex) p.next();
      skipToStatementEnd(p);
    }
    previousEnd = p.lastEnd().offset;
  }
  const diagnostics = [...lexed.diagnostics, ...p.diagnostics, ...failures].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
  return { statements, diagnostics };
}

function skipToStatementEnd(p: Parser): void {
  while (p.peek().type !== 'eof') {
    if (p.acceptOp(';')) return;
    p.next();
  }
}

/** `-- @metric: name`, `-- @metric_labels: a, b` → {key, value}. */
function annotationOf(c: Comment): Annotation | null {
  const m = /^--\s*@([A-Za-z_][\w.]*)\s*:?\s*(.*?)\s*$/.exec(c.text);
  if (!m) return null;
  return { kind: 'annotation', key: m[1], value: m[2], span: c.span };
}

function parseStatement(p: Parser): Statement {
  const start = p.peek().span.start;
  if (p.isKeyword('CREATE')) {
    p.next();
    const what = p.peek();
    if (!p.isKeyword('STREAM') && !p.isKeyword('TABLE'))
      p.fail('STREAM or TABLE', ['STREAM', 'TABLE']);
    p.next();
    const name = p.identifier('a stream or table name');
    p.expectKeyword('AS');
    const query = withCommonTableExprs(p, parseQuery);
    const { into, options } = parseSinkClauses(p);
    const span: Span = p.spanFrom(start);
    const base = { name, query, into, with: options, annotations: [], span };
    return what.value === 'STREAM'
      ? { kind: 'create_stream', ...base }
      : { kind: 'create_table', ...base };
  }
  if (p.isKeyword('SELECT') || p.isKeyword('WITH') || p.isOp('(')) {
    const query = withCommonTableExprs(p, parseQuery);
    const { into, options } = parseSinkClauses(p);
    return {
      kind: 'select_statement',
      query,
      into,
      with: options,
      annotations: [],
      span: p.spanFrom(start),
    };
  }
  return p.fail('CREATE STREAM, CREATE TABLE or SELECT', ['CREATE', 'SELECT']);
}

/** `[INTO 'uri'] [WITH ('k' = 'v', …)]` in either order. */
function parseSinkClauses(p: Parser): { into: IntoClause | null; options: WithOption[] } {
  let into: IntoClause | null = null;
  let options: WithOption[] = [];
  let sawWith = false;
  for (;;) {
    if (p.isKeyword('INTO')) {
      if (into) p.failAt(p.peek().span, syntaxMessages.duplicateClause('INTO'));
      const start = p.next().span.start;
      const t = p.peek();
      if (t.type !== 'string') p.fail("a quoted sink URI such as 'file:///tmp/out.jsonl'");
      p.next();
      into = { kind: 'into', uri: t.value, span: p.spanFrom(start) };
    } else if (p.isKeyword('WITH')) {
      if (sawWith) p.failAt(p.peek().span, syntaxMessages.duplicateClause('WITH'));
      sawWith = true;
      p.next();
      options = parseWithOptions(p);
    } else {
      return { into, options };
    }
  }
}

function parseWithOptions(p: Parser): WithOption[] {
  p.expectOp('(');
  const options: WithOption[] = [];
  if (p.acceptOp(')')) return options;
  do {
    const k = p.peek();
    if (k.type !== 'string' && k.type !== 'ident' && k.type !== 'quoted_ident') {
      p.fail("an option name such as 'event.time.field'");
    }
    p.next();
    // Unquoted dotted keys: event.time.field = 'ts'
    let key = k.type === 'ident' ? k.text : k.value;
    while (k.type === 'ident' && p.isOp('.') && p.peek(1).type === 'ident') {
      p.next();
      key += `.${p.next().text}`;
    }
    p.expectOp('=');
    const v = p.peek();
    if (!['string', 'integer', 'decimal', 'ident', 'duration'].includes(v.type)) {
      p.fail("an option value such as 'ts'");
    }
    p.next();
    options.push({
      kind: 'with_option',
      key,
      value: v.type === 'string' ? v.value : v.text,
      span: p.spanFrom(k.span.start),
    });
  } while (p.acceptOp(','));
  p.expectOp(')');
  return options;
}
