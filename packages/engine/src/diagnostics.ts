/**
 * Diagnostics: positioned errors and warnings from parsing and analysis (and, with the same
 * shape, from planning). Lines and columns are 1-based; `endLine`/`endColumn` point just after
 * the offending text so editors can underline it.
 */
import type { Span } from './sql/ast.ts';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. `unknown_column`, `syntax`. */
  code: string;
  message: string;
  hint?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** `error: <message> at line L, column C`, with `  hint: …` on a second line when present. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.severity}: ${d.message} at line ${d.line}, column ${d.column}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

export function diagnosticAt(
  severity: Severity,
  code: string,
  span: Span,
  message: string,
  hint?: string,
): Diagnostic {
  const d: Diagnostic = {
    severity,
    code,
    message,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
  };
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Errors first, then by position. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.line - b.line ||
      a.column - b.column,
  );
}
