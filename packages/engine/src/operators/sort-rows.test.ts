import { describe, expect, it } from 'vitest';
import { createRandom } from '../../test/prng.ts';
import type { SortKey } from '../plan/program.ts';
import { Decimal } from '../types/decimal.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { rowComparator } from './sort.ts';
import { sortRows } from './sort-rows.ts';

// Value generators per column kind: each takes a different path of sortRows (counting sort on
// compact integers, dense ranks of wide integers, decimals scaled, floats, text, mixed types).
const kinds: Record<string, (r: ReturnType<typeof createRandom>) => Value> = {
  compact: (r) => BigInt(r.int(-5, 20)),
  wide: (r) => BigInt(r.int(-1e9, 1e9)) * 1000n,
  huge: (r) => (r.chance(0.5) ? 2n ** 60n + BigInt(r.int(0, 3)) : BigInt(r.int(0, 3))),
  decimal: (r) => new Decimal(BigInt(r.int(-500, 500)), r.int(0, 3)),
  intAndDecimal: (r) =>
    r.chance(0.5) ? BigInt(r.int(-3, 3)) : new Decimal(BigInt(r.int(-40, 40)), 1),
  float: (r) => r.pick([0.5, -0.0, 0, 1e300, -1e300, 2.25, Number.POSITIVE_INFINITY, 3]),
  nan: (r) => (r.chance(0.2) ? Number.NaN : r.int(0, 5) / 2),
  text: (r) => r.pick(['a', 'b', 'B', '', 'ab', '\u{1F600}', '\uE000', 'zz']),
  mixed: (r) => r.pick<Value>([1n, 'x', true, 2.5, new Decimal(15n, 1), false, 'a']),
};

function rows(seed: number, n: number, columns: string[]): EngineRecord[] {
  const r = createRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const fields: Record<string, Value> = { id: BigInt(i) };
    for (const c of columns) fields[c] = r.chance(0.15) ? null : kinds[c](r);
    return { fields, eventTime: 0 };
  });
}

describe('sortRows', () => {
  it('orders exactly as the row comparator, stably, for every kind of key', () => {
    const names = Object.keys(kinds);
    const r = createRandom(7);
    for (let round = 0; round < 300; round++) {
      const columns = Array.from({ length: r.int(1, 3) }, () => r.pick(names));
      const keys: SortKey[] = [...new Set(columns)].map((field) => ({
        field,
        desc: r.chance(0.5),
        nullsFirst: r.chance(0.5),
      }));
      const input = rows(round, r.int(0, 300), [...new Set(columns)]);
      const expected = [...input].sort(rowComparator(keys)).map((x) => x.fields.id);
      expect(
        sortRows(input, keys).map((x) => x.fields.id),
        JSON.stringify(keys),
      ).toEqual(expected);
    }
  });
});
