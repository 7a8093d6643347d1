/**
 * JSON writing (DESIGN §3): DECIMAL as a string keeping its scale, INTEGER as a number,
 * TIMESTAMP as ISO-8601 UTC with milliseconds, NULL as null. Output is on the benchmark's hot
 * path, hence the key caches and the rope-building formatJsonLines.
 */
import { Decimal } from '../types/decimal.ts';
import { formatIsoMillis, type JsonObject, Timestamp, type Value } from '../types/value.ts';

/** Strings JSON writes as they are; anchored, it runs a little faster than a search. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: characters JSON must escape
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** JSON string literal; strings without special characters skip JSON.stringify. */
export function quoteJsonString(s: string): string {
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
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

/**
 * A compiled row writer: `(fields) => string` for a fixed column list, concatenating the
 * precomputed `{"key":` / `,"key":` prefixes with the values. Strings without characters to
 * escape, integers and timestamps skip formatJsonValue's dispatch. A column whose field is
 * missing (undefined) is written as null.
 */
export type JsonRowFormatter = (fields: Record<string, Value>) => string;

/** Compiled writers by column list (as JSON text), shared by every caller. */
const formatterCache = new Map<string, JsonRowFormatter>();

export function createRowFormatter(columns: readonly string[]): JsonRowFormatter {
  const id = JSON.stringify(columns);
  let f = formatterCache.get(id);
  if (f === undefined) {
    f = compileRowFormatter(columns);
    if (formatterCache.size >= 1000) formatterCache.clear();
    formatterCache.set(id, f);
  }
  return f;
}

/** One field: the common types inline, everything else through formatJsonValue. */
function fieldText(v: Value | undefined): string {
  if (typeof v === 'string') return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined) return 'null';
  if (v instanceof Timestamp) return `"${formatIsoMillis(v.ms)}"`;
  return formatJsonValue(v);
}

/** The text of a DECIMAL or TIMESTAMP, which JSON writes as a string needing no escapes. */
function unquotedText(v: object): string | undefined {
  if (v instanceof Decimal) return v.toString();
  if (v instanceof Timestamp) return formatIsoMillis(v.ms);
  return undefined;
}

function compileRowFormatter(columns: readonly string[]): JsonRowFormatter {
  const n = columns.length;
  if (n === 0) return () => '{}';
  const prefixes = columns.map((c, i) => (i === 0 ? '{' : ',') + quotedKey(c));
  // Generated code reads each field with a constant property name (a monomorphic inline cache
  // per column) and folds the quotes of plain strings into the neighbouring key prefixes, so a
  // column costs two concatenations; the fallback loop gives the same text where code
  // generation is not allowed.
  if (n <= 256) {
    try {
      const open = prefixes.map((p) => `${p}"`);
      const closed = prefixes.map((p) => `"${p}`);
      const closedOpen = prefixes.map((p) => `"${p}"`);
      let body = 'let v, s, o, c = false;';
      for (let i = 0; i < n; i++) {
        const head = i === 0 ? '' : 'o + ';
        const plain = i === 0 ? `a[0]` : `(c ? co[${i}] : a[${i}])`;
        const other = i === 0 ? `p[0]` : `(c ? cl[${i}] : p[${i}])`;
        body += ` v = f[${JSON.stringify(columns[i])}];`;
        body += ` s = typeof v === 'string' ? (r.test(v) ? v : undefined) : typeof v === 'object' && v !== null ? u(v) : undefined;`;
        body += ` if (s !== undefined) { o = ${head}${plain} + s; c = true; }`;
        body += ` else { o = ${head}${other} + t(v); c = false; }`;
      }
      body += ` return c ? o + '"}' : o + '}';`;
      const factory = new Function(
        'p',
        'a',
        'cl',
        'co',
        'r',
        't',
        'u',
        `'use strict'; return (f) => { ${body} };`,
      );
      return factory(
        prefixes,
        open,
        closed,
        closedOpen,
        PLAIN,
        fieldText,
        unquotedText,
      ) as JsonRowFormatter;
    } catch {
      // fall through
    }
  }
  return (fields) => {
    let out = '';
    for (let i = 0; i < n; i++) out += prefixes[i] + fieldText(fields[columns[i]]);
    return `${out}}`;
  };
}

/** Keys of the previous top-level row and their writer: consecutive rows usually share them. */
let rowKeys: string[] = [];
let rowFormatter: JsonRowFormatter | undefined;

/** One JSON object, keys in insertion order (no trailing newline). */
export function formatJsonRow(fields: Record<string, Value>): string {
  const keys = rowKeys;
  let i = 0;
  let same = true;
  for (const k in fields) {
    if (keys[i] !== k) {
      same = false;
      break;
    }
    i++;
  }
  if (!same || i !== keys.length || rowFormatter === undefined) {
    // for-in like the generic writer (not Object.keys), so the key set is the same one
    const all: string[] = [];
    for (const k in fields) all.push(k);
    rowKeys = all;
    if (all.includes('__proto__')) {
      rowFormatter = undefined;
      rowKeys = [];
      return formatJsonObject(fields);
    }
    rowFormatter = createRowFormatter(rowKeys);
  }
  return rowFormatter(fields);
}

/**
 * NDJSON text (each line ending in a newline) of the given columns of each record, in column
 * order; a missing field is null. Faster than building a row object per record for
 * formatJsonRow: the row writer is compiled once per column list.
 */
export function formatJsonLines(
  records: { fields: Record<string, Value> }[],
  columns: string[],
): string {
  const format = createRowFormatter(columns);
  // one growing string (a rope) is cheaper than per-line strings joined: it is flattened once,
  // by whoever encodes or writes it
  let out = '';
  for (let r = 0; r < records.length; r++) out += `${format(records[r].fields)}\n`;
  return out;
}
