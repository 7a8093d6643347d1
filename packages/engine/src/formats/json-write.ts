/**
 * JSON writing (DESIGN §3): DECIMAL as a string keeping its scale, INTEGER as a number,
 * TIMESTAMP as ISO-8601 UTC with milliseconds, NULL as null. Output is on the benchmark's hot
 * path, hence the key caches and the rope-building formatJsonLines.
 */
import { Decimal } from '../types/decimal.ts';
import { type JsonObject, Timestamp, type Value } from '../types/value.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON string literal; strings without special characters skip JSON.stringify. */
export function quoteJsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * JSON text of a value: DECIMAL as a string with its scale, INTEGER as a number, TIMESTAMP as an
 * ISO-8601 string with milliseconds, non-finite FLOAT as null, NULL as null.
 */
export function formatJsonValue(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quoteJsonString(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof Decimal) return `"${v.toString()}"`;
  if (v instanceof Timestamp) return `"${v.toISOString()}"`;
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++)
      out += i === 0 ? formatJsonValue(v[i]) : `,${formatJsonValue(v[i])}`;
    return `${out}]`;
  }
  return formatJsonObject(v as JsonObject);
}

function formatJsonObject(o: JsonObject): string {
  let out = '{';
  let first = true;
  for (const k in o) {
    out += first
      ? quotedKey(k) + formatJsonValue(o[k])
      : `,${quotedKey(k)}${formatJsonValue(o[k])}`;
    first = false;
  }
  return `${out}}`;
}

const keyCache = new Map<string, string>();

function quotedKey(k: string): string {
  let q = keyCache.get(k);
  if (q === undefined) {
    q = `${quoteJsonString(k)}:`;
    if (keyCache.size < 10_000) keyCache.set(k, q);
  }
  return q;
}

/** Keys (and their quoted forms) of the previous top-level row: rows usually share them. */
const rowKeys: string[] = [];
const rowQuoted: string[] = [];

/** One JSON object, keys in insertion order (no trailing newline). */
export function formatJsonRow(fields: Record<string, Value>): string {
  let out = '{';
  let i = 0;
  for (const k in fields) {
    let q: string;
    if (rowKeys[i] === k) q = rowQuoted[i];
    else {
      q = quotedKey(k);
      rowKeys[i] = k;
      rowQuoted[i] = q;
    }
    out += i === 0 ? q + formatJsonValue(fields[k]) : `,${q}${formatJsonValue(fields[k])}`;
    i++;
  }
  return `${out}}`;
}

/**
 * NDJSON text (each line ending in a newline) of the given columns of each record, in column
 * order; a missing field is null. Faster than building a row object per record for
 * formatJsonRow: the quoted keys are prepared once per call.
 */
export function formatJsonLines(
  records: { fields: Record<string, Value> }[],
  columns: string[],
): string {
  const n = columns.length;
  const prefixes: string[] = new Array(n);
  for (let i = 0; i < n; i++) prefixes[i] = (i === 0 ? '{' : ',') + quotedKey(columns[i]);
  // one growing string (a rope) is cheaper than per-line strings joined: it is flattened once,
  // by whoever encodes or writes it
  let out = '';
  for (let r = 0; r < records.length; r++) {
    const f = records[r].fields;
    if (n === 0) out += '{';
    for (let i = 0; i < n; i++) {
      const v = f[columns[i]];
      out += prefixes[i] + formatJsonValue(v === undefined ? null : v);
    }
    out += '}\n';
  }
  return out;
}
