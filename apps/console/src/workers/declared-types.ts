/**
 * Output columns whose type the SQL declares: `CAST(x AS DECIMAL(12, 2)) AS price` is a
 * DECIMAL(12,2) column, precision and scale as written (the engine checks them when it casts).
 * Hover shows them; the analyzer's own types carry no precision (see docs/sql.md, DECIMAL).
 */
import type { Statement } from '@velo/engine';

export interface DeclaredColumn {
  name: string;
  /** `DECIMAL(12,2)`, `INTEGER`, … */
  type: string;
  /** 0-based statement index. */
  statement: number;
}

type Expr = Extract<Statement['query']['items'][number], { kind: 'select_expr' }>['expr'];

function castType(expr: Expr): string | null {
  if (expr.kind !== 'cast' || !expr.type.type) return null;
  const { type, precision, scale } = expr.type;
  return type === 'DECIMAL' && precision !== null ? `DECIMAL(${precision},${scale ?? 0})` : type;
}

export function declaredColumns(statements: Statement[]): DeclaredColumn[] {
  const out: DeclaredColumn[] = [];
  statements.forEach((statement, index) => {
    for (const item of statement.query.items) {
      if (item.kind !== 'select_expr') continue;
      const type = castType(item.expr);
      const name = item.alias?.name;
      if (type && name) out.push({ name, type, statement: index });
    }
  });
  return out;
}
