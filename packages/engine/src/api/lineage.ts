/**
 * Dataset and column lineage of a compiled program (DESIGN §5): which inputs each statement
 * reads, where it writes, and for every output column the input columns it is computed from.
 */
import type { PExpr } from '../plan/expr.ts';
import type { Program, RelationInput, StatementPlan } from '../plan/program.ts';
import type { CompiledProgram } from './program.ts';

export interface LineageColumn {
  /** Source id (URI or bound name) or the name of an earlier stream/table. */
  dataset: string;
  column: string;
}

export interface StatementLineage {
  statement: number;
  kind: 'stream' | 'table' | 'select';
  name: string | null;
  /** Datasets read (source ids and earlier stream/table names), in FROM/JOIN/subquery order. */
  inputs: string[];
  /** Where the output goes: the INTO URI, else the stream/table name, else 'result'. */
  output: string;
  /** Output column → the input columns it derives from (empty for constants). */
  columns: { name: string; from: LineageColumn[] }[];
}

export function lineage(program: CompiledProgram): StatementLineage[] {
  const plan = program.plan;
  return plan.statements.map((s) => statementLineage(plan, s));
}

function datasetOf(plan: Program, input: RelationInput): string {
  if (input.kind === 'source') return input.sourceId;
  const s = plan.statements[input.statement];
  return s.name ?? s.sink;
}

function statementLineage(plan: Program, s: StatementPlan): StatementLineage {
  const rels = s.relations.map((r) => datasetOf(plan, r.input));
  const inputs = [...rels];
  for (const t of s.tables) {
    const decl = plan.tables.find((x) => x.name === t);
    if (decl) {
      const d = datasetOf(plan, decl.input);
      if (!inputs.includes(d)) inputs.push(d);
    }
  }
  const slotSources = new Map<string, PExpr[]>();
  s.aggregate?.keys.forEach((k, i) => {
    slotSources.set(`$g${i}`, [k]);
  });
  s.aggregate?.aggregates.forEach((a, i) => {
    slotSources.set(`$a${i}`, a.arg ? [a.arg] : []);
  });
  for (const o of s.over) {
    for (const f of o.functions) slotSources.set(f.field, [...f.args, ...o.partitionBy]);
  }
  const columnsOf = (e: PExpr, out: LineageColumn[]) => {
    const add = (rel: number | null, column: string) => {
      const dataset = rels[rel ?? 0];
      if (dataset !== undefined && !out.some((c) => c.dataset === dataset && c.column === column)) {
        out.push({ dataset, column });
      }
    };
    const visit = (x: PExpr) => {
      if (x.k === 'col' || x.k === 'sys') add(x.rel, x.name);
      else if (x.k === 'slot') for (const src of slotSources.get(x.field) ?? []) visit(src);
      else if (x.k === 'subquery') {
        if (x.e) visit(x.e);
      } else {
        for (const [k, v] of Object.entries(x)) {
          if (k === 'pos') continue;
          const items = Array.isArray(v) ? v.flat() : [v];
          for (const it of items) {
            if (
              typeof it === 'object' &&
              it !== null &&
              typeof (it as { k?: unknown }).k === 'string'
            ) {
              visit(it as PExpr);
            }
          }
        }
      }
    };
    visit(e);
  };
  const columns: StatementLineage['columns'] = [];
  for (const item of s.output) {
    if (item.kind === 'expr') {
      const from: LineageColumn[] = [];
      columnsOf(item.expr, from);
      columns.push({ name: item.name, from });
    } else {
      const relIdx = item.rel === null ? s.relations.map((_, i) => i) : [item.rel];
      for (const i of relIdx) {
        for (const c of s.relations[i].columns ?? []) {
          if (!columns.some((x) => x.name === c))
            columns.push({ name: c, from: [{ dataset: rels[i], column: c }] });
        }
      }
    }
  }
  return { statement: s.index, kind: s.kind, name: s.name, inputs, output: s.sink, columns };
}
