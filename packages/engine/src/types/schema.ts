/**
 * Column schemas and inference from a sample of records (for schema-less sources).
 */
import { typeOfValue } from './cast.ts';
import type { Decimal } from './decimal.ts';
import { MAX_DECIMAL_PRECISION } from './decimal-type.ts';
import type { EngineRecord, SqlType, Value } from './value.ts';

export interface Column {
  name: string;
  type: SqlType;
  /** DECIMAL columns: the largest scale seen or declared — informative only. */
  scale?: number;
  /**
   * DECIMAL columns, when known: the digits a value may have — declared (a generator, a CAST) or
   * the largest integer-digit count plus the largest scale sampled, at most MAX_DECIMAL_PRECISION.
   */
  precision?: number;
}

export interface Schema {
  columns: Column[];
}

/**
 * The common type of two observed types: NULL yields to anything, INTEGER+DECIMAL -> DECIMAL,
 * any number with FLOAT -> FLOAT, otherwise different types -> ANY (decided per record).
 */
export function unifyTypes(a: SqlType, b: SqlType): SqlType {
  if (a === b) return a;
  if (a === 'NULL') return b;
  if (b === 'NULL') return a;
  const numeric = (t: SqlType) => t === 'INTEGER' || t === 'DECIMAL' || t === 'FLOAT';
  if (numeric(a) && numeric(b)) return a === 'FLOAT' || b === 'FLOAT' ? 'FLOAT' : 'DECIMAL';
  return 'ANY';
}

/**
 * Infer column names (first-seen order) and types from records: JSON numbers with a point are
 * DECIMAL, without one INTEGER, objects/arrays JSON, strings (ISO dates too) STRING; a column
 * only ever NULL is NULL. A DECIMAL column gets the largest scale and DECIMAL(p,s) precision
 * seen: `1234.5` and `0.125` make DECIMAL(7,3) (4 integer digits + scale 3).
 */
export function inferSchema(records: EngineRecord[]): Schema {
  const types = new Map<string, SqlType>();
  const scales = new Map<string, number>();
  const integerDigits = new Map<string, number>();
  for (const record of records) {
    const fields = record.fields;
    for (const name in fields) {
      const v: Value = fields[name];
      const t = typeOfValue(v);
      const prev = types.get(name);
      types.set(name, prev === undefined ? t : unifyTypes(prev, t));
      if (t === 'DECIMAL') {
        const d = v as Decimal;
        if (d.scale > (scales.get(name) ?? -1)) scales.set(name, d.scale);
        const digits = Math.max(d.precision() - d.scale, 1);
        if (digits > (integerDigits.get(name) ?? 0)) integerDigits.set(name, digits);
      } else if (t === 'INTEGER') {
        // An INTEGER in a column that turns DECIMAL counts with its digits (unifyTypes).
        const n = v as bigint;
        const digits = (n < 0n ? -n : n).toString().length;
        if (digits > (integerDigits.get(name) ?? 0)) integerDigits.set(name, digits);
      }
    }
  }
  const columns: Column[] = [];
  for (const [name, type] of types) {
    const column: Column = { name, type };
    const scale = scales.get(name);
    if (type === 'DECIMAL' && scale !== undefined) {
      column.scale = scale;
      const digits = (integerDigits.get(name) ?? 1) + scale;
      column.precision = Math.min(digits, MAX_DECIMAL_PRECISION);
    }
    columns.push(column);
  }
  return { columns };
}

export function findColumn(schema: Schema, name: string): Column | undefined {
  const exact = schema.columns.find((c) => c.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return schema.columns.find((c) => c.name.toLowerCase() === lower);
}
