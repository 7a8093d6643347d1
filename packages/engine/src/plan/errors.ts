import type { Span } from '../sql/ast.ts';

/** A statement the planner cannot turn into operators; reported as a positioned diagnostic. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}
