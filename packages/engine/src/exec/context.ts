/** Shared services of one running pipeline: dead letters, counters and the clock. */
import { EvaluationError } from '../types/errors.ts';
import type { EngineRecord } from '../types/value.ts';

export interface DeadLetter {
  sourceId: string;
  record: EngineRecord | null;
  reason: string;
  line?: number;
  column?: number;
  /** `late`: behind the watermark for a closed window; absent: the record failed to evaluate. */
  kind?: 'late';
}

export interface RuntimeContext {
  deadLetters: DeadLetter[];
  late: number;
  failed: number;
  nowMs(): number;
}

export function createRuntimeContext(nowMs: () => number): RuntimeContext {
  return { deadLetters: [], late: 0, failed: 0, nowMs };
}

/** An error raised while evaluating one record, with the SQL position of the failing node. */
export interface PositionedError {
  message: string;
  sqlLine?: number;
  sqlColumn?: number;
}

/** Routes a failed record to the dead letters; rethrows anything that is not a record error. */
export function failRecord(
  ctx: RuntimeContext,
  sourceId: string,
  record: EngineRecord | null,
  error: unknown,
): void {
  if (!(error instanceof Error) || isInternalError(error)) throw error;
  const e = error as Error & PositionedError;
  ctx.failed++;
  const dl: DeadLetter = { sourceId, record, reason: e.message };
  if (e.sqlLine !== undefined) {
    dl.line = e.sqlLine;
    dl.column = e.sqlColumn;
  }
  ctx.deadLetters.push(dl);
}

/** Programming errors (TypeError, ...) must surface, not disappear into the dead letters. */
function isInternalError(e: Error): boolean {
  return !(e instanceof EvaluationError) && (e as PositionedError).sqlLine === undefined;
}
