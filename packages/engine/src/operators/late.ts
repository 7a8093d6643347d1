import type { RuntimeContext } from '../exec/context.ts';
import type { EngineRecord } from '../types/value.ts';

export type LatePolicy = 'dlq' | 'drop';

/** Counts a late record and routes it to the dead letters unless the policy is `drop`. */
export function reportLate(
  ctx: RuntimeContext,
  sourceId: string,
  record: EngineRecord,
  watermark: number,
  policy: LatePolicy,
): void {
  ctx.late++;
  if (policy === 'drop') return;
  ctx.deadLetters.push({
    sourceId,
    record,
    kind: 'late',
    reason: `late record: event time ${iso(record.eventTime)} is behind the watermark ${iso(watermark)}`,
  });
}

export function iso(ms: number): string {
  if (!Number.isFinite(ms)) return ms > 0 ? '+infinity' : '-infinity';
  return new Date(ms).toISOString();
}
