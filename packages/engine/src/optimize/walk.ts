/** Applies an expression rewrite to every expression of every statement (pure: new objects). */
import type { PExpr } from '../plan/expr.ts';
import type { Program, StatementPlan } from '../plan/program.ts';

export function mapStatementExprs(program: Program, f: (e: PExpr) => PExpr): Program {
  const opt = (e: PExpr | null) => (e === null ? null : f(e));
  const statements = program.statements.map(
    (s): StatementPlan => ({
      ...s,
      where: opt(s.where),
      preFilter: opt(s.preFilter),
      having: opt(s.having),
      joins: s.joins.map((j) => ({
        ...j,
        leftKeys: j.leftKeys.map(f),
        rightKeys: j.rightKeys.map(f),
        residual: opt(j.residual),
      })),
      aggregate: s.aggregate
        ? {
            ...s.aggregate,
            keys: s.aggregate.keys.map(f),
            aggregates: s.aggregate.aggregates.map((a) => ({
              ...a,
              arg: a.arg === null ? null : f(a.arg),
            })),
          }
        : null,
      over: s.over.map((o) => ({
        ...o,
        partitionBy: o.partitionBy.map(f),
        orderBy: o.orderBy.map((k) => ({ ...k, expr: f(k.expr) })),
        functions: o.functions.map((fn) => ({ ...fn, args: fn.args.map(f) })),
      })),
      output: s.output.map((o) => (o.kind === 'expr' ? { ...o, expr: f(o.expr) } : o)),
    }),
  );
  return { ...program, statements };
}
