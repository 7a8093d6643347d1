/**
 * The `reason` label of dead-letter metrics: a small fixed set of classes, never the free
 * text of a reason (which holds values and positions and would make one series per record).
 */
import type { DeadLetterKind } from '@velo/runtime';

export const DLQ_REASON_CLASSES = [
  'malformed',
  'oversized',
  'type',
  'division_by_zero',
  'late',
  'runtime',
  'decode',
] as const;

export type DlqReasonClass = (typeof DLQ_REASON_CLASSES)[number];

export function dlqReasonClass(kind: DeadLetterKind, reason: string): DlqReasonClass {
  if (kind === 'late') return 'late';
  const text = reason.toLowerCase();
  if (/too large|oversized|exceeds|over the .*limit/.test(text)) return 'oversized';
  if (/division by zero|divide by zero/.test(text)) return 'division_by_zero';
  if (kind === 'decode' && /json|csv|avro|malformed|unterminated|invalid|unexpected/.test(text)) {
    return 'malformed';
  }
  if (
    /cannot cast|not a number|type|expected (an? )?(integer|decimal|number|boolean|timestamp)/.test(
      text,
    )
  ) {
    return 'type';
  }
  return kind === 'decode' ? 'decode' : 'runtime';
}
