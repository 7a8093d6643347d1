/**
 * CAST semantics and value typing. A failed cast throws EvalError
 * (`cannot cast 'abc' to INTEGER`), which sends the record to the dead-letter output.
 */
import { formatJsonValue, parseJsonExact } from '../formats/json.ts';
import { Decimal } from './decimal.ts';
import { EvaluationError } from './errors.ts';
import { parseTimestampPattern, tryParseTimestampText } from './timestamp-text.ts';
import { type SqlType, Timestamp, type Value } from './value.ts';

const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;
const INTEGER_RE = /^\s*[+-]?\d+\s*$/;

export function typeOfValue(v: Value): SqlType {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'bigint':
      return 'INTEGER';
    case 'number':
      return 'FLOAT';
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
  }
  if (v instanceof Decimal) return 'DECIMAL';
  if (v instanceof Timestamp) return 'TIMESTAMP';
  return 'JSON';
}

function quoteForError(v: Value): string {
  if (typeof v === 'string') return `'${v}'`;
  return valueToText(v);
}

function castError(v: Value, target: string): EvaluationError {
  return new EvaluationError(`cannot cast ${quoteForError(v)} to ${target}`);
}

/** Text form used by CAST(x AS STRING), CONCAT and `||`. */
export function valueToText(v: Value): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return floatToText(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Timestamp) return v.toISOString();
  return formatJsonValue(v);
}

/** Doubles print like JS except non-finite values use SQL spellings. */
export function floatToText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return String(n);
}

function checkIntRange(n: bigint, v: Value): bigint {
  if (n < INT_MIN || n > INT_MAX)
    throw new EvaluationError(`integer out of range: ${quoteForError(v)}`);
  return n;
}

function toInteger(v: Value): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw castError(v, 'INTEGER');
      // half away from zero, like DECIMAL -> INTEGER
      return checkIntRange(BigInt(v < 0 ? -Math.round(-v) : Math.round(v)), v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      if (INTEGER_RE.test(v)) return checkIntRange(BigInt(v.trim()), v);
      throw castError(v, 'INTEGER');
  }
  if (v instanceof Decimal) return checkIntRange(v.round(0).unscaled, v);
  if (v instanceof Timestamp) return BigInt(v.ms);
  throw castError(v, 'INTEGER');
}

function toDecimal(v: Value, scale: number | undefined): Decimal {
  let d: Decimal;
  switch (typeof v) {
    case 'bigint':
      d = new Decimal(v, 0);
      break;
    case 'number':
      if (!Number.isFinite(v)) throw castError(v, 'DECIMAL');
      d = Decimal.fromNumber(v);
      break;
    case 'boolean':
      d = new Decimal(v ? 1n : 0n, 0);
      break;
    case 'string':
      try {
        d = Decimal.parse(v);
      } catch {
        throw castError(v, 'DECIMAL');
      }
      break;
    default:
      if (v instanceof Decimal) d = v;
      else throw castError(v, 'DECIMAL');
  }
  return scale === undefined ? d : d.rescale(scale, 'half-up');
}

function checkPrecision(d: Decimal, precision: number, scale: number | undefined): Decimal {
  if (d.precision() > precision && !d.isZero()) {
    throw new EvaluationError(
      `value ${d.toString()} does not fit DECIMAL(${precision},${scale ?? 0})`,
    );
  }
  return d;
}

function toFloat(v: Value): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const t = v.trim().toLowerCase();
      if (t === 'nan') return Number.NaN;
      if (t === 'infinity' || t === '+infinity' || t === 'inf') return Number.POSITIVE_INFINITY;
      if (t === '-infinity' || t === '-inf') return Number.NEGATIVE_INFINITY;
      if (t.length === 0 || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t))
        throw castError(v, 'FLOAT');
      return Number(t);
    }
  }
  if (v instanceof Decimal) return v.toNumber();
  if (v instanceof Timestamp) return v.ms;
  throw castError(v, 'FLOAT');
}

function toBoolean(v: Value): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      switch (v.trim().toLowerCase()) {
        case 'true':
        case 't':
        case 'yes':
        case 'y':
        case 'on':
        case '1':
          return true;
        case 'false':
        case 'f':
        case 'no':
        case 'n':
        case 'off':
        case '0':
          return false;
      }
  }
  if (v instanceof Decimal) return !v.isZero();
  throw castError(v, 'BOOLEAN');
}

export type TimestampFormat = 'epoch_millis' | 'epoch_seconds' | 'iso8601' | 'auto' | string;

/** Epoch numbers below this are seconds when auto-detecting (1e11 s is year 5138; 1e11 ms is 1973). */
const AUTO_SECONDS_LIMIT = 1e11;

function numericMs(n: number, format: TimestampFormat | undefined, v: Value): Timestamp {
  if (!Number.isFinite(n)) throw castError(v, 'TIMESTAMP');
  if (format === 'epoch_seconds') return new Timestamp(Math.round(n * 1000));
  if (format === 'epoch_millis') return new Timestamp(Math.round(n));
  if (format === undefined || format === 'auto') {
    return new Timestamp(Math.abs(n) < AUTO_SECONDS_LIMIT ? Math.round(n * 1000) : Math.round(n));
  }
  throw new EvaluationError(
    `cannot parse ${quoteForError(v)} as TIMESTAMP with format '${format}'`,
  );
}

/**
 * Event-time / TO_TIMESTAMP parsing. format: epoch_millis, epoch_seconds, iso8601, auto
 * (default: numbers < 1e11 are seconds, others ms; text ISO-8601 or numeric), or a pattern
 * such as `yyyy-MM-dd HH:mm:ss`.
 */
export function parseTimestamp(v: Value, format?: TimestampFormat): Timestamp {
  if (v instanceof Timestamp) return v;
  if (typeof v === 'bigint') return numericMs(Number(v), format ?? 'epoch_millis', v);
  if (typeof v === 'number') return numericMs(v, format ?? 'epoch_millis', v);
  if (v instanceof Decimal) return numericMs(v.toNumber(), format ?? 'epoch_millis', v);
  if (typeof v === 'string') {
    if (format === 'epoch_millis' || format === 'epoch_seconds') {
      const n = Number(v.trim());
      if (v.trim().length === 0 || Number.isNaN(n)) throw castError(v, 'TIMESTAMP');
      return numericMs(n, format, v);
    }
    if (format === undefined || format === 'auto' || format === 'iso8601') {
      const ms = tryParseTimestampText(v);
      if (ms !== undefined) return new Timestamp(ms);
      if (format !== 'iso8601' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v))
        return numericMs(Number(v), 'auto', v);
      throw castError(v, 'TIMESTAMP');
    }
    const ms = parseTimestampPattern(v, format);
    if (ms === undefined) {
      throw new EvaluationError(`cannot parse '${v}' as TIMESTAMP with format '${format}'`);
    }
    return new Timestamp(ms);
  }
  throw castError(v, 'TIMESTAMP');
}

function toJson(v: Value): Value {
  if (typeof v === 'string') {
    try {
      return parseJsonExact(v);
    } catch {
      throw castError(v, 'JSON');
    }
  }
  return v;
}

/**
 * CAST(v AS target). For DECIMAL(p, s): decimalScale is s (rounded half away from zero) and
 * decimalPrecision p, checked after rounding.
 */
export function castValue(
  v: Value,
  target: SqlType,
  decimalScale?: number,
  decimalPrecision?: number,
): Value {
  if (v === null) return null;
  switch (target) {
    case 'INTEGER':
      return toInteger(v);
    case 'DECIMAL': {
      const d = toDecimal(v, decimalScale);
      return decimalPrecision === undefined ? d : checkPrecision(d, decimalPrecision, decimalScale);
    }
    case 'FLOAT':
      return toFloat(v);
    case 'STRING':
      return valueToText(v);
    case 'BOOLEAN':
      return toBoolean(v);
    case 'TIMESTAMP':
      // numbers are epoch milliseconds, like the system columns (_timestamp, _event_time)
      if (typeof v === 'string') {
        const ms = tryParseTimestampText(v);
        if (ms !== undefined) return new Timestamp(ms);
        if (/^\s*[+-]?\d+\s*$/.test(v)) return new Timestamp(Number(v));
        throw castError(v, 'TIMESTAMP');
      }
      return parseTimestamp(v, 'epoch_millis');
    case 'JSON':
      return toJson(v);
    case 'ANY':
      return v;
    case 'NULL':
      return null;
  }
}

/**
 * Whether CAST(x AS target) can ever succeed for a static type: the analyzer's rule (a cast
 * this refuses fails on every row; cast.test.ts checks both agree).
 */
export function canCast(from: SqlType, target: SqlType): boolean {
  if (
    from === target ||
    from === 'NULL' ||
    from === 'ANY' ||
    target === 'ANY' ||
    target === 'STRING'
  ) {
    return true;
  }
  if (from === 'STRING') return true;
  if (from === 'JSON') return target === 'JSON';
  // CAST(x AS JSON) keeps a scalar as a JSON scalar.
  if (target === 'JSON') return true;
  if (from === 'TIMESTAMP') return target === 'INTEGER' || target === 'FLOAT';
  if (target === 'TIMESTAMP') return from === 'INTEGER' || from === 'FLOAT' || from === 'DECIMAL';
  return true;
}
