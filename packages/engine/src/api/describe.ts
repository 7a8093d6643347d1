/**
 * describe: diagnostics plus the types analysis found, for editors (hover, completion). One
 * analysis serves both (compileAnalyzed). DECIMAL columns and expressions carry DECIMAL(p,s)
 * by the rules of types/decimal-type.ts.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { type DecimalType, decimalTypeText } from '../types/decimal-type.ts';
import type { Column } from '../types/schema.ts';
import { type CompileOptions, compileAnalyzed } from './compile.ts';

export interface DescribedStatement {
  /** 0-based statement index. */
  statement: number;
  kind: 'stream' | 'table' | 'select';
  name: string | null;
  /** Output columns with their types (stars over unknown columns contribute nothing). */
  columns: Column[];
}

/** A written DECIMAL expression (a column, literal, operator, call…) and its type. */
export interface DescribedExpression extends DecimalType {
  /** 1-based, end just after the expression (as Diagnostic). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `DECIMAL(10,2)`, or `DECIMAL(scale 2)` while the precision is unknown. */
  type: string;
}

export interface DescribeResult {
  diagnostics: Diagnostic[];
  statements: DescribedStatement[];
  decimals: DescribedExpression[];
}

export function describe(sql: string, options: CompileOptions = {}): DescribeResult {
  const { diagnostics, analysis } = compileAnalyzed(sql, options);
  if (!analysis) return { diagnostics, statements: [], decimals: [] };
  const statements = analysis.statements.map((s) => ({
    statement: s.index,
    kind: s.kind,
    name: s.name,
    columns: s.select.outputColumns.map((c) => ({ ...c })),
  }));
  const decimals: DescribedExpression[] = [];
  for (const [expr, t] of analysis.decimalTypes) {
    const { start, end } = expr.span;
    decimals.push({
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      ...t,
      type: decimalTypeText(t),
    });
  }
  return { diagnostics, statements, decimals };
}
