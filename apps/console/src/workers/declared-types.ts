/**
 * Output columns with the types the engine's analysis gives them (`describe`): a CAST's
 * DECIMAL(12,2), `SUM(amount)`'s DECIMAL(38,2), `amount * quantity`'s DECIMAL(30,2) — the
 * engine's rules, printed as the engine prints them (decimalTypeText). Hover shows them.
 */
import { type DescribedStatement, decimalTypeText } from '@velo/engine';

export interface DeclaredColumn {
  name: string;
  /** `DECIMAL(12,2)`, `DECIMAL(scale 2)` while the precision is unknown, `INTEGER`, … */
  type: string;
  /** 0-based statement index. */
  statement: number;
}

export function declaredColumns(statements: DescribedStatement[]): DeclaredColumn[] {
  return statements.flatMap((s) =>
    s.columns.map((c) => ({
      name: c.name,
      type:
        c.type === 'DECIMAL' && c.scale !== undefined
          ? decimalTypeText({ ...c, scale: c.scale })
          : c.type,
      statement: s.statement,
    })),
  );
}
