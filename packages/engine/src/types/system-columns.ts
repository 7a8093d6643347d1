/**
 * The system columns every record exposes (DESIGN §2), declared once for the analyzer, the
 * planner and evaluation: record metadata in epoch ms / offsets / keys, and window bounds.
 */
export const SYSTEM_COLUMNS = [
  '_timestamp',
  '_event_time',
  '_offset',
  '_partition',
  '_key',
  '_window_start',
  '_window_end',
] as const;

export type SystemColumn = (typeof SYSTEM_COLUMNS)[number];
