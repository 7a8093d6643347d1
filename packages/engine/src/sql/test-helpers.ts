/**
 * Builders for expected AST fragments in parser specs (spans are stripped before comparing).
 */
import type { Expr, Identifier, Select, Statement } from './ast.ts';
import { parseSql } from './parser.ts';

/** Deep copy without `span`, `nameSpan`, `fieldSpan`. */
export function stripSpans<T>(node: T): T {
  if (Array.isArray(node)) return node.map(stripSpans) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'span' || k === 'nameSpan' || k === 'fieldSpan') continue;
    out[k] = stripSpans(v);
  }
  return out as T;
}

export function parseOne(sql: string): Statement {
  const r = parseSql(sql);
  if (r.diagnostics.length > 0 || r.statements.length !== 1) {
    throw new Error(`expected one clean statement from ${sql}: ${JSON.stringify(r.diagnostics)}`);
  }
  return r.statements[0];
}

export function parseSelectSql(sql: string): Select {
  return stripSpans(parseOne(sql).query);
}

/** The expression of `SELECT <expr> FROM t`, spans stripped. */
export function parseExprSql(expr: string): Expr {
  const item = parseOne(`SELECT ${expr} FROM t`).query.items[0];
  if (item.kind !== 'select_expr') throw new Error('not an expression');
  return stripSpans(item.expr);
}

type NoSpan<T> = T extends object
  ? { [K in keyof T as K extends 'span' | 'nameSpan' | 'fieldSpan' ? never : K]: NoSpan<T[K]> }
  : T;

export const id = (name: string, quoted = false): NoSpan<Identifier> => ({
  kind: 'identifier',
  name,
  quoted,
});
export const col = (...parts: string[]) => ({ kind: 'column', parts: parts.map((p) => id(p)) });
export const int = (v: number | bigint) => ({ kind: 'integer', text: String(v), value: BigInt(v) });
export const dec = (text: string) => ({
  kind: 'decimal',
  text,
  scale: text.includes('.') ? text.length - text.indexOf('.') - 1 : 0,
});
export const str = (value: string) => ({ kind: 'string', value });
export const bin = (op: string, left: unknown, right: unknown) => ({
  kind: 'binary',
  op,
  left,
  right,
});
export const call = (name: string, args: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'call',
  name,
  args,
  distinct: false,
  star: false,
  over: null,
  ...extra,
});
export const interval = (quantity: string, unit: string, ms: number) => ({
  kind: 'interval',
  quantity,
  unit,
  ms,
});

/** A CASE branch. (`then` is the AST field name; it is data, never called.) */
export function when(condition: unknown, result: unknown): Record<string, unknown> {
  const clause: Record<string, unknown> = { kind: 'when', when: condition };
  // biome-ignore lint/complexity/useLiteralKeys: a literal `then` key trips noThenProperty
  clause['then'] = result;
  return clause;
}
