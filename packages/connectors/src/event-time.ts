import type { Value } from '@velo/engine';

export type EventTimeFormat = 'epoch_millis' | 'epoch_seconds' | 'iso8601' | 'auto';

export interface EventTimeSpec {
  field: string;
  format: EventTimeFormat;
}

/** Reads `event.time.field` / `event.time.format` from URI parameters (DESIGN §2). */
export function eventTimeSpecFromParams(params: URLSearchParams): EventTimeSpec | null {
  const field = params.get('event.time.field');
  if (!field) return null;
  const format = (params.get('event.time.format') ?? 'auto') as EventTimeFormat;
  return { field, format };
}

export const EVENT_TIME_FORMATS: EventTimeFormat[] = [
  'epoch_millis',
  'epoch_seconds',
  'iso8601',
  'auto',
];

function numericOf(v: Value): number | null {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'unscaled' in v && 'scale' in v) {
    return Number(String(v));
  }
  return null;
}

/**
 * Extracts the event time in epoch ms, or returns an error message. Auto-detection treats
 * numbers below 10^11 as epoch seconds (year 5138 in ms), larger ones as epoch millis.
 */
export function extractEventTime(value: Value, format: EventTimeFormat): number | string {
  if (value === null || value === undefined) return 'event time field is null or missing';
  if (typeof value === 'object' && 'ms' in value && typeof value.ms === 'number') return value.ms;
  const n = numericOf(value);
  if (n !== null) {
    if (format === 'iso8601') return `event time ${String(value)} is not an ISO-8601 string`;
    if (format === 'epoch_seconds' || (format === 'auto' && Math.abs(n) < 1e11)) {
      return Math.round(n * 1000);
    }
    return Math.trunc(n);
  }
  if (typeof value === 'string') {
    if (format === 'epoch_millis' || format === 'epoch_seconds') {
      const num = Number(value);
      if (value.trim() === '' || Number.isNaN(num)) {
        return `event time '${value}' is not a number (${format})`;
      }
      return format === 'epoch_seconds' ? Math.round(num * 1000) : Math.trunc(num);
    }
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return `event time '${value}' is not an ISO-8601 timestamp`;
    return ms;
  }
  return `event time has unsupported type`;
}
