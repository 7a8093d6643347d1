/**
 * Named windows, as in PostgreSQL: `WINDOW w AS (PARTITION BY … ORDER BY …)` after a SELECT's
 * other clauses, used as `OVER w` or `OVER (w ROWS BETWEEN …)`. Velo's time windows share the
 * keyword (`WINDOW TUMBLING(1m)`); a named definition is told apart by `WINDOW <name> AS (`.
 * References are resolved here, in the parser, by copying the definition's clauses into each
 * OVER, so analysis and planning see ordinary window specifications.
 */
import type { Identifier, Select, WindowSpec } from './ast.ts';
import type { Parser } from './parser-core.ts';
import { parseWindowSpecBody } from './parser-window-spec.ts';
import { closestMatch } from './suggest.ts';

export const namedWindowMessages = {
  unknown: (name: string) => `window "${name}" does not exist`,
  duplicate: (name: string) => `window "${name}" is already defined`,
  overridePartition: (name: string) => `cannot override PARTITION BY clause of window "${name}"`,
  overrideOrder: (name: string) => `cannot override ORDER BY clause of window "${name}"`,
  copyFrame: (name: string) => `cannot copy window "${name}" because it has a frame clause`,
  defineHint: (name: string) =>
    `define it after HAVING: WINDOW ${name} AS (PARTITION BY … ORDER BY …)`,
  frameHint: (name: string) => `write OVER ${name} without parentheses to use its frame`,
} as const;

/** Is the parser at `WINDOW <name> AS` (a named window, not `WINDOW TUMBLING(…)`)? */
export function atNamedWindows(p: Parser): boolean {
  return p.isKeyword('WINDOW') && p.isName(1) && p.isKeyword('AS', 2);
}

/** `WINDOW w AS (…) [, w2 AS (…)]…`; later definitions may start from earlier ones. */
export function parseNamedWindows(p: Parser, into: Map<string, WindowSpec>): void {
  p.expectKeyword('WINDOW');
  do {
    const name = p.identifier('a window name');
    p.expectKeyword('AS');
    const open = p.expectOp('(');
    const spec = parseWindowSpecBody(p, open.span.start);
    const key = name.name.toLowerCase();
    if (into.has(key)) p.failAt(name.span, namedWindowMessages.duplicate(name.name));
    into.set(key, resolveSpec(p, spec, into));
  } while (p.acceptOp(','));
}

/** Replaces every `OVER w` / `OVER (w …)` of the SELECT block (not its subqueries). */
export function resolveNamedWindows(p: Parser, select: Select, named: Map<string, WindowSpec>) {
  const roots: unknown[] = [select.items, select.having, select.orderBy];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const x of node) stack.push(x);
      continue;
    }
    const call = node as { kind?: string; over?: WindowSpec | null };
    if (call.kind === 'call' && call.over?.ref) call.over = resolveSpec(p, call.over, named);
    for (const [k, v] of Object.entries(node)) {
      if (k !== 'span' && k !== 'query' && typeof v === 'object') stack.push(v);
    }
  }
}

/** The specification with its named window's clauses copied in (PostgreSQL's rules). */
function resolveSpec(p: Parser, spec: WindowSpec, named: Map<string, WindowSpec>): WindowSpec {
  const ref = spec.ref;
  if (!ref) return spec;
  const base = named.get(ref.name.toLowerCase());
  if (!base) p.failAt(ref.span, namedWindowMessages.unknown(ref.name), unknownHint(ref, named));
  // `OVER w` (no parentheses) is the named window itself, frame included.
  const bare = spec.span.end.offset === ref.span.end.offset;
  if (bare) return { ...base, ref, span: spec.span };
  if (spec.partitionBy.length > 0)
    p.failAt(spec.partitionBy[0].span, namedWindowMessages.overridePartition(ref.name));
  if (spec.orderBy.length > 0 && base.orderBy.length > 0)
    p.failAt(spec.orderBy[0].span, namedWindowMessages.overrideOrder(ref.name));
  if (base.frame)
    p.failAt(
      ref.span,
      namedWindowMessages.copyFrame(ref.name),
      namedWindowMessages.frameHint(ref.name),
    );
  return {
    kind: 'over',
    ref,
    partitionBy: base.partitionBy,
    orderBy: spec.orderBy.length > 0 ? spec.orderBy : base.orderBy,
    frame: spec.frame,
    span: spec.span,
  };
}

function unknownHint(ref: Identifier, named: Map<string, WindowSpec>): string {
  const match = closestMatch(ref.name.toLowerCase(), [...named.keys()]);
  return match ? `did you mean "${match}"?` : namedWindowMessages.defineHint(ref.name);
}
