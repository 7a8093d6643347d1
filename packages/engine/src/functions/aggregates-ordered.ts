/**
 * Aggregates with their own order: `ARRAY_AGG(x ORDER BY y DESC)`, `STRING_AGG(x, ',' ORDER BY
 * y)`. The argument reaches the accumulator packed with its sort keys as `[arg, k1, k2, …]`;
 * the pairs are kept and, for a result, sorted (stably: ties keep arrival order) and fed to a
 * fresh accumulator of the plain (or DISTINCT) aggregate. NULL keys sort last unless NULLS
 * FIRST, under ASC and DESC alike, as the statement's ORDER BY does.
 */
import { compareValues } from '../types/compare.ts';
import type { Value } from '../types/value.ts';
import type { Accumulator } from './accumulator.ts';
import { decodeValue, encodeValue } from './aggregate-codec.ts';

export interface AggregateOrder {
  desc: boolean;
  nullsFirst: boolean;
}

export class OrderedAcc implements Accumulator {
  entries: Value[][] = [];
  constructor(
    private readonly order: AggregateOrder[],
    private readonly fresh: () => Accumulator,
  ) {}
  add(v: Value): void {
    this.entries.push(v as Value[]);
  }
  merge(other: Accumulator): void {
    for (const e of (other as OrderedAcc).entries) this.entries.push(e);
  }
  result(): Value {
    const order = this.order;
    const sorted = this.entries.slice().sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const x = a[i + 1] ?? null;
        const y = b[i + 1] ?? null;
        if (x === null || y === null) {
          if (x === y) continue;
          return (x === null) === order[i].nullsFirst ? -1 : 1;
        }
        const c = compareValues(x, y);
        if (c !== 0) return order[i].desc ? -c : c;
      }
      return 0;
    });
    const acc = this.fresh();
    for (const e of sorted) if (e[0] !== null) acc.add(e[0]);
    return acc.result();
  }
  snapshot(): unknown {
    return this.entries.map((e) => e.map(encodeValue));
  }
  restore(s: unknown): void {
    this.entries = (s as unknown[][]).map((e) => e.map(decodeValue));
  }
}
