/** Argument type checks and value coercions shared by the scalar functions. */
import { parseTimestamp, valueToText } from '../types/cast.ts';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { type SqlType, Timestamp, type Value } from '../types/value.ts';

export type ArgKind = 'numeric' | 'integer' | 'string' | 'timestamp' | 'any';

const ACCEPTS: Record<ArgKind, (t: SqlType) => boolean> = {
  numeric: (t) => t === 'INTEGER' || t === 'DECIMAL' || t === 'FLOAT',
  integer: (t) => t === 'INTEGER',
  string: (t) => t === 'STRING',
  // epoch-ms integers (system columns) and ISO text are accepted where a timestamp is expected
  timestamp: (t) => t === 'TIMESTAMP' || t === 'INTEGER' || t === 'STRING',
  any: () => true,
};

const KIND_NAME: Record<ArgKind, string> = {
  numeric: 'numeric',
  integer: 'INTEGER',
  string: 'STRING',
  timestamp: 'TIMESTAMP',
  any: 'any type',
};

/** Check static argument types; the last kind repeats for variadic functions. */
export function checkArgs(
  name: string,
  args: SqlType[],
  kinds: ArgKind[],
): { error: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const kind = kinds[i < kinds.length ? i : kinds.length - 1];
    const t = args[i];
    if (t === 'ANY' || t === 'NULL') continue;
    if (!ACCEPTS[kind](t)) {
      return { error: `argument ${i + 1} of ${name} must be ${KIND_NAME[kind]}, got ${t}` };
    }
  }
  return undefined;
}

export function anyNull(args: Value[]): boolean {
  for (let i = 0; i < args.length; i++) if (args[i] === null) return true;
  return false;
}

export function asText(v: Value): string {
  return typeof v === 'string' ? v : valueToText(v);
}

export function asInt(name: string, v: Value): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (v instanceof Decimal && v.normalize().scale === 0)
    return Number(v.unscaled / 10n ** BigInt(v.scale));
  throw new EvaluationError(`${name} expects an integer, got ${valueToText(v)}`);
}

/** A TIMESTAMP argument: Timestamp, epoch-ms number, or timestamp text. */
export function asTimestampMs(v: Value): number {
  if (v instanceof Timestamp) return v.ms;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  return parseTimestamp(v, 'auto').ms;
}

export function asNumeric(name: string, v: Value): bigint | number | Decimal {
  if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^[+-]?\d+$/.test(t)) return BigInt(t);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(t)) return Decimal.parse(t);
  }
  throw new EvaluationError(`${name} expects a number, got ${valueToText(v)}`);
}

export function asFloat(name: string, v: Value): number {
  const n = asNumeric(name, v);
  return typeof n === 'number' ? n : typeof n === 'bigint' ? Number(n) : n.toNumber();
}
