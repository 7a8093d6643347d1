/** JSON-safe encoding of the Values an accumulator keeps in its snapshot. */
import { Decimal } from '../types/decimal.ts';
import { Timestamp, type Value } from '../types/value.ts';

export function encodeValue(v: Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { f: String(v) };
  if (typeof v === 'bigint') return { i: v.toString() };
  if (v instanceof Decimal) return { d: v.toString() };
  if (v instanceof Timestamp) return { t: v.ms };
  if (Array.isArray(v)) return { a: v.map(encodeValue) };
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) o[k] = encodeValue(v[k]);
  return { o };
}

export function decodeValue(e: unknown): Value {
  if (e === null || typeof e !== 'object') return e as Value;
  const x = e as Record<string, unknown>;
  if ('i' in x) return BigInt(x.i as string);
  if ('d' in x) return Decimal.parse(x.d as string);
  if ('t' in x) return new Timestamp(x.t as number);
  if ('f' in x) return Number(x.f);
  if ('a' in x) return (x.a as unknown[]).map(decodeValue);
  const inner = x.o as Record<string, unknown>;
  const out: Record<string, Value> = {};
  for (const k of Object.keys(inner)) out[k] = decodeValue(inner[k]);
  return out;
}
