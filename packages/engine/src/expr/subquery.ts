/** EXISTS / IN / scalar subqueries evaluated against the current rows of a materialized table. */
import type { InternalRecord } from '../exec/record.ts';
import type { TableStore } from '../exec/table-store.ts';
import { createAccumulator } from '../functions/aggregates.ts';
import type { PExpr } from '../plan/expr.ts';
import { hashKey, valuesEqual } from '../types/compare.ts';
import { EvaluationError } from '../types/errors.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { annotate, type Compiled } from './compile.ts';

export function compileSubquery(
  e: Extract<PExpr, { k: 'subquery' }>,
  table: TableStore,
  compile: (x: PExpr) => Compiled,
): Compiled {
  const where = e.where ? compile(e.where) : null;
  const select = e.select ? compile(e.select) : null;
  const operand = e.e ? compile(e.e) : null;
  const { outerRels, mode, negated } = e;
  const combined = (outer: EngineRecord, row: EngineRecord): InternalRecord => {
    const o = outer as InternalRecord;
    const parts: (EngineRecord | null)[] = o.parts ? o.parts.slice() : [outer];
    while (parts.length < outerRels) parts.push(null);
    parts.push(row);
    return { fields: row.fields, eventTime: outer.eventTime, headers: outer.headers, parts };
  };
  // Uncorrelated IN: the set of values, rebuilt when the table changes.
  let cachedVersion = -1;
  let cachedSet = new Set<string>();
  let cachedNull = false;
  const matching = function* (outer: EngineRecord): Generator<InternalRecord> {
    for (const row of table.rows.values()) {
      const c = combined(outer, row);
      if (where === null || where(c) === true) yield c;
    }
  };
  if (mode === 'exists') {
    return (r) => {
      for (const _ of matching(r)) return !negated;
      return negated;
    };
  }
  if (mode === 'scalar' && e.aggregate) {
    const { name, distinct } = e.aggregate;
    const star = e.aggregate.arg === null;
    let version = -1;
    let cached: Value = null;
    return (r) => {
      if (!e.correlated && version === table.version) return cached;
      const acc = createAccumulator(name, 'ANY', distinct);
      for (const c of matching(r)) {
        const v = star ? true : select!(c);
        if (v !== null) acc.add(v);
      }
      cached = acc.result();
      version = table.version;
      return cached;
    };
  }
  if (mode === 'scalar') {
    return (r) => {
      let result: Value = null;
      let n = 0;
      for (const c of matching(r)) {
        if (++n > 1)
          throw annotate(new EvaluationError('scalar subquery returned more than one row'), e.pos);
        result = select ? select(c) : null;
      }
      return result;
    };
  }
  return (r) => {
    const v = operand!(r);
    if (v === null) return null;
    if (!e.correlated) {
      if (cachedVersion !== table.version) {
        cachedSet = new Set();
        cachedNull = false;
        for (const c of matching(r)) {
          const w = select!(c);
          if (w === null) cachedNull = true;
          else cachedSet.add(hashKey([w]));
        }
        cachedVersion = table.version;
      }
      if (cachedSet.has(hashKey([v]))) return !negated;
      return cachedNull ? null : negated;
    }
    let sawNull = false;
    for (const c of matching(r)) {
      const w = select!(c);
      if (w === null) sawNull = true;
      else if (valuesEqual(v, w)) return !negated;
    }
    return sawNull ? null : negated;
  };
}
