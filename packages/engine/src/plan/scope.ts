/** Relations visible to an expression and resolution of dotted names against them. */
import type { ColumnRef } from '../sql/ast.ts';
import type { SqlType } from '../types/value.ts';
import { PlanError } from './errors.ts';
import { type PExpr, SYSTEM_COLUMNS, type SystemColumn } from './expr.ts';

export interface ScopeRelation {
  /** Alias, else the bare name; null for URI sources without alias. */
  alias: string | null;
  /** The bare name (streams/tables) for `name.column` references. */
  name: string | null;
  columns?: string[];
  /** Column types when known (schemas), for aggregate argument types. */
  types?: Record<string, SqlType>;
}

export class Scope {
  constructor(
    readonly relations: ScopeRelation[],
    /** Relations of enclosing queries (subqueries): indexes continue after these. */
    readonly single = relations.length === 1,
  ) {}

  private relationIndex(name: string): number {
    const lower = name.toLowerCase();
    const byAlias = this.relations.findIndex((r) => r.alias?.toLowerCase() === lower);
    if (byAlias >= 0) return byAlias;
    return this.relations.findIndex((r) => r.alias === null && r.name?.toLowerCase() === lower);
  }

  /** `a.b.c` → relation `a`, column `b`, nested `c`; or column `a`, nested `b.c`. */
  resolve(ref: ColumnRef): PExpr {
    const parts = ref.parts.map((p) => p.name);
    const pos = { line: ref.span.start.line, column: ref.span.start.column };
    let rel: number | null = null;
    let i = 0;
    if (parts.length >= 2) {
      const r = this.relationIndex(parts[0]);
      if (r >= 0) {
        rel = r;
        i = 1;
      }
    }
    const column = parts[i];
    if (rel === null && !this.single) rel = this.ownerOf(column);
    if (rel === 0 && this.single) rel = null;
    let e: PExpr = (SYSTEM_COLUMNS as readonly string[]).includes(column.toLowerCase())
      ? { k: 'sys', rel, name: column.toLowerCase() as SystemColumn, pos }
      : { k: 'col', rel, name: column, pos };
    for (let j = i + 1; j < parts.length; j++) e = { k: 'field', base: e, name: parts[j], pos };
    return e;
  }

  private ownerOf(column: string): number | null {
    const owners = this.relations
      .map((r, i) => (r.columns?.includes(column) ? i : -1))
      .filter((i) => i >= 0);
    return owners.length === 1 ? owners[0] : null;
  }

  /** Relation indexes referenced by an expression (null = unknown / any). */
  static relationsOf(e: PExpr, out: Set<number | null> = new Set()): Set<number | null> {
    if (e.k === 'col' || e.k === 'sys') {
      out.add(e.rel);
      return out;
    }
    for (const [k, v] of Object.entries(e)) {
      if (k === 'pos') continue;
      if (Array.isArray(v)) {
        for (const x of v) {
          if (Array.isArray(x)) for (const y of x) visit(y, out);
          else visit(x, out);
        }
      } else visit(v, out);
    }
    return out;
  }

  static fail(message: string, ref: ColumnRef): never {
    throw new PlanError(message, ref.span);
  }
}

function visit(v: unknown, out: Set<number | null>): void {
  if (typeof v === 'object' && v !== null && typeof (v as { k?: unknown }).k === 'string') {
    Scope.relationsOf(v as PExpr, out);
  }
}
