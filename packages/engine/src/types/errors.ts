/**
 * Runtime failure while evaluating one record (division by zero, bad cast, unparsable field).
 * The record goes to the dead-letter output; engine-core attaches the SQL position.
 * The contract name `EvalError` shadows the JS global, so the same class is also exported as
 * `EvaluationError`; import that one to keep the linter quiet.
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: contract name agreed between engine stages
export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

export { EvalError as EvaluationError };

export class DivisionByZeroError extends EvalError {
  constructor() {
    super('division by zero');
  }
}

export function isEvalError(e: unknown): e is EvalError {
  return e instanceof EvalError;
}
