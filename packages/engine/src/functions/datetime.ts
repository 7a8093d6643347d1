/**
 * Date/time functions over TIMESTAMP (UTC). Where a TIMESTAMP is expected, epoch-ms integers
 * (system columns like `_timestamp`) and ISO text are accepted too.
 */
import { parseTimestamp } from '../types/cast.ts';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { formatTimestampPattern } from '../types/timestamp-text.ts';
import { Timestamp } from '../types/value.ts';
import { anyNull, asFloat, asTimestampMs, checkArgs } from './args.ts';
import type { ScalarFunction } from './registry.ts';

const DAY_MS = 86_400_000;

export const EXTRACT_FIELDS = [
  'MILLENNIUM',
  'CENTURY',
  'DECADE',
  'YEAR',
  'ISOYEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'DOW',
  'ISODOW',
  'DOY',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
  'EPOCH',
] as const;

const FIELD_ALIASES: Record<string, string> = {
  YEARS: 'YEAR',
  MONTHS: 'MONTH',
  WEEKS: 'WEEK',
  DAYS: 'DAY',
  DAYOFMONTH: 'DAY',
  DAYOFWEEK: 'DOW',
  DAYOFYEAR: 'DOY',
  HOURS: 'HOUR',
  MINUTES: 'MINUTE',
  SECONDS: 'SECOND',
  MILLISECONDS: 'MILLISECOND',
  MICROSECONDS: 'MICROSECOND',
};

function normalizeField(field: string): string {
  const f = field.trim().toUpperCase();
  return FIELD_ALIASES[f] ?? f;
}

/** ISO-8601 week number and week-year of a UTC date. */
function isoWeek(ms: number): { week: number; year: number } {
  const d = new Date(Math.floor(ms / DAY_MS) * DAY_MS);
  const dow = d.getUTCDay() || 7; // Monday=1..Sunday=7
  d.setUTCDate(d.getUTCDate() + 4 - dow); // Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return { week, year };
}

/**
 * EXTRACT(field FROM ts). Every field is an INTEGER: SECOND is whole seconds (0–59),
 * MILLISECOND is seconds × 1000 + ms (Postgres/DuckDB), EPOCH whole seconds since 1970
 * (floor), DOW 0 = Sunday, ISODOW 1 = Monday, WEEK the ISO week.
 */
export function extractField(field: string, ms: number): bigint {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  switch (normalizeField(field)) {
    case 'MILLENNIUM':
      return BigInt(year > 0 ? Math.floor((year - 1) / 1000) + 1 : Math.floor(year / 1000) - 1);
    case 'CENTURY':
      return BigInt(year > 0 ? Math.floor((year - 1) / 100) + 1 : Math.floor(year / 100) - 1);
    case 'DECADE':
      return BigInt(Math.floor(year / 10));
    case 'YEAR':
      return BigInt(year);
    case 'ISOYEAR':
      return BigInt(isoWeek(ms).year);
    case 'QUARTER':
      return BigInt(Math.floor(d.getUTCMonth() / 3) + 1);
    case 'MONTH':
      return BigInt(d.getUTCMonth() + 1);
    case 'WEEK':
      return BigInt(isoWeek(ms).week);
    case 'DAY':
      return BigInt(d.getUTCDate());
    case 'DOW':
      return BigInt(d.getUTCDay());
    case 'ISODOW':
      return BigInt(d.getUTCDay() || 7);
    case 'DOY':
      return BigInt(
        Math.floor(
          (Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / DAY_MS,
        ) + 1,
      );
    case 'HOUR':
      return BigInt(d.getUTCHours());
    case 'MINUTE':
      return BigInt(d.getUTCMinutes());
    case 'SECOND':
      return BigInt(d.getUTCSeconds());
    case 'MILLISECOND':
      return BigInt(d.getUTCSeconds() * 1000 + d.getUTCMilliseconds());
    case 'MICROSECOND':
      return BigInt((d.getUTCSeconds() * 1000 + d.getUTCMilliseconds()) * 1000);
    case 'EPOCH':
      return BigInt(Math.floor(ms / 1000));
  }
  throw new EvaluationError(`unsupported EXTRACT field '${field}'`);
}

export const DATE_TRUNC_UNITS = [
  'MILLISECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'WEEK',
  'MONTH',
  'QUARTER',
  'YEAR',
  'DECADE',
  'CENTURY',
] as const;

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

/** DATE_TRUNC(unit, ts) in UTC; weeks start on Monday (ISO, like Postgres). */
export function dateTrunc(unit: string, ms: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  switch (normalizeField(unit)) {
    case 'MILLISECOND':
      return Math.floor(ms);
    case 'SECOND':
      return floorTo(ms, 1000);
    case 'MINUTE':
      return floorTo(ms, 60_000);
    case 'HOUR':
      return floorTo(ms, 3_600_000);
    case 'DAY':
      return floorTo(ms, DAY_MS);
    case 'WEEK': {
      const day = floorTo(ms, DAY_MS);
      const dow = new Date(day).getUTCDay() || 7;
      return day - (dow - 1) * DAY_MS;
    }
    case 'MONTH':
      return Date.UTC(y, d.getUTCMonth(), 1);
    case 'QUARTER':
      return Date.UTC(y, Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'YEAR':
      return Date.UTC(y, 0, 1);
    case 'DECADE':
      return Date.UTC(Math.floor(y / 10) * 10, 0, 1);
    case 'CENTURY':
      return Date.UTC(Math.floor((y - 1) / 100) * 100 + 1, 0, 1);
  }
  throw new EvaluationError(`unsupported DATE_TRUNC unit '${unit}'`);
}

const UNIT_MS: Record<string, number> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: DAY_MS,
  WEEK: 7 * DAY_MS,
};

/**
 * DATE_DIFF(unit, a, b): whole `unit` boundaries crossed from a to b (DuckDB semantics:
 * DATE_DIFF('hour', 10:59, 11:00) = 1); MONTH/QUARTER/YEAR count calendar boundaries.
 */
export function dateDiff(unit: string, a: number, b: number): bigint {
  const u = normalizeField(unit);
  const fixed = UNIT_MS[u];
  if (fixed !== undefined) {
    if (u === 'WEEK') return BigInt((dateTrunc('WEEK', b) - dateTrunc('WEEK', a)) / fixed);
    return BigInt(Math.floor(b / fixed) - Math.floor(a / fixed));
  }
  const da = new Date(a);
  const db = new Date(b);
  const months =
    (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + (db.getUTCMonth() - da.getUTCMonth());
  if (u === 'MONTH') return BigInt(months);
  if (u === 'QUARTER') {
    const qa = da.getUTCFullYear() * 4 + Math.floor(da.getUTCMonth() / 3);
    const qb = db.getUTCFullYear() * 4 + Math.floor(db.getUTCMonth() / 3);
    return BigInt(qb - qa);
  }
  if (u === 'YEAR') return BigInt(db.getUTCFullYear() - da.getUTCFullYear());
  throw new EvaluationError(`unsupported DATE_DIFF unit '${unit}'`);
}

export const datetimeFunctions: ScalarFunction[] = [
  {
    // DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm:ss') with Java/Flink pattern letters
    name: 'DATE_FORMAT',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('DATE_FORMAT', a, ['timestamp', 'string']) ?? 'STRING',
    evaluate(args) {
      if (anyNull(args)) return null;
      return formatTimestampPattern(asTimestampMs(args[0]), String(args[1]));
    },
  },
  {
    name: 'DATE_DIFF',
    minArgs: 3,
    maxArgs: 3,
    returnType: (a) => checkArgs('DATE_DIFF', a, ['string', 'timestamp', 'timestamp']) ?? 'INTEGER',
    evaluate(args) {
      if (anyNull(args)) return null;
      return dateDiff(String(args[0]), asTimestampMs(args[1]), asTimestampMs(args[2]));
    },
  },
  {
    name: 'EXTRACT',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('EXTRACT', a, ['string', 'timestamp']) ?? 'INTEGER',
    evaluate(args) {
      if (anyNull(args)) return null;
      return extractField(String(args[0]), asTimestampMs(args[1]));
    },
  },
  {
    name: 'DATE_PART',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('DATE_PART', a, ['string', 'timestamp']) ?? 'INTEGER',
    evaluate(args) {
      if (anyNull(args)) return null;
      return extractField(String(args[0]), asTimestampMs(args[1]));
    },
  },
  {
    name: 'DATE_TRUNC',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('DATE_TRUNC', a, ['string', 'timestamp']) ?? 'TIMESTAMP',
    evaluate(args) {
      if (anyNull(args)) return null;
      return new Timestamp(dateTrunc(String(args[0]), asTimestampMs(args[1])));
    },
  },
  {
    name: 'NOW',
    minArgs: 0,
    maxArgs: 0,
    volatile: true,
    returnType: () => 'TIMESTAMP',
    evaluate: (_args, ctx) => new Timestamp(ctx.nowMs),
  },
  {
    // TO_TIMESTAMP(text [, pattern]) parses text; TO_TIMESTAMP(number) is epoch seconds (Postgres)
    name: 'TO_TIMESTAMP',
    minArgs: 1,
    maxArgs: 2,
    returnType: (a) => checkArgs('TO_TIMESTAMP', a, ['any', 'string']) ?? 'TIMESTAMP',
    evaluate(args) {
      if (anyNull(args)) return null;
      const v = args[0];
      if (typeof v === 'string')
        return parseTimestamp(v, args.length > 1 ? String(args[1]) : 'auto');
      if (v instanceof Timestamp) return v;
      return parseTimestamp(v, 'epoch_seconds');
    },
  },
  {
    name: 'FROM_UNIXTIME',
    minArgs: 1,
    maxArgs: 1,
    returnType: (a) => checkArgs('FROM_UNIXTIME', a, ['numeric']) ?? 'TIMESTAMP',
    evaluate: ([v]) =>
      v === null ? null : new Timestamp(Math.round(asFloat('FROM_UNIXTIME', v) * 1000)),
  },
  {
    name: 'TIMESTAMP_MILLIS',
    minArgs: 1,
    maxArgs: 1,
    returnType: (a) => checkArgs('TIMESTAMP_MILLIS', a, ['numeric']) ?? 'TIMESTAMP',
    evaluate: ([v]) =>
      v === null ? null : new Timestamp(Math.round(asFloat('TIMESTAMP_MILLIS', v))),
  },
  {
    name: 'UNIX_TIMESTAMP',
    minArgs: 0,
    maxArgs: 1,
    volatile: true,
    returnType: (a) => checkArgs('UNIX_TIMESTAMP', a, ['timestamp']) ?? 'INTEGER',
    evaluate(args, ctx) {
      if (args.length === 0) return BigInt(Math.floor(ctx.nowMs / 1000));
      if (args[0] === null) return null;
      return BigInt(Math.floor(asTimestampMs(args[0]) / 1000));
    },
  },
  {
    name: 'TO_EPOCH_MILLIS',
    minArgs: 1,
    maxArgs: 1,
    returnType: (a) => checkArgs('TO_EPOCH_MILLIS', a, ['timestamp']) ?? 'INTEGER',
    evaluate: ([v]) => (v === null ? null : BigInt(Math.floor(asTimestampMs(v)))),
  },
  {
    name: 'EPOCH_SECONDS',
    minArgs: 1,
    maxArgs: 1,
    returnType: (a) => checkArgs('EPOCH_SECONDS', a, ['timestamp']) ?? 'DECIMAL',
    evaluate: ([v]) => (v === null ? null : new Decimal(BigInt(Math.floor(asTimestampMs(v))), 3)),
  },
];
