/**
 * JSON encoding of Values and records for snapshots. bigint, Decimal, Timestamp and non-finite
 * floats become tagged objects; plain objects are wrapped so tags cannot collide with data.
 */
import { Decimal, isDecimal } from '../types/decimal.ts';
import { type EngineRecord, Timestamp, type Value } from '../types/value.ts';

export type Encoded = unknown;

export function encodeValue(v: Value): Encoded {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $f: String(v) };
  if (typeof v === 'bigint') return { $i: v.toString() };
  if (isDecimal(v)) return { $d: v.toString() };
  if (v instanceof Timestamp) return { $t: v.ms };
  if (Array.isArray(v)) return v.map(encodeValue);
  const o: Record<string, Encoded> = {};
  for (const k of Object.keys(v)) o[k] = encodeValue((v as Record<string, Value>)[k]);
  return { $o: o };
}

export function decodeValue(e: Encoded): Value {
  if (e === null || typeof e !== 'object') return e as Value;
  if (Array.isArray(e)) return e.map(decodeValue);
  const o = e as Record<string, unknown>;
  if ('$i' in o) return BigInt(o.$i as string);
  if ('$d' in o) return Decimal.parse(o.$d as string);
  if ('$t' in o) return new Timestamp(o.$t as number);
  if ('$f' in o) return Number(o.$f);
  const inner = o.$o as Record<string, Encoded>;
  const out: Record<string, Value> = {};
  for (const k of Object.keys(inner)) out[k] = decodeValue(inner[k]);
  return out;
}

export function encodeValues(vs: Value[]): Encoded[] {
  return vs.map(encodeValue);
}
export function decodeValues(es: Encoded[]): Value[] {
  return es.map(decodeValue);
}

interface EncodedRecord {
  f: Record<string, Encoded>;
  e: number;
  t?: number;
  o?: string;
  p?: number;
  k?: string | null;
  h?: Record<string, string>;
}

export function encodeRecord(r: EngineRecord): EncodedRecord {
  const f: Record<string, Encoded> = {};
  for (const k of Object.keys(r.fields)) f[k] = encodeValue(r.fields[k]);
  const e: EncodedRecord = { f, e: r.eventTime };
  if (r.timestamp !== undefined) e.t = r.timestamp;
  if (r.offset !== undefined) e.o = r.offset.toString();
  if (r.partition !== undefined) e.p = r.partition;
  if (r.key !== undefined) e.k = r.key;
  if (r.headers !== undefined) e.h = { ...r.headers };
  return e;
}

export function decodeRecord(e: unknown): EngineRecord {
  const x = e as EncodedRecord;
  const fields: Record<string, Value> = {};
  for (const k of Object.keys(x.f)) fields[k] = decodeValue(x.f[k]);
  const r: EngineRecord = { fields, eventTime: x.e };
  if (x.t !== undefined) r.timestamp = x.t;
  if (x.o !== undefined) r.offset = BigInt(x.o);
  if (x.p !== undefined) r.partition = x.p;
  if (x.k !== undefined) r.key = x.k;
  if (x.h !== undefined) r.headers = { ...x.h };
  return r;
}
