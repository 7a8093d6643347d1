/**
 * Engine values → query parameters for a target column, checked against the column's type so
 * a wrong value fails with the column's name instead of being rounded or coerced. Decimals and
 * 64-bit integers are bound as text, never through a JavaScript number.
 */
import { Decimal, type SqlType, Timestamp, typeOfValue, type Value } from '@velo/engine';

/** A column of the target table, as pg_attribute describes it. */
export interface TargetColumn {
  name: string;
  /** `numeric(12,2)`, `bigint`, `timestamp with time zone`… (format_type). */
  type: string;
  /** The type without its modifier: `numeric`, `character varying`. */
  baseType: string;
  /** pg_type.typname: `numeric`, `int8`, `timestamptz`… */
  typname: string;
  typmod: number;
}

export class SinkValueError extends Error {}

/** JSON text for a jsonb/json column: DECIMAL and INTEGER stay exact JSON numbers. */
export function jsonText(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Timestamp) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  const parts: string[] = [];
  for (const [k, inner] of Object.entries(v)) parts.push(`${JSON.stringify(k)}:${jsonText(inner)}`);
  return `{${parts.join(',')}}`;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

function integerOf(v: Value): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (v instanceof Decimal) {
    const whole = v.rescale(0, 'down');
    if (whole.compare(v) === 0) return BigInt(whole.toString());
  }
  return undefined;
}

/** numeric(p,s) typmod → [precision, scale]; unconstrained numeric → undefined. */
function numericTypmod(typmod: number): [number, number] | undefined {
  if (typmod < 4) return undefined;
  return [((typmod - 4) >> 16) & 0xffff, (typmod - 4) & 0xffff];
}

function decimalFits(d: Decimal, typmod: number): boolean {
  const ps = numericTypmod(typmod);
  if (!ps) return true;
  const [precision, scale] = ps;
  const rounded = d.rescale(scale, 'down');
  if (rounded.compare(d) !== 0) return false;
  const digits = rounded.abs().toString().replace('.', '').replace(/^0+/, '');
  return digits.length <= precision;
}

function describe(v: Value): string {
  const text = v instanceof Decimal || typeof v === 'bigint' ? v.toString() : jsonText(v);
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text} (${typeOfValue(v)})`;
}

/** The parameter for `v` in `column`, or a SinkValueError naming the column. */
export function toParam(v: Value | undefined, column: TargetColumn): string | boolean | null {
  if (v === null || v === undefined) return null;
  const fail = (why?: string): never => {
    throw new SinkValueError(
      `column "${column.name}" (${column.type}) cannot hold ${describe(v)}${why ? `: ${why}` : ''}`,
    );
  };
  switch (column.typname) {
    case 'int2':
    case 'int4':
    case 'int8': {
      const n = integerOf(v);
      if (n === undefined) return fail();
      const [lo, hi] = INT_RANGES[column.typname];
      if (n < lo || n > hi) return fail('out of range');
      return n.toString();
    }
    case 'numeric':
      if (typeof v === 'bigint') {
        if (!decimalFits(new Decimal(v, 0), column.typmod)) return fail('too many digits');
        return v.toString();
      }
      if (v instanceof Decimal) {
        if (!decimalFits(v, column.typmod)) return fail('would be rounded or overflow');
        return v.toString();
      }
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      return fail();
    case 'float4':
    case 'float8':
      if (typeof v === 'number') return String(v);
      if (typeof v === 'bigint' || v instanceof Decimal) return v.toString();
      return fail();
    case 'bool':
      if (typeof v === 'boolean') return v;
      return fail();
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'citext':
      if (typeof v === 'string') return v;
      return fail();
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      if (v instanceof Timestamp) return v.toISOString();
      if (typeof v === 'string') return v;
      return fail();
    case 'json':
    case 'jsonb':
      return jsonText(v);
    default:
      // Other types (uuid, inet, interval…): the server parses the text form.
      if (typeof v === 'object' && !(v instanceof Decimal) && !(v instanceof Timestamp)) {
        return jsonText(v);
      }
      return v instanceof Timestamp ? v.toISOString() : String(v);
  }
}

/** A column type for `create=true`, declared by the caller or inferred from the first batch. */
export interface CreateColumn {
  name: string;
  type: SqlType;
  precision?: number;
  scale?: number;
}

/** Engine type → PostgreSQL column type for `create=true`. */
export function pgTypeFor(column: CreateColumn): string {
  switch (column.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INTEGER':
      return 'bigint';
    case 'FLOAT':
      return 'double precision';
    case 'DECIMAL':
      return `numeric(${column.precision ?? 38},${column.scale ?? 0})`;
    case 'TIMESTAMP':
      return 'timestamptz';
    case 'JSON':
    case 'ANY':
      // Mixed types in one column: jsonb holds each value as it is.
      return 'jsonb';
    default:
      // STRING, and NULL (a column only NULL in the first batch)
      return 'text';
  }
}
