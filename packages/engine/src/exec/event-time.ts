/**
 * Event time of a source record: the configured field (epoch_millis, epoch_seconds, iso8601 or
 * auto-detected), else the record's source timestamp, else the time the connector stamped on
 * it (processing time).
 */
import { isDecimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { type EngineRecord, Timestamp, type Value } from '../types/value.ts';

export type EventTimeFormat = 'epoch_millis' | 'epoch_seconds' | 'iso8601' | 'auto';

export interface EventTimeConfig {
  field?: string;
  format: EventTimeFormat;
}

export const EVENT_TIME_FORMATS: readonly EventTimeFormat[] = [
  'epoch_millis',
  'epoch_seconds',
  'iso8601',
  'auto',
];

/** Returns a function that sets `record.eventTime` in place or throws `EvalError`. */
export function eventTimeAssigner(
  config: EventTimeConfig,
  nowMs: () => number,
): (record: EngineRecord) => void {
  const { field, format } = config;
  if (!field) {
    return (r) => {
      if (r.timestamp !== undefined) r.eventTime = r.timestamp;
      else if (typeof r.eventTime !== 'number' || Number.isNaN(r.eventTime)) r.eventTime = nowMs();
    };
  }
  const path = field.split('.');
  return (r) => {
    let v: Value | undefined = r.fields[path[0]];
    for (let i = 1; i < path.length && v !== undefined && v !== null; i++) {
      v =
        typeof v === 'object' && !Array.isArray(v)
          ? (v as Record<string, Value>)[path[i]]
          : undefined;
    }
    if (v === undefined || v === null) {
      throw new EvaluationError(`event time field "${field}" is missing or NULL`);
    }
    r.eventTime = toEventTime(v, format, field);
  };
}

export function toEventTime(v: Value, format: EventTimeFormat, field: string): number {
  if (v instanceof Timestamp) return v.ms;
  let n: number | undefined;
  if (typeof v === 'bigint') n = Number(v);
  else if (typeof v === 'number') n = v;
  else if (isDecimal(v)) n = v.toNumber();
  else if (typeof v === 'string') {
    if (format !== 'iso8601' && /^-?\d+(\.\d+)?$/.test(v.trim())) n = Number(v);
    else if (format === 'iso8601' || format === 'auto') {
      const ms = parseIso(v);
      if (ms !== undefined) return ms;
    }
  }
  if (n === undefined || !Number.isFinite(n)) {
    throw new EvaluationError(
      `cannot read event time from field "${field}" (${format}): ${JSON.stringify(String(v))}`,
    );
  }
  switch (format) {
    case 'epoch_seconds':
      return Math.round(n * 1000);
    case 'epoch_millis':
      return Math.trunc(n);
    case 'iso8601':
      throw new EvaluationError(
        `cannot read event time from field "${field}" (iso8601): ${String(v)}`,
      );
    default:
      // Auto: values below 1e11 are seconds (1e11 ms is 1973, 1e11 s is year 5138).
      return Math.abs(n) < 1e11 ? Math.round(n * 1000) : Math.trunc(n);
  }
}

function parseIso(s: string): number | undefined {
  let text = s.trim();
  if (/^\d{4}-\d{2}-\d{2} \d/.test(text)) text = text.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) text += 'Z';
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
