/**
 * Name resolution: the relations visible to an expression (FROM + JOINs, then enclosing
 * queries for correlated subqueries) and how a dotted name maps to relation, column and
 * nested JSON path.
 */
import type { ColumnRef, Expr } from '../sql/ast.ts';
import { closestMatch } from '../sql/suggest.ts';
import type { Column } from '../types/schema.ts';
import type { SqlType } from '../types/value.ts';
import { hints, messages } from './messages.ts';
import type { AnalyzedRelation, ResolvedRef, SystemColumnName, TypedColumn } from './types.ts';

export const SYSTEM_COLUMN_TYPES: Record<SystemColumnName, SqlType> = {
  _timestamp: 'INTEGER',
  _event_time: 'INTEGER',
  _offset: 'INTEGER',
  _partition: 'INTEGER',
  _key: 'STRING',
  _window_start: 'INTEGER',
  _window_end: 'INTEGER',
};

/** A schema column as relations hold it: DECIMAL ones keep their scale and precision. */
export function typedColumn(c: Column): TypedColumn {
  const out: TypedColumn = { name: c.name, type: c.type };
  if (c.type === 'DECIMAL' && c.scale !== undefined) {
    out.scale = c.scale;
    if (c.precision !== undefined) out.precision = c.precision;
  }
  return out;
}

export function systemColumn(name: string): SystemColumnName | null {
  const lower = name.toLowerCase();
  return lower in SYSTEM_COLUMN_TYPES ? (lower as SystemColumnName) : null;
}

export type Resolution =
  | { ok: true; ref: ResolvedRef }
  | { ok: false; message: string; hint?: string };

/** Qualifier names of a relation: its alias, else a bare stream/table name. */
export function qualifierOf(r: AnalyzedRelation): string | null {
  if (r.node.alias) return r.node.alias.name;
  return r.node.kind === 'named_source' ? r.node.name.name : null;
}

function findColumn(columns: TypedColumn[], name: string): TypedColumn | undefined {
  return (
    columns.find((c) => c.name === name) ??
    columns.find((c) => c.name.toLowerCase() === name.toLowerCase())
  );
}

export class Scope {
  constructor(
    readonly relations: AnalyzedRelation[],
    readonly parent: Scope | null = null,
    /**
     * For a query computed on its own before the query around it (a WITH query, a subquery in
     * FROM, a set operation's operand): the qualifiers (lower case) of the relations around it,
     * which it cannot read.
     */
    readonly outside: ReadonlySet<string> | null = null,
  ) {}

  relationByQualifier(name: string): number {
    const lower = name.toLowerCase();
    return this.relations.findIndex((r) => qualifierOf(r)?.toLowerCase() === lower);
  }

  /**
   * Resolves `parts` (as in a ColumnRef). `aliases` are the SELECT output aliases, consulted
   * after input columns (GROUP BY / HAVING may name them).
   */
  resolve(ref: ColumnRef, aliases?: Map<string, { expr: Expr; type: SqlType }>): Resolution {
    const parts = ref.parts.map((p) => p.name);
    const first = this.resolveIn(parts, 0, aliases);
    if (first.ok || !first.retryOuter) return first;
    for (let s: Scope | null = this.parent, depth = 1; s; s = s.parent, depth++) {
      const r = s.resolveIn(parts, depth, undefined);
      if (r.ok) return r;
    }
    const qualifier = parts.length >= 2 ? parts[0] : null;
    for (let s: Scope | null = this; s && qualifier; s = s.parent) {
      if (s.outside?.has(qualifier.toLowerCase())) {
        return {
          ok: false,
          message: messages.outerReferenceInOwnQuery(qualifier),
          hint: hints.filterWhereRead(`${qualifier}.${parts[1]}`),
        };
      }
    }
    return first;
  }

  private resolveIn(
    parts: string[],
    depth: number,
    aliases: Map<string, { expr: Expr; type: SqlType }> | undefined,
  ): Resolution & { retryOuter?: boolean } {
    if (parts.length >= 2) {
      const rel = this.relationByQualifier(parts[0]);
      if (rel >= 0) return this.columnOf(rel, parts[1], parts.slice(2), depth, parts[0]);
    }
    const [column, ...path] = parts;
    const sys = systemColumn(column);
    if (sys) return this.columnOf(0, column, path, depth);
    const owners: number[] = [];
    this.relations.forEach((r, i) => {
      if (r.columns && findColumn(r.columns, column)) owners.push(i);
    });
    if (owners.length === 1) return this.columnOf(owners[0], column, path, depth);
    if (owners.length > 1) return this.ambiguous(column, owners);
    const open = this.relations.map((r, i) => (r.columns === null ? i : -1)).filter((i) => i >= 0);
    if (open.length === 1) return this.columnOf(open[0], column, path, depth);
    if (open.length > 1) return this.ambiguous(column, open);
    const alias =
      aliases && [...aliases.entries()].find(([k]) => k.toLowerCase() === column.toLowerCase());
    if (alias && path.length === 0) {
      return {
        ok: true,
        ref: {
          relation: -1,
          outerDepth: 0,
          column: alias[0],
          system: null,
          path: [],
          aliasOf: alias[1].expr,
          type: alias[1].type,
        },
      };
    }
    if (parts.length >= 2) {
      const qualifiers = this.relations.map(qualifierOf).filter((q): q is string => q !== null);
      const match = closestMatch(parts[0], qualifiers);
      if (match) {
        return {
          ok: false,
          message: messages.unknownRelation(parts[0]),
          hint: hints.didYouMean(match),
          retryOuter: true,
        };
      }
    }
    return { ...this.unknownColumn(column, this.knownColumns(aliases)), retryOuter: true };
  }

  private knownColumns(aliases?: Map<string, unknown>): string[] {
    const names: string[] = [];
    for (const r of this.relations)
      for (const c of r.columns ?? []) if (!names.includes(c.name)) names.push(c.name);
    for (const a of aliases?.keys() ?? []) if (!names.includes(a)) names.push(a);
    return names;
  }

  private unknownColumn(
    column: string,
    candidates: string[],
  ): { ok: false; message: string; hint?: string } {
    const match = closestMatch(column, candidates);
    const hint = match
      ? hints.didYouMean(match)
      : candidates.length > 0 && candidates.length <= 12
        ? hints.availableColumns(candidates)
        : undefined;
    return { ok: false, message: messages.unknownColumn(column), ...(hint ? { hint } : {}) };
  }

  private ambiguous(column: string, owners: number[]): Resolution {
    const names = owners.map((i) => qualifierOf(this.relations[i]) ?? this.relations[i].alias);
    return { ok: false, message: messages.ambiguousColumn(column), hint: hints.qualify(names) };
  }

  private columnOf(
    rel: number,
    column: string,
    path: string[],
    depth: number,
    qualified: string | null = null,
  ): Resolution {
    const relation = this.relations[rel];
    const sys = systemColumn(column);
    if (sys) {
      if (path.length > 0) {
        return {
          ok: false,
          message: messages.noFieldOnType(sys, SYSTEM_COLUMN_TYPES[sys], path[0]),
        };
      }
      return {
        ok: true,
        ref: {
          relation: rel,
          outerDepth: depth,
          column: sys,
          system: sys,
          path,
          type: SYSTEM_COLUMN_TYPES[sys],
        },
      };
    }
    let type: SqlType = 'ANY';
    let name = column;
    let decimal: ResolvedRef['decimal'];
    if (relation.columns) {
      const c = findColumn(relation.columns, column);
      if (!c) {
        const r = this.unknownColumn(
          column,
          relation.columns.map((x) => x.name),
        );
        return qualified
          ? { ...r, message: messages.unknownColumnInRelation(column, qualified) }
          : r;
      }
      type = c.type;
      name = c.name;
      if (c.type === 'DECIMAL' && c.scale !== undefined) {
        decimal =
          c.precision === undefined
            ? { scale: c.scale }
            : { precision: c.precision, scale: c.scale };
      }
    }
    if (path.length > 0) {
      if (type !== 'JSON' && type !== 'ANY') {
        return { ok: false, message: messages.noFieldOnType(name, type, path[0]) };
      }
      type = 'ANY';
    }
    const ref: ResolvedRef = {
      relation: rel,
      outerDepth: depth,
      column: name,
      system: null,
      path,
      type,
    };
    if (decimal && path.length === 0) ref.decimal = decimal;
    return { ok: true, ref };
  }
}
