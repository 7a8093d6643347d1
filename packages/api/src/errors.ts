/**
 * Domain errors thrown by services. trpc.ts maps each code to a tRPC code in one place, so
 * services never depend on the transport.
 */
export type AppErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_INPUT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS';

export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;
  /** Per-field messages keyed by dotted input path ("config.port"), for form display. */
  readonly fieldErrors: Record<string, string[]> | undefined;

  constructor(code: AppErrorCode, message: string, fieldErrors?: Record<string, string[]>) {
    super(message);
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}
