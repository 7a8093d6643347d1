/**
 * PostgreSQL text values → engine values, exactly: numeric → Decimal from its text, int2/4/8 →
 * bigint, timestamp(tz) → Timestamp (UTC ms), json/jsonb → the engine's exact JSON reader. Every
 * client and the replication stream receive raw text (no global pg type parsers) and convert here.
 */
import { Decimal, parseJsonExact, Timestamp, type Value } from '@velo/engine';

export const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

/** The per-client type parsers: every value stays the server's text. */
export const rawTextTypes = {
  getTypeParser: () => (text: string) => text,
};

// `2024-01-02 03:04:05.123456+05:30`, `… BC`; the offset is absent for `timestamp`.
const TIMESTAMP_RE =
  /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d)(?::?(\d\d))?)?)?( BC)?$/;

/** Epoch ms of a PostgreSQL timestamp text (no offset = UTC); microseconds are truncated. */
export function parsePgTimestamp(text: string): number | undefined {
  const m = TIMESTAMP_RE.exec(text);
  if (!m) return undefined;
  let year = Number(m[1]);
  if (m[12]) year = 1 - year;
  const fraction = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), fraction);
  let ms = d.getTime();
  if (m[8]) {
    const offset = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
    ms -= m[8] === '+' ? offset : -offset;
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/** Why a text could not be converted. */
export class PgValueError extends Error {}

/** Converts one non-null text value of type `oid` into an engine value. */
export function fromPgText(oid: number, text: string): Value {
  switch (oid) {
    case OID.bool:
      return text === 't' || text === 'true';
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid:
      return BigInt(text);
    case OID.float4:
    case OID.float8:
      return Number(text);
    case OID.numeric:
      if (!/^-?\d/.test(text)) throw new PgValueError(`numeric value '${text}' is not a number`);
      return Decimal.parse(text);
    case OID.timestamp:
    case OID.timestamptz: {
      const ms = parsePgTimestamp(text);
      if (ms === undefined) throw new PgValueError(`timestamp '${text}' is out of range`);
      return new Timestamp(ms);
    }
    case OID.json:
    case OID.jsonb:
      return parseJsonExact(text);
    default:
      return text;
  }
}

/** A row of raw texts (null for SQL NULL) → engine fields, in column order. */
export function rowFromPg(
  columns: readonly { name: string; oid: number }[],
  texts: Record<string, unknown>,
): Record<string, Value> {
  const fields: Record<string, Value> = {};
  for (const { name, oid } of columns) {
    const text = texts[name];
    if (text === null || text === undefined) fields[name] = null;
    else if (typeof text === 'string') fields[name] = fromPgText(oid, text);
    // Binary values (bytea in binary mode) are not requested; keep a readable form anyway.
    else fields[name] = String(text);
  }
  return fields;
}

/** Characters of a row's text values: the bytes-in metric (exact for ASCII, cheap otherwise). */
export function textSize(texts: Record<string, unknown>): number {
  let size = 0;
  for (const key in texts) {
    const v = texts[key];
    if (typeof v === 'string') size += v.length;
  }
  return size;
}
