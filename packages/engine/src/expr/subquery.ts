/** EXISTS / IN / scalar subqueries evaluated against the current rows of a materialized table. */
import type { InternalRecord } from '../exec/record.ts';
import type { TableStore } from '../exec/table-store.ts';
import { type Accumulator, createAccumulator } from '../functions/aggregates.ts';
import { compareKeys } from '../operators/over-frame.ts';
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
    const parts: (EngineRecord | null)[] = o.parts
      ? o.parts.slice()
      : outerRels === 0
        ? []
        : [outer];
    while (parts.length < outerRels) parts.push(null);
    parts.push(row);
    return { fields: row.fields, eventTime: outer.eventTime, headers: outer.headers, parts };
  };
  // Uncorrelated IN: the set of values, rebuilt when the table changes.
  let cachedVersion = -1;
  let cachedSet = new Set<string>();
  let cachedNull = false;
  const limit = e.limit ?? Number.POSITIVE_INFINITY;
  const order = e.order?.map((k) => ({ ...k, key: compile(k.e) })) ?? null;
  const distinct = e.distinct === true && select !== null;
  // With ORDER BY or DISTINCT the limit applies after sorting / removing duplicates.
  const lateLimit = order !== null || distinct;
  const rowLimit = e.grouped || e.aggregate || lateLimit ? Number.POSITIVE_INFINITY : limit;
  const filtered = function* (outer: EngineRecord): Generator<InternalRecord> {
    if (rowLimit <= 0) return;
    let n = 0;
    for (const row of table.rows.values()) {
      const c = combined(outer, row);
      if (where === null || where(c) === true) {
        yield c;
        if (++n >= rowLimit) return;
      }
    }
  };
  const groupedRows = e.grouped
    ? compileGrouped(e.grouped, compile, lateLimit ? Number.POSITIVE_INFINITY : limit)
    : null;
  const unordered = groupedRows ? (outer: EngineRecord) => groupedRows(filtered(outer)) : filtered;
  const sorted = order
    ? function* (outer: EngineRecord): Generator<InternalRecord> {
        const rows = [...unordered(outer)].map((r) => ({ r, keys: order.map((k) => k.key(r)) }));
        rows.sort((a, b) => compareKeys(a.keys, b.keys, order));
        for (const { r } of rows) yield r;
      }
    : unordered;
  const matching = lateLimit
    ? function* (outer: EngineRecord): Generator<InternalRecord> {
        if (limit <= 0) return;
        const seen = new Set<string>();
        let n = 0;
        for (const r of sorted(outer)) {
          if (distinct) {
            const h = hashKey([select!(r)]);
            if (seen.has(h)) continue;
            seen.add(h);
          }
          yield r;
          if (++n >= limit) return;
        }
      }
    : sorted;
  if (mode === 'exists') {
    return (r) => {
      for (const _ of matching(r)) return !negated;
      return negated;
    };
  }
  if (mode === 'scalar' && e.aggregate && limit <= 0) return () => null;
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

/**
 * GROUP BY / aggregates / HAVING of a subquery over its matching rows: yields one record per
 * group that passes HAVING, with the key slots `$g<i>` and aggregate slots `$a<i>` the select
 * expression reads. Without GROUP BY there is exactly one group, also over no rows.
 */
function compileGrouped(
  g: NonNullable<Extract<PExpr, { k: 'subquery' }>['grouped']>,
  compile: (x: PExpr) => Compiled,
  limit: number,
): (rows: Iterable<InternalRecord>) => Generator<InternalRecord> {
  const keys = g.keys.map(compile);
  const args = g.aggregates.map((a) => (a.arg ? compile(a.arg) : null));
  const having = g.having ? compile(g.having) : null;
  return function* (rows) {
    const groups = new Map<string, { key: Value[]; accs: Accumulator[]; first: InternalRecord }>();
    for (const c of rows) {
      const key = keys.map((k) => k(c));
      const h = keys.length === 0 ? '' : hashKey(key);
      let group = groups.get(h);
      if (!group) {
        const accs = g.aggregates.map((a) => createAccumulator(a.name, 'ANY', a.distinct, a.order));
        group = { key, accs, first: c };
        groups.set(h, group);
      }
      for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const v = arg === null ? true : arg(c);
        if (v !== null) group.accs[i].add(v);
      }
    }
    if (keys.length === 0 && groups.size === 0) {
      const accs = g.aggregates.map((a) => createAccumulator(a.name, 'ANY', a.distinct, a.order));
      groups.set('', { key: [], accs, first: { fields: {}, eventTime: 0 } });
    }
    let n = 0;
    for (const group of groups.values()) {
      if (n >= limit) return;
      const fields: Record<string, Value> = {};
      group.key.forEach((v, i) => {
        fields[`$g${i}`] = v;
      });
      group.accs.forEach((acc, i) => {
        fields[`$a${i}`] = acc.result();
      });
      const rec: InternalRecord = { ...group.first, fields };
      if (group.first.parts) {
        // Correlated references still read the outer relations; the table row is replaced
        // by the group's record.
        const parts = group.first.parts.slice();
        parts[parts.length - 1] = { fields, eventTime: 0 };
        rec.parts = parts;
      }
      if (having !== null && having(rec) !== true) continue;
      n++;
      yield rec;
    }
  };
}
