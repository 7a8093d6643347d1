/**
 * Exact JSON reading: a hand-written scanner (JSON.parse would round numbers through doubles).
 * Integers -> bigint, numbers with a point -> Decimal keeping the written scale (`120.50` has
 * scale 2), numbers with an exponent -> FLOAT. readJsonLines is on the benchmark's hot path:
 * strings without escapes are sliced, numbers of ≤ 15 digits are accumulated as doubles.
 */
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import type { JsonObject, Value } from '../types/value.ts';

export class JsonParseError extends EvaluationError {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
  }
}

// Scanner state (module-level for speed; the scanner never calls out, so it is not re-entered).
let src = '';
let pos = 0;
let end = 0;
/** Nesting depth of the object being parsed (key hints are per depth). */
let depth = 0;
/**
 * Keys seen at each position of the previous object per depth. JSONL records repeat their
 * keys in the same order, so a hit reuses the already-internalized key string instead of
 * slicing and re-internalizing a new one for every record.
 */
const keyHints: string[][] = [];
const MAX_HINT_DEPTH = 8;

/** Shared bigints for small integers (ids, counts), filled on first use. */
const SMALL_INT_LIMIT = 1 << 16;
let smallInts: bigint[] | undefined;
function smallInt(n: number): bigint {
  if (smallInts === undefined) {
    smallInts = new Array<bigint>(SMALL_INT_LIMIT);
    for (let i = 0; i < SMALL_INT_LIMIT; i++) smallInts[i] = BigInt(i);
  }
  return smallInts[n];
}

class Failure {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {}
}

function describeChar(at: number): string {
  if (at >= end) return 'unexpected end of JSON input';
  const c = src.charCodeAt(at);
  const shown = c < 0x20 ? `\\u${c.toString(16).padStart(4, '0')}` : src[at];
  return `unexpected character '${shown}'`;
}

function skipWs(): void {
  while (pos < end) {
    const c = src.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
    else return;
  }
}

function parseValue(): Value {
  skipWs();
  if (pos >= end) throw new Failure('unexpected end of JSON input', pos);
  const c = src.charCodeAt(pos);
  switch (c) {
    case 123: // {
      return parseObject();
    case 91: // [
      return parseArray();
    case 34: // "
      return parseString();
    case 116: // t
      return literal('true', true);
    case 102: // f
      return literal('false', false);
    case 110: // n
      return literal('null', null);
  }
  if (c === 45 || (c >= 48 && c <= 57)) return parseNumber();
  throw new Failure(describeChar(pos), pos);
}

function literal(word: string, value: Value): Value {
  if (src.startsWith(word, pos) && pos + word.length <= end) {
    pos += word.length;
    return value;
  }
  let i = 0;
  while (i < word.length && pos + i < end && src.charCodeAt(pos + i) === word.charCodeAt(i)) i++;
  throw new Failure(describeChar(pos + i), pos + i);
}

function parseObject(): JsonObject {
  pos++; // {
  const obj: JsonObject = {};
  skipWs();
  if (pos < end && src.charCodeAt(pos) === 125) {
    pos++;
    return obj;
  }
  let hints: string[] | undefined;
  if (depth < MAX_HINT_DEPTH) {
    hints = keyHints[depth];
    if (hints === undefined) keyHints[depth] = hints = [];
  }
  depth++;
  let index = 0;
  for (;;) {
    if (pos >= end || src.charCodeAt(pos) !== 34) throw new Failure(describeChar(pos), pos);
    let key: string;
    const hint = hints === undefined ? undefined : hints[index];
    if (
      hint !== undefined &&
      src.substring(pos + 1, pos + 1 + hint.length) === hint &&
      pos + 1 + hint.length < end &&
      src.charCodeAt(pos + 1 + hint.length) === 34
    ) {
      key = hint;
      pos += hint.length + 2;
    } else {
      key = parseString();
      if (hints !== undefined && !key.includes('"') && !key.includes('\\')) hints[index] = key;
    }
    index++;
    skipWs();
    if (pos >= end || src.charCodeAt(pos) !== 58) throw new Failure(describeChar(pos), pos);
    pos++;
    const value = parseValue();
    if (key === '__proto__') {
      Object.defineProperty(obj, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      obj[key] = value;
    }
    skipWs();
    if (pos >= end) throw new Failure('unexpected end of JSON input', pos);
    const c = src.charCodeAt(pos);
    if (c === 44) {
      pos++;
      skipWs();
    } else if (c === 125) {
      pos++;
      depth--;
      return obj;
    } else {
      throw new Failure(describeChar(pos), pos);
    }
  }
}

function parseArray(): Value[] {
  pos++; // [
  const arr: Value[] = [];
  skipWs();
  if (pos < end && src.charCodeAt(pos) === 93) {
    pos++;
    return arr;
  }
  for (;;) {
    arr.push(parseValue());
    skipWs();
    if (pos >= end) throw new Failure('unexpected end of JSON input', pos);
    const c = src.charCodeAt(pos);
    if (c === 44) pos++;
    else if (c === 93) {
      pos++;
      return arr;
    } else {
      throw new Failure(describeChar(pos), pos);
    }
  }
}

/**
 * Position of the next backslash in `src` at or after `pos` (Infinity when none), and whether
 * `src` holds any control character; both let parseString find a plain string's end with a
 * native indexOf instead of a per-character loop.
 */
let nextBackslash = 0;
let srcHasControl = true;
let rejectControl = true;

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting raw control characters
const CONTROL_ANY = /[\u0000-\u001f]/;

/**
 * readJsonLines scans line by line, so a string can never hold a raw newline; other raw
 * control characters (tabs) inside strings are accepted there, as a lenient reader, because
 * pre-scanning every batch for them costs more than a tenth of the parse. parseJsonExact stays
 * strict.
 */
function prepareSource(text: string, lineBounded: boolean): void {
  src = text;
  nextBackslash = 0;
  srcHasControl = lineBounded ? false : CONTROL_ANY.test(text);
  rejectControl = !lineBounded;
}

function parseString(): string {
  const start = ++pos; // after the opening quote
  if (!srcHasControl) {
    const q = src.indexOf('"', start);
    if (q !== -1 && q < end) {
      if (nextBackslash < start) {
        const b = src.indexOf('\\', start);
        nextBackslash = b === -1 ? Number.POSITIVE_INFINITY : b;
      }
      if (nextBackslash > q) {
        pos = q + 1;
        return src.slice(start, q);
      }
    }
  }
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 34) {
      pos = i + 1;
      return src.slice(start, i);
    }
    if (c === 92 || c < 0x20) break;
    i++;
  }
  return parseStringSlow(start, i);
}

function parseStringSlow(start: number, from: number): string {
  let out = src.slice(start, from);
  let i = from;
  let chunk = i;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 34) {
      pos = i + 1;
      return out + src.slice(chunk, i);
    }
    if (c < 0x20 && rejectControl) throw new Failure(describeChar(i), i);
    if (c !== 92) {
      i++;
      continue;
    }
    out += src.slice(chunk, i);
    if (i + 1 >= end) break;
    const e = src.charCodeAt(i + 1);
    switch (e) {
      case 34:
        out += '"';
        break;
      case 92:
        out += '\\';
        break;
      case 47:
        out += '/';
        break;
      case 98:
        out += '\b';
        break;
      case 102:
        out += '\f';
        break;
      case 110:
        out += '\n';
        break;
      case 114:
        out += '\r';
        break;
      case 116:
        out += '\t';
        break;
      case 117: {
        const hex = src.slice(i + 2, i + 6);
        if (hex.length < 4 || i + 6 > end || !/^[0-9a-fA-F]{4}$/.test(hex)) {
          throw new Failure(`invalid unicode escape '\\u${hex.slice(0, 4)}'`, i);
        }
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
        chunk = i;
        continue;
      }
      default:
        throw new Failure(`invalid escape '\\${src[i + 1]}'`, i);
    }
    i += 2;
    chunk = i;
  }
  throw new Failure('unterminated string', start - 1);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function parseNumber(): Value {
  const start = pos;
  let i = pos;
  let negative = false;
  if (src.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  const intStart = i;
  let acc = 0;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c < 48 || c > 57) break;
    acc = acc * 10 + (c - 48);
    i++;
  }
  const intDigits = i - intStart;
  if (intDigits === 0)
    throw new Failure(i >= end ? 'unexpected end of JSON input' : 'invalid number', start);
  if (intDigits > 1 && src.charCodeAt(intStart) === 48) throw new Failure('invalid number', start);
  let c = i < end ? src.charCodeAt(i) : 0;
  let scale = 0;
  if (c === 46) {
    i++;
    const fracStart = i;
    while (i < end) {
      const d = src.charCodeAt(i);
      if (d < 48 || d > 57) break;
      acc = acc * 10 + (d - 48);
      i++;
    }
    scale = i - fracStart;
    if (scale === 0) throw new Failure('invalid number', start);
    c = i < end ? src.charCodeAt(i) : 0;
  }
  if (c === 101 || c === 69) {
    i++;
    const s = i < end ? src.charCodeAt(i) : 0;
    if (s === 43 || s === 45) i++;
    const expStart = i;
    while (i < end && isDigit(src.charCodeAt(i))) i++;
    if (i === expStart) throw new Failure('invalid number', start);
    pos = i;
    return Number(src.slice(start, i));
  }
  pos = i;
  const digits = intDigits + scale;
  if (digits <= 15) {
    const u = !negative && acc < SMALL_INT_LIMIT ? smallInt(acc) : BigInt(negative ? -acc : acc);
    return scale === 0 ? u : new Decimal(u, scale);
  }
  if (scale === 0) return BigInt(src.slice(start, i));
  const text = src.slice(start, i);
  const point = text.indexOf('.');
  return new Decimal(BigInt(text.slice(0, point) + text.slice(point + 1)), scale);
}

function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1 };
}

/** Parse one JSON document exactly. Throws JsonParseError (an EvalError) with line/column. */
export function parseJsonExact(text: string): Value {
  prepareSource(text, false);
  pos = 0;
  end = text.length;
  depth = 0;
  try {
    const v = parseValue();
    skipWs();
    if (pos < end) throw new Failure(describeChar(pos), pos);
    return v;
  } catch (e) {
    if (e instanceof Failure) {
      const { line, column } = lineColumn(text, e.at);
      throw new JsonParseError(e.reason, line, column);
    }
    throw e;
  } finally {
    src = '';
  }
}

/**
 * Shape prediction for readJsonLines: JSONL records nearly always repeat the previous record's
 * keys in the same order, written compactly. For such a line the scanner only checks each
 * `"key":` prefix with one startsWith and builds the record with a compiled object literal
 * (one allocation, one hidden class for the whole stream) instead of re-reading and inserting
 * every key. Any difference (spacing, another key, escapes in keys) falls back to the generic
 * parser from the line start, which then learns the new shape.
 */
interface Shape {
  /** `{"k0":`, `,"k1":`, ... exactly as a compact writer puts them. */
  prefixes: string[];
  build: (values: Value[]) => JsonObject;
}

const MAX_SHAPE_KEYS = 64;
const shapeValues: Value[] = [];
let shape: Shape | undefined;
let shapeKeys: string[] = [];
/**
 * Set when a line with the predicted keys still missed the fast path (spaced JSON): the rest of
 * the call parses generically instead of trying, and failing, on every line.
 */
let shapeBlocked = false;
const shapeCache = new Map<string, Shape>();

function parseShaped(s: Shape): JsonObject | undefined {
  const prefixes = s.prefixes;
  const n = prefixes.length;
  depth = 1;
  for (let i = 0; i < n; i++) {
    const p = prefixes[i];
    const next = pos + p.length;
    // a short substring compared with === beats startsWith(p, pos) here by ~2x
    if (src.substring(pos, next) !== p) return undefined;
    pos = next;
    // strings and numbers directly: no whitespace to skip after a compact prefix
    const c = src.charCodeAt(pos);
    shapeValues[i] =
      c === 34 ? parseString() : (c >= 48 && c <= 57) || c === 45 ? parseNumber() : parseValue();
  }
  if (pos >= end || src.charCodeAt(pos) !== 125) return undefined;
  pos++;
  return s.build(shapeValues);
}

/** Plain keys only: the source text of the key is the key itself, and a literal may hold it. */
function shapeableKey(k: string): boolean {
  if (k === '__proto__') return false;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

function rememberShape(v: Value, missed: boolean): void {
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return;
  const o = v as JsonObject;
  let i = 0;
  let same = true;
  for (const k in o) {
    if (i >= shapeKeys.length || shapeKeys[i] !== k) same = false;
    i++;
  }
  if (same && i === shapeKeys.length && shapeKeys.length > 0) {
    if (missed) shapeBlocked = true;
    return;
  }
  const keys = Object.keys(o);
  if (keys.length === 0 || keys.length > MAX_SHAPE_KEYS || !keys.every(shapeableKey)) {
    shape = undefined;
    shapeKeys = [];
    return;
  }
  const id = keys.join('\u0000');
  let s = shapeCache.get(id);
  if (s === undefined) {
    s = {
      prefixes: keys.map((k, j) => `${j === 0 ? '{' : ','}"${k}":`),
      build: objectBuilder(keys),
    };
    if (shapeCache.size >= 256) shapeCache.clear();
    shapeCache.set(id, s);
  }
  shape = s;
  shapeKeys = keys;
  shapeBlocked = false;
}

/**
 * `(v) => ({"k0": v[0], "k1": v[1], ...})`: an object literal gets all its properties in-object
 * in one allocation. Where code generation is not allowed (strict CSP) the keys are assigned in
 * a loop, with the same result.
 */
function objectBuilder(keys: string[]): (values: Value[]) => JsonObject {
  try {
    const body = keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ');
    return new Function('v', `'use strict'; return ({ ${body} });`) as (
      values: Value[],
    ) => JsonObject;
  } catch {
    return (values) => {
      const o: JsonObject = {};
      for (let i = 0; i < keys.length; i++) o[keys[i]] = values[i];
      return o;
    };
  }
}

export interface JsonLinesError {
  line: number;
  message: string;
  raw: string;
}

export interface JsonLinesResult {
  records: Value[];
  errors: JsonLinesError[];
}

/**
 * Parse newline-delimited JSON. Blank lines are skipped; a malformed line becomes an error
 * (`unexpected character 'x' at line 3, column 7`) and parsing continues with the next line.
 * `firstLine` numbers the lines when `text` is a chunk of a larger file.
 */
export function readJsonLines(text: string, options?: { firstLine?: number }): JsonLinesResult {
  const records: Value[] = [];
  const errors: JsonLinesError[] = [];
  const length = text.length;
  let line = options?.firstLine ?? 1;
  // a byte-order mark at the start of a file is not data
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  prepareSource(text, true);
  shapeBlocked = false;
  try {
    while (lineStart < length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = length;
      end = lineEnd;
      if (end > lineStart && text.charCodeAt(end - 1) === 13) end--;
      pos = lineStart;
      depth = 0;
      skipWs();
      if (pos < end) {
        const valueStart = pos;
        try {
          let v: Value | undefined;
          const tryShape = !shapeBlocked && shape !== undefined && src.charCodeAt(pos) === 123;
          const backslashAtStart = nextBackslash;
          if (tryShape) v = parseShaped(shape as Shape);
          if (v === undefined) {
            // back to the line start, and to the backslash position cached there (the fast
            // path may have moved it past a backslash of this line)
            pos = valueStart;
            nextBackslash = backslashAtStart;
            depth = 0;
            v = parseValue();
            rememberShape(v, tryShape);
          }
          skipWs();
          if (pos < end) throw new Failure(describeChar(pos), pos);
          records.push(v);
        } catch (e) {
          if (!(e instanceof Failure)) throw e;
          errors.push({
            line,
            message: `${e.reason} at line ${line}, column ${e.at - lineStart + 1}`,
            raw: text.slice(lineStart, end),
          });
        }
      }
      line++;
      lineStart = lineEnd + 1;
    }
  } finally {
    src = '';
  }
  return { records, errors };
}
