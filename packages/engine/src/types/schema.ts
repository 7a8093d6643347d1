/**
 * Column schemas and inference from a sample of records (for schema-less sources).
 */
import { typeOfValue } from './cast.ts';
import type { EngineRecord, SqlType, Value } from './value.ts';

export interface Column {
  name: string;
  type: SqlType;
  /** Largest scale seen (DECIMAL columns) — informative only. */
  scale?: number;
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
 * only ever NULL is NULL.
 */
export function inferSchema(records: EngineRecord[]): Schema {
  const types = new Map<string, SqlType>();
  const scales = new Map<string, number>();
  for (const record of records) {
    const fields = record.fields;
    for (const name in fields) {
      const v: Value = fields[name];
      const t = typeOfValue(v);
      const prev = types.get(name);
      types.set(name, prev === undefined ? t : unifyTypes(prev, t));
      if (t === 'DECIMAL') {
        const s = (v as { scale: number }).scale;
        if (s > (scales.get(name) ?? -1)) scales.set(name, s);
      }
    }
  }
  const columns: Column[] = [];
  for (const [name, type] of types) {
    const column: Column = { name, type };
    if (type === 'DECIMAL' && scales.has(name)) column.scale = scales.get(name);
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
