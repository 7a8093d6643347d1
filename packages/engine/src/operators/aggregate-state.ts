/**
 * Grouped accumulator state shared by the aggregating operators. Output rows of an aggregation
 * are "aggregate records": `$g0..` hold the group key values, `$a0..` the aggregate results and
 * `$ws`/`$we` the window bounds (epoch ms); HAVING and the SELECT list are compiled against them.
 */

import { decodeValues, type Encoded, encodeValues } from '../exec/value-codec.ts';
import {
  type Accumulator,
  type AggregateOrder,
  accumulatorFactory,
} from '../functions/aggregates.ts';
import { hashKey } from '../types/compare.ts';
import type { EngineRecord, SqlType, Value } from '../types/value.ts';

export type Evaluator = (record: EngineRecord) => Value;

export interface AggregateSpec {
  /** Upper-case function name: COUNT, SUM, ... */
  name: string;
  /** Argument; null for COUNT(*). */
  arg: Evaluator | null;
  argType: SqlType;
  distinct: boolean;
  /** `ARRAY_AGG(x ORDER BY y)`: `arg` gives `[x, y]`. */
  order?: AggregateOrder[];
}

export interface GroupState {
  keys: Value[];
  accs: Accumulator[];
  /** Raw argument values, kept only where groups may have to be merged (sessions). */
  values?: Value[][];
}

export const groupKeyName = (i: number): string => `$g${i}`;
export const aggregateName = (i: number): string => `$a${i}`;

export class GroupingSpec {
  readonly keyNames: string[];
  readonly aggNames: string[];
  private readonly factories: (() => Accumulator)[];
  constructor(
    readonly keys: Evaluator[],
    readonly aggregates: AggregateSpec[],
  ) {
    this.keyNames = keys.map((_, i) => groupKeyName(i));
    this.aggNames = aggregates.map((_, i) => aggregateName(i));
    this.factories = aggregates.map((a) =>
      accumulatorFactory(a.name, a.argType, a.distinct, a.order),
    );
  }

  /** Evaluates the key expressions; returns the hash and fills `out` with the values. */
  keyOf(record: EngineRecord, out: Value[]): string {
    const keys = this.keys;
    if (keys.length === 0) return '';
    if (keys.length === 1) {
      const v = keys[0](record);
      out[0] = v;
      return typeof v === 'string' ? `\u0001${v}` : hashKey(out);
    }
    for (let i = 0; i < keys.length; i++) out[i] = keys[i](record);
    return hashKey(out);
  }

  newGroup(keys: Value[], keepValues = false): GroupState {
    const f = this.factories;
    const accs: Accumulator[] = new Array(f.length);
    for (let i = 0; i < f.length; i++) accs[i] = f[i]();
    const g: GroupState = { keys: keys.slice(), accs };
    if (keepValues) g.values = this.aggregates.map(() => []);
    return g;
  }

  /** Adds one input record to a group; NULL arguments are skipped as in SQL. */
  add(group: GroupState, record: EngineRecord): void {
    const aggs = this.aggregates;
    for (let i = 0; i < aggs.length; i++) {
      const arg = aggs[i].arg;
      const v = arg === null ? true : arg(record);
      if (v === null) continue;
      group.accs[i].add(v);
      if (group.values) group.values[i].push(v);
    }
  }

  /** Evaluates every argument first so a failing expression leaves the group untouched. */
  addAtomic(group: GroupState, record: EngineRecord, scratch: Value[]): void {
    const aggs = this.aggregates;
    for (let i = 0; i < aggs.length; i++) {
      const arg = aggs[i].arg;
      scratch[i] = arg === null ? true : arg(record);
    }
    for (let i = 0; i < aggs.length; i++) {
      const v = scratch[i];
      if (v === null) continue;
      group.accs[i].add(v);
      if (group.values) group.values[i].push(v);
    }
  }

  merge(into: GroupState, from: GroupState): void {
    if (!from.values || !into.values) throw new Error('merge needs retained values');
    for (let i = 0; i < from.values.length; i++) {
      for (const v of from.values[i]) {
        into.accs[i].add(v);
        into.values[i].push(v);
      }
    }
  }

  /** Builds the aggregate record of a group. */
  row(
    group: GroupState,
    eventTime: number,
    windowStart?: number,
    windowEnd?: number,
  ): EngineRecord {
    const fields: Record<string, Value> = {};
    for (let i = 0; i < this.keyNames.length; i++) fields[this.keyNames[i]] = group.keys[i];
    for (let i = 0; i < this.aggNames.length; i++)
      fields[this.aggNames[i]] = group.accs[i].result();
    if (windowStart !== undefined) {
      fields.$ws = windowStart;
      fields.$we = windowEnd ?? null;
    }
    return { fields, eventTime };
  }

  snapshotGroup(g: GroupState): Encoded {
    return {
      k: encodeValues(g.keys),
      a: g.accs.map((a) => a.snapshot()),
      v: g.values ? g.values.map(encodeValues) : undefined,
    };
  }

  restoreGroup(e: Encoded): GroupState {
    const s = e as { k: Encoded[]; a: unknown[]; v?: Encoded[][] };
    const g = this.newGroup(decodeValues(s.k), s.v !== undefined);
    for (let i = 0; i < g.accs.length; i++) g.accs[i].restore(s.a[i]);
    if (s.v) g.values = s.v.map(decodeValues);
    return g;
  }
}

/** Keyed hash of a group, recomputed from restored key values. */
export function groupHash(spec: GroupingSpec, keys: Value[]): string {
  if (spec.keys.length === 0) return '';
  if (keys.length === 1 && typeof keys[0] === 'string') return `\u0001${keys[0]}`;
  return hashKey(keys);
}
