/**
 * Function kinds the analyzer knows beyond the scalar registry and the aggregates: window
 * (OVER-only) functions, window bounds, Flink-style group windows and header functions.
 */

import { EXTRACT_FIELDS as EXTRACT_FIELD_NAMES } from '../functions/datetime.ts';
import type { SqlType } from '../types/value.ts';

/** name → [minArgs, maxArgs, return type (null = type of the first argument)]. */
export const WINDOW_ONLY_FUNCTIONS: Record<string, [number, number, SqlType | null]> = {
  ROW_NUMBER: [0, 0, 'INTEGER'],
  RANK: [0, 0, 'INTEGER'],
  DENSE_RANK: [0, 0, 'INTEGER'],
  PERCENT_RANK: [0, 0, 'FLOAT'],
  CUME_DIST: [0, 0, 'FLOAT'],
  NTILE: [1, 1, 'INTEGER'],
  LAG: [1, 3, null],
  LEAD: [1, 3, null],
  FIRST_VALUE: [1, 1, null],
  LAST_VALUE: [1, 1, null],
  NTH_VALUE: [2, 2, null],
};

export const WINDOW_BOUND_FUNCTIONS: Record<string, 'start' | 'end'> = {
  TUMBLE_START: 'start',
  TUMBLE_END: 'end',
  HOP_START: 'start',
  HOP_END: 'end',
  SESSION_START: 'start',
  SESSION_END: 'end',
  WINDOW_START: 'start',
  WINDOW_END: 'end',
};

/** Flink-style windows in GROUP BY: name → argument count (time column + durations). */
export const GROUP_WINDOW_FUNCTIONS: Record<string, number> = {
  TUMBLE: 2,
  HOP: 3,
  SESSION: 2,
};

/** name → [minArgs, maxArgs, return type]. */
export const HEADER_FUNCTIONS: Record<string, [number, number, SqlType]> = {
  HEADER: [1, 1, 'STRING'],
  HAS_HEADER: [1, 1, 'BOOLEAN'],
  HEADER_KEYS: [0, 0, 'STRING'],
  SET_HEADER: [2, 2, 'ANY'],
  REMOVE_HEADER: [1, 1, 'STRING'],
};

/** The EXTRACT fields the function library evaluates; one list so analysis and runtime agree. */
export const EXTRACT_FIELDS: ReadonlySet<string> = new Set(EXTRACT_FIELD_NAMES);

export function isNumericType(t: SqlType): boolean {
  return t === 'INTEGER' || t === 'DECIMAL' || t === 'FLOAT';
}

/** Whether `=`, `<` … may compare the two types (ANY and NULL compare with anything). */
export function comparable(a: SqlType, b: SqlType): boolean {
  if (a === 'ANY' || b === 'ANY' || a === 'NULL' || b === 'NULL' || a === b) return true;
  if (isNumericType(a) && isNumericType(b)) return true;
  const pair = new Set([a, b]);
  // ISO strings and epoch-ms integers compare with timestamps; JSON leaves are dynamic.
  if (pair.has('TIMESTAMP') && (pair.has('STRING') || pair.has('INTEGER'))) return true;
  return pair.has('JSON');
}

/** The common type of CASE branches / COALESCE-like unions; ANY when they disagree. */
export function commonType(types: SqlType[]): SqlType {
  let out: SqlType = 'NULL';
  for (const t of types) {
    if (t === 'NULL' || t === out) continue;
    if (out === 'NULL') out = t;
    else if (isNumericType(out) && isNumericType(t)) {
      out = out === 'FLOAT' || t === 'FLOAT' ? 'FLOAT' : 'DECIMAL';
    } else return 'ANY';
  }
  return out;
}
