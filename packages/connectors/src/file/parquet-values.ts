/**
 * Parquet values → engine values, from the file's schema: a Parquet file carries its types, so
 * the fields handed to the engine are already typed (as Avro's are), never reparsed from text.
 *
 *   DECIMAL (INT32, INT64, FIXED_LEN_BYTE_ARRAY, BYTE_ARRAY) → Decimal with the declared scale
 *   INT32, INT64, UINT_*                                      → INTEGER (bigint)
 *   FLOAT, DOUBLE, FLOAT16                                    → FLOAT
 *   TIMESTAMP (millis, micros, nanos; INT96), DATE            → TIMESTAMP (UTC ms, floored)
 *   TIME                                                      → STRING `HH:MM:SS.fff`
 *   STRING, ENUM, UUID, un-annotated BYTE_ARRAY               → STRING (UTF-8; base64 if not)
 *   JSON                                                      → JSON (the engine's exact reader)
 *   BOOLEAN → BOOLEAN; structs, lists, maps → JSON with the same leaf mapping; null → NULL
 *
 * hyparquet turns DECIMAL into a JavaScript number, which is not exact past 15 digits, so the
 * metadata handed to it has the decimal annotation removed (`rawDecimalMetadata`) and the
 * unscaled integer it then returns is scaled here.
 */
import { Decimal, parseJsonExact, Timestamp, type Value } from '@velo/engine';
import type { FileMetaData, ParquetParsers, SchemaElement, SchemaTree } from 'hyparquet';

export type ParquetConverter = (raw: unknown) => Value;

const utf8 = new TextDecoder('utf-8');

function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** hyparquet's hooks for timestamps, dates and JSON: straight to engine values. */
export const PARQUET_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis) => new Timestamp(Number(millis)),
  timestampFromMicroseconds: (micros) => new Timestamp(Number(floorDiv(BigInt(micros), 1000n))),
  timestampFromNanoseconds: (nanos) => new Timestamp(Number(floorDiv(BigInt(nanos), 1_000_000n))),
  dateFromDays: (days) => new Timestamp(days * 86_400_000),
  stringFromBytes: (bytes) => bytes && utf8.decode(bytes),
  // Kept as text: the engine's reader parses it (exact numbers), in the converter below.
  jsonFromBytes: (bytes) => bytes && utf8.decode(bytes),
};

export function isDecimalElement(e: SchemaElement): boolean {
  return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL';
}

function decimalScale(e: SchemaElement): number {
  const logical = e.logical_type as { type: string; scale?: number } | undefined;
  return e.scale ?? (logical?.type === 'DECIMAL' ? (logical.scale ?? 0) : 0);
}

/** The metadata with decimal leaves un-annotated, so hyparquet returns their unscaled integers. */
export function rawDecimalMetadata(metadata: FileMetaData): FileMetaData {
  if (!metadata.schema.some(isDecimalElement)) return metadata;
  return {
    ...metadata,
    schema: metadata.schema.map((e) =>
      isDecimalElement(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e,
    ),
  };
}

/** Big-endian two's complement bytes → bigint. */
function twosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes[0] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

/** Units per second of a TIME column, or 0 for other columns. */
function timeOfDayUnit(e: SchemaElement): bigint {
  if (e.converted_type === 'TIME_MILLIS') return 1000n;
  if (e.converted_type === 'TIME_MICROS') return 1_000_000n;
  const logical = e.logical_type as { type: string; unit?: string } | undefined;
  if (logical?.type !== 'TIME') return 0n;
  return logical.unit === 'MILLIS'
    ? 1000n
    : logical.unit === 'MICROS'
      ? 1_000_000n
      : 1_000_000_000n;
}

/** TIME has no engine type: `HH:MM:SS.fff` text (sorts as it compares), sub-ms digits dropped. */
function timeOfDay(value: bigint, perSecond: bigint): string {
  const ms = Number((value * 1000n) / perSecond);
  return new Date(ms).toISOString().slice(11, 23);
}

function leafConverter(e: SchemaElement): ParquetConverter {
  if (isDecimalElement(e)) {
    const scale = decimalScale(e);
    return (raw) => {
      if (raw === null || raw === undefined) return null;
      const unscaled =
        raw instanceof Uint8Array ? twosComplement(raw) : BigInt(raw as number | bigint);
      return new Decimal(unscaled, scale);
    };
  }
  const timeUnit = timeOfDayUnit(e);
  if (timeUnit) {
    return (raw) =>
      raw === null || raw === undefined ? null : timeOfDay(BigInt(raw as number), timeUnit);
  }
  if (e.converted_type === 'JSON' || e.logical_type?.type === 'JSON') {
    return (raw) => (typeof raw === 'string' ? parseJsonExact(raw) : null);
  }
  switch (e.type) {
    case 'INT32':
    case 'INT64':
      return (raw) => {
        if (raw === null || raw === undefined) return null;
        if (raw instanceof Timestamp) return raw; // DATE, TIMESTAMP (hyparquet's parsers)
        return typeof raw === 'bigint' ? raw : BigInt(raw as number);
      };
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      // Read with utf8 off (decimals must stay bytes). Many writers leave text un-annotated,
      // so bytes that are valid UTF-8 are text; other bytes are given as base64.
      return (raw) => (raw instanceof Uint8Array ? bytesToText(raw) : toValue(raw));
    default:
      return toValue;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function bytesToText(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }
}

/** Values hyparquet already produced in engine form (numbers, booleans, strings, timestamps). */
function toValue(raw: unknown): Value {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'bigint' || typeof raw === 'boolean' || typeof raw === 'string') return raw;
  if (typeof raw === 'number') return raw;
  if (raw instanceof Timestamp || raw instanceof Decimal) return raw;
  if (raw instanceof Uint8Array) return bytesToText(raw);
  if (Array.isArray(raw)) return raw.map(toValue);
  if (typeof raw === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = toValue(v);
    return out;
  }
  return String(raw);
}

function isListLike(node: SchemaTree): boolean {
  const first = node.children[0];
  return (
    node.element.converted_type === 'LIST' &&
    node.children.length === 1 &&
    first.children.length <= 1 &&
    first.element.repetition_type === 'REPEATED'
  );
}

function isMapLike(node: SchemaTree): boolean {
  const first = node.children[0];
  return (
    (node.element.converted_type === 'MAP' || node.element.converted_type === 'MAP_KEY_VALUE') &&
    node.children.length === 1 &&
    first.children.length === 2 &&
    first.element.repetition_type === 'REPEATED'
  );
}

/** The converter of one schema node (hyparquet has assembled lists, maps and structs). */
export function converterFor(node: SchemaTree): ParquetConverter {
  const repeated = node.element.repetition_type === 'REPEATED';
  const single = nodeConverter(node);
  // A bare repeated field (no LIST annotation) is assembled as an array of its values.
  if (!repeated) return single;
  return (raw) => (Array.isArray(raw) ? raw.map(single) : null);
}

function nodeConverter(node: SchemaTree): ParquetConverter {
  if (node.children.length === 0) return leafConverter(node.element);
  if (isListLike(node)) {
    const list = node.children[0];
    const element =
      list.children.length === 1
        ? converterFor({ ...list.children[0] })
        : leafConverter(list.element);
    return (raw) => (Array.isArray(raw) ? raw.map(element) : null);
  }
  if (isMapLike(node)) {
    const [keyNode, valueNode] = node.children[0].children;
    const key = converterFor(keyNode);
    const value = converterFor(valueNode);
    return (raw) => {
      if (raw === null || raw === undefined || typeof raw !== 'object') return null;
      const out: Record<string, Value> = {};
      for (const [k, v] of Object.entries(raw)) {
        const name = key(k);
        out[typeof name === 'string' ? name : String(name)] = value(v);
      }
      return out;
    };
  }
  const fields = node.children.map((c) => [c.element.name, converterFor(c)] as const);
  return (raw) => {
    if (raw === null || raw === undefined || typeof raw !== 'object') return null;
    const record = raw as Record<string, unknown>;
    const out: Record<string, Value> = {};
    for (const [name, convert] of fields) out[name] = convert(record[name]);
    return out;
  };
}
