/**
 * Avro ↔ engine values, exactly: `long` is read as bigint (never through a double), the
 * `decimal` logical type maps to and from the engine's Decimal with the schema's scale, and
 * `timestamp-millis` / `timestamp-micros` to TIMESTAMP. Converters are compiled once per
 * schema (a closure per Avro type), not interpreted per record.
 */
import { Decimal, type EngineRecord, Timestamp, type Value, valueToText } from '@velo/engine';
import avro from 'avsc';

type AvroType = avro.Type;
type AnyAvro = unknown;

/**
 * `long` as a 64-bit bigint: the engine's INTEGER. avsc packs the 8 bytes toBuffer returns at
 * once, so one scratch buffer serves every call.
 */
const LONG_SCRATCH = Buffer.alloc(8);
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    LONG_SCRATCH.writeBigInt64LE(n);
    return LONG_SCRATCH;
  },
  fromJSON: (v: unknown) => BigInt(v as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

function twosComplement(buf: Buffer): bigint {
  if (buf.length === 0) return 0n;
  let n = BigInt(`0x${buf.toString('hex')}`);
  if (buf[0] & 0x80) n -= 1n << BigInt(buf.length * 8);
  return n;
}

function toTwosComplement(n: bigint, size?: number): Buffer {
  // common case: a value that fits 6 bytes, without going through hex text
  if (n >= -(1n << 47n) && n < 1n << 47n && (size === undefined || size >= 6)) {
    let v = Number(n);
    let bytes = 1;
    while (v < -(2 ** (bytes * 8 - 1)) || v >= 2 ** (bytes * 8 - 1)) bytes++;
    const width = size ?? bytes;
    const out = Buffer.alloc(width, v < 0 ? 0xff : 0);
    for (let i = width - 1; i >= width - bytes; i--) {
      out[i] = ((v % 256) + 256) % 256;
      v = Math.floor(v / 256);
    }
    return out;
  }
  let bytes = 1;
  while (n < -(1n << BigInt(bytes * 8 - 1)) || n >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  const width = size ?? bytes;
  if (width < bytes) throw new Error(`decimal ${n} does not fit ${width} bytes`);
  const u = n < 0n ? (1n << BigInt(width * 8)) + n : n;
  return Buffer.from(u.toString(16).padStart(width * 2, '0'), 'hex');
}

/** The `decimal` logical type on `bytes` or `fixed`: Decimal with exactly the schema's scale. */
class DecimalLogicalType extends avro.types.LogicalType {
  readonly precision: number;
  readonly scale: number;
  private readonly size: number | undefined;

  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    const s = schema as { precision?: number; scale?: number; size?: number };
    if (typeof s.precision !== 'number' || s.precision < 1) throw new Error('invalid precision');
    this.precision = s.precision;
    this.scale = s.scale ?? 0;
    this.size = s.size;
  }

  protected override _fromValue(buf: Buffer): Decimal {
    return new Decimal(twosComplement(buf), this.scale);
  }

  protected override _toValue(v: unknown): Buffer | undefined {
    if (!(v instanceof Decimal) || v.scale !== this.scale) return undefined;
    return toTwosComplement(v.unscaled, this.size);
  }

  protected override _resolve(type: AvroType): ((v: Buffer) => Buffer) | undefined {
    if (type instanceof DecimalLogicalType && type.scale === this.scale) return (v) => v;
    return undefined;
  }
}

class TimestampLogicalType extends avro.types.LogicalType {
  private readonly micros: boolean;
  constructor(schema: avro.Schema, opts?: unknown) {
    super(schema, opts);
    this.micros = (schema as { logicalType: string }).logicalType === 'timestamp-micros';
  }
  protected override _fromValue(v: number): Timestamp {
    return new Timestamp(this.micros ? Math.floor(v / 1000) : v);
  }
  protected override _toValue(v: unknown): number | undefined {
    if (!(v instanceof Timestamp)) return undefined;
    return this.micros ? v.ms * 1000 : v.ms;
  }
}

/** avsc options for every schema Velo parses (files and the schema registry alike). */
export const AVRO_OPTIONS = {
  logicalTypes: {
    decimal: DecimalLogicalType,
    'timestamp-millis': TimestampLogicalType,
    'timestamp-micros': TimestampLogicalType,
  },
  // Plain `long` (not the underlying type of a logical type) is read as bigint.
  typeHook: (schema: avro.Schema): AvroType | undefined => {
    if (schema === 'long') return BIGINT_LONG;
    const s = schema as { type?: unknown; logicalType?: unknown };
    if (s && typeof s === 'object' && s.type === 'long' && s.logicalType === undefined) {
      return BIGINT_LONG;
    }
    return undefined;
  },
} as unknown as Partial<avro.ForSchemaOptions>;

export function parseAvroSchema(schema: unknown): AvroType {
  return avro.Type.forSchema(schema as avro.Schema, { ...AVRO_OPTIONS, registry: {} });
}

type FromAvro = (v: AnyAvro) => Value;
type ToAvro = (v: Value | undefined, path: string) => AnyAvro;

const identity = (v: AnyAvro) => v as Value;

/** Compiles a reader from an avsc value of `type` to an engine value. */
export function compileFromAvro(type: AvroType): FromAvro {
  const t = type as AvroType & Record<string, unknown>;
  switch (type.typeName) {
    case 'int':
      return (v) => BigInt(v as number);
    case 'bytes':
    case 'fixed':
      return (v) => (v as Buffer).toString('base64');
    case 'record':
    case 'error': {
      const fields = (t.fields as { name: string; type: AvroType }[]).map(
        (f) => [f.name, compileFromAvro(f.type)] as const,
      );
      return (v) => {
        const o = v as Record<string, AnyAvro>;
        const out: Record<string, Value> = {};
        for (const [name, read] of fields) out[name] = o[name] === null ? null : read(o[name]);
        return out;
      };
    }
    case 'array': {
      const item = compileFromAvro(t.itemsType as AvroType);
      return (v) => (v as AnyAvro[]).map(item);
    }
    case 'map': {
      const value = compileFromAvro(t.valuesType as AvroType);
      return (v) => {
        const out: Record<string, Value> = {};
        for (const [k, x] of Object.entries(v as Record<string, AnyAvro>)) out[k] = value(x);
        return out;
      };
    }
    case 'union:unwrapped': {
      const branches = (t.types as AvroType[]).map((b) => [b, compileFromAvro(b)] as const);
      return (v) => {
        if (v === null) return null;
        for (const [b, read] of branches) if (b.typeName !== 'null' && b.isValid(v)) return read(v);
        return v as Value;
      };
    }
    case 'union:wrapped': {
      const byName = new Map(
        (t.types as AvroType[]).map((b) => [b.branchName, compileFromAvro(b)]),
      );
      return (v) => {
        if (v === null) return null;
        const [name, x] = Object.entries(v as Record<string, AnyAvro>)[0];
        return (byName.get(name) ?? identity)(x);
      };
    }
    default:
      // null, boolean, long (bigint), float, double, string, enum, decimal, timestamps
      return identity;
  }
}

function integral(v: Value, path: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (v instanceof Decimal) {
    const d = rescale(v, 0, path);
    return d.unscaled;
  }
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new Error(`${path}: ${show(v)} is not an integer`);
}

function show(v: Value): string {
  return typeof v === 'string' ? JSON.stringify(v) : valueToText(v);
}

/** `v` with exactly `scale` digits after the point, or an error (never rounds). */
function rescale(v: Decimal, scale: number, path: string): Decimal {
  if (v.scale === scale) return v;
  if (v.scale < scale) return new Decimal(v.unscaled * 10n ** BigInt(scale - v.scale), scale);
  const f = 10n ** BigInt(v.scale - scale);
  if (v.unscaled % f !== 0n) {
    throw new Error(`${path}: ${v.toString()} has more than ${scale} decimal places`);
  }
  return new Decimal(v.unscaled / f, scale);
}

function toDecimal(v: Value, type: DecimalLogicalType, path: string): Decimal {
  let d: Decimal;
  if (v instanceof Decimal) d = v;
  else if (typeof v === 'bigint') d = new Decimal(v, 0);
  else if (typeof v === 'number') d = Decimal.fromNumber(v);
  else if (typeof v === 'string') d = Decimal.parse(v);
  else throw new Error(`${path}: ${show(v)} is not a decimal`);
  const out = rescale(d, type.scale, path);
  const digits = (out.unscaled < 0n ? -out.unscaled : out.unscaled).toString().length;
  if (digits > type.precision) {
    throw new Error(`${path}: ${d.toString()} exceeds decimal(${type.precision}, ${type.scale})`);
  }
  return out;
}

/** Compiles a writer from an engine value to an avsc value of `type` (errors name the field). */
export function compileToAvro(type: AvroType): ToAvro {
  const t = type as AvroType & Record<string, unknown>;
  const nonNull = (conv: (v: Value, path: string) => AnyAvro): ToAvro => {
    return (v, path) => {
      if (v === null || v === undefined) throw new Error(`${path}: NULL in a non-null Avro field`);
      return conv(v, path);
    };
  };
  switch (type.typeName) {
    case 'null':
      return () => null;
    case 'boolean':
      return nonNull((v, path) => {
        if (typeof v !== 'boolean') throw new Error(`${path}: ${show(v)} is not a boolean`);
        return v;
      });
    case 'int':
      return nonNull((v, path) => {
        const n = integral(v, path);
        if (n < -2147483648n || n > 2147483647n)
          throw new Error(`${path}: ${n} does not fit an int`);
        return Number(n);
      });
    case 'long':
    case 'abstract:long':
      return nonNull(integral);
    case 'float':
    case 'double':
      return nonNull((v, path) => {
        if (typeof v === 'number') return v;
        if (typeof v === 'bigint' || v instanceof Decimal) return Number(v.toString());
        throw new Error(`${path}: ${show(v)} is not a number`);
      });
    case 'string':
    case 'enum':
      return nonNull((v) => (typeof v === 'string' ? v : valueToText(v)));
    case 'bytes':
      return nonNull((v) => Buffer.from(typeof v === 'string' ? v : valueToText(v), 'utf8'));
    case 'logical:decimal':
      return nonNull((v, path) => toDecimal(v, type as DecimalLogicalType, path));
    case 'logical:timestamp-millis':
    case 'logical:timestamp-micros':
      return nonNull((v, path) => {
        if (v instanceof Timestamp) return v;
        if (typeof v === 'bigint' || typeof v === 'number') return new Timestamp(Number(v));
        if (typeof v === 'string' && !Number.isNaN(Date.parse(v)))
          return new Timestamp(Date.parse(v));
        throw new Error(`${path}: ${show(v)} is not a timestamp`);
      });
    case 'record':
    case 'error': {
      const fields = (t.fields as { name: string; type: AvroType }[]).map(
        (f) => [f.name, compileToAvro(f.type)] as const,
      );
      return nonNull((v, path) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          throw new Error(`${path}: ${show(v)} is not an object`);
        }
        const o = v as Record<string, Value>;
        const out: Record<string, AnyAvro> = {};
        for (const [name, write] of fields) out[name] = write(o[name], `${path}.${name}`);
        return out;
      });
    }
    case 'array': {
      const item = compileToAvro(t.itemsType as AvroType);
      return nonNull((v, path) => {
        if (!Array.isArray(v)) throw new Error(`${path}: ${show(v)} is not an array`);
        return v.map((x, i) => item(x, `${path}[${i}]`));
      });
    }
    case 'map': {
      const value = compileToAvro(t.valuesType as AvroType);
      return nonNull((v, path) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          throw new Error(`${path}: ${show(v)} is not a map`);
        }
        const out: Record<string, AnyAvro> = {};
        for (const [k, x] of Object.entries(v as Record<string, Value>))
          out[k] = value(x, `${path}.${k}`);
        return out;
      });
    }
    case 'union:unwrapped':
    case 'union:wrapped': {
      const wrapped = type.typeName === 'union:wrapped';
      const branches = (t.types as AvroType[]).map((b) => [b, compileToAvro(b)] as const);
      const hasNull = branches.some(([b]) => b.typeName === 'null');
      return (v, path) => {
        if (v === null || v === undefined) {
          if (hasNull) return null;
          throw new Error(`${path}: NULL in a non-null Avro field`);
        }
        let first: unknown;
        for (const [b, write] of branches) {
          if (b.typeName === 'null') continue;
          try {
            const x = write(v, path);
            return wrapped ? { [b.branchName as string]: x } : x;
          } catch (e) {
            first ??= e;
          }
        }
        throw first;
      };
    }
    default:
      return (v) => v;
  }
}

/** The top-level record writer over an output record's columns. */
export function compileRecordWriter(
  type: AvroType,
): (columns: string[], record: EngineRecord) => AnyAvro {
  if (type.typeName !== 'record') throw new Error('the Avro schema must be a record');
  const write = compileToAvro(type);
  return (_columns, record) => write(record.fields, (type as { name?: string }).name ?? 'record');
}
