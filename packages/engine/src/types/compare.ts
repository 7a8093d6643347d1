/**
 * Ordering, equality and hashing of Values.
 * Numbers compare exactly across INTEGER, DECIMAL and FLOAT (a double is compared by its exact
 * binary value, so 0.5 = 0.50 but 0.1 (FLOAT) ≠ 0.1 (DECIMAL)). Strings compare by code point.
 * A TIMESTAMP compared with a STRING parses the string as a timestamp (`ts > '2024-01-01'`).
 * Values of unrelated types order by type: NULL < BOOLEAN < numbers < STRING < TIMESTAMP < JSON.
 * NULL semantics (NULL = x is NULL) are the caller's; here NULL equals NULL and sorts first.
 */
import { Decimal } from './decimal.ts';
import { tryParseTimestampText } from './timestamp-text.ts';
import { Timestamp, type Value } from './value.ts';

function typeRank(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'bigint':
    case 'number':
      return 2;
    case 'string':
      return 3;
  }
  if (v instanceof Decimal) return 2;
  if (v instanceof Timestamp) return 4;
  return 5;
}

/** Compare strings by Unicode code point (UTF-16 `<` misorders astral vs U+E000–U+FFFF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // surrogates (D800–DFFF) encode code points above FFFF: move them above E000–FFFF
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareFloats(x: number, y: number): number {
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  // NaN sorts above every number and equals itself (Postgres)
  const xn = Number.isNaN(x);
  const yn = Number.isNaN(y);
  return xn === yn ? 0 : xn ? 1 : -1;
}

function compareDecimalFloat(d: Decimal, f: number): number {
  if (Number.isNaN(f)) return -1;
  if (f === Number.POSITIVE_INFINITY) return -1;
  if (f === Number.NEGATIVE_INFINITY) return 1;
  const approx = d.toNumber();
  if (approx < f) return -1;
  if (approx > f) return 1;
  return d.compare(Decimal.exactFromNumber(f));
}

function compareNumbers(a: Value, b: Value): number {
  if (typeof a === 'bigint') {
    if (typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    if (typeof b === 'number') {
      if (Number.isNaN(b)) return -1;
      return a < b ? -1 : a > b ? 1 : 0; // mixed bigint/number comparison is exact in JS
    }
    return new Decimal(a, 0).compare(b as Decimal);
  }
  if (typeof a === 'number') {
    if (typeof b === 'number') return compareFloats(a, b);
    if (typeof b === 'bigint') return 0 - compareNumbers(b, a);
    return 0 - compareDecimalFloat(b as Decimal, a);
  }
  const d = a as Decimal;
  if (typeof b === 'bigint') return d.compare(new Decimal(b, 0));
  if (typeof b === 'number') return compareDecimalFloat(d, b);
  return d.compare(b as Decimal);
}

export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) {
    if (ra === 4 && rb === 3) {
      const ms = tryParseTimestampText(b as string);
      if (ms !== undefined) return compareFloats((a as Timestamp).ms, ms);
    } else if (ra === 3 && rb === 4) {
      const ms = tryParseTimestampText(a as string);
      if (ms !== undefined) return compareFloats(ms, (b as Timestamp).ms);
    }
    return ra < rb ? -1 : 1;
  }
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a, b);
    case 3:
      return compareStrings(a as string, b as string);
    case 4:
      return compareFloats((a as Timestamp).ms, (b as Timestamp).ms);
    default:
      return compareStrings(canonicalJson(a), canonicalJson(b));
  }
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a === 'string' && typeof b === 'string') return false;
  }
  return compareValues(a, b) === 0;
}

/** Canonical text of a number: equal numbers (1, 1.0, 1.00, FLOAT 1) give equal text. */
function numberKey(v: bigint | number | Decimal): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return String(v);
    if (!Number.isFinite(v)) return String(v);
    return Decimal.exactFromNumber(v).normalize().toString();
  }
  if (v.scale === 0) return v.unscaled.toString();
  return v.normalize().toString();
}

function valueKey(v: Value): string {
  if (v === null) return 'N';
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'bigint':
      return `n${v}`;
    case 'number':
      return `n${numberKey(v)}`;
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v instanceof Decimal) return `n${numberKey(v)}`;
  if (v instanceof Timestamp) return `t${v.ms}`;
  const j = canonicalJson(v);
  return `j${j.length}:${j}`;
}

/** Stable key for grouping and joins; values that compare equal give equal keys. */
export function hashKey(values: Value[]): string {
  if (values.length === 1) return valueKey(values[0]);
  let key = '';
  for (let i = 0; i < values.length; i++)
    key += i === 0 ? valueKey(values[i]) : `|${valueKey(values[i])}`;
  return key;
}

/** JSON text with object keys sorted, numbers canonical; used to order and hash JSON values. */
export function canonicalJson(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
    case 'number':
      return numberKey(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof Decimal) return numberKey(v);
  if (v instanceof Timestamp) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}
