/** Mutable state of one `analyzeProgram` run: the side tables and the diagnostics. */
import { type Diagnostic, diagnosticAt } from '../diagnostics.ts';
import type { ColumnRef, Expr, FunctionCall, Span } from '../sql/ast.ts';
import type { DecimalType } from '../types/decimal-type.ts';
import type { SqlType } from '../types/value.ts';
import { codeForMessage } from './codes.ts';
import type { CallInfo, ResolvedRef } from './types.ts';

export class AnalysisState {
  readonly exprTypes = new Map<Expr, SqlType>();
  /** DECIMAL(p,s) of DECIMAL expressions whose scale is known (analyze/decimal-types.ts). */
  readonly decimalTypes = new Map<Expr, DecimalType>();
  readonly refs = new Map<ColumnRef, ResolvedRef>();
  readonly calls = new Map<FunctionCall, CallInfo>();
  /**
   * Window-function calls whose query reads only bounded inputs: the planner orders their whole
   * partitions at end of input (a batch engine's answer) instead of taking arrival order.
   */
  readonly boundedWindowCalls = new Set<FunctionCall>();
  readonly diagnostics: Diagnostic[] = [];

  error(span: Span, message: string, hint?: string, code = codeForMessage(message)): void {
    this.diagnostics.push(diagnosticAt('error', code, span, message, hint));
  }

  warn(span: Span, message: string, hint?: string, code = codeForMessage(message)): void {
    this.diagnostics.push(diagnosticAt('warning', code, span, message, hint));
  }
}
