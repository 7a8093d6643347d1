import { describe, expect, it } from 'vitest';
import { createRuntimeContext } from '../exec/context.ts';
import type { InternalRecord } from '../exec/record.ts';
import { TableStore } from '../exec/table-store.ts';
import type { EngineRecord } from '../types/value.ts';
import { IntervalJoinOperator, type JoinType } from './interval-join.ts';
import { LookupJoinOperator } from './lookup-join.ts';
import { collector, rec } from './test-helpers.ts';

const pair = (r: EngineRecord) => {
  const p = (r as InternalRecord).parts!;
  return [p[0]?.fields.id ?? null, p[1]?.fields.id ?? null];
};

describe('stream–table lookup join', () => {
  function setup(joinType: 'inner' | 'left') {
    const table = new TableStore('customers');
    const ctx = createRuntimeContext(() => 0);
    const op = new LookupJoinOperator({
      table,
      joinType,
      streamKeys: [(r) => r.fields.cid],
      tableKeys: [(r) => r.fields.cid],
      residual: null,
      streamFirst: true,
      tableRelation: 1,
      sourceId: 'orders',
      ctx,
    });
    const out = collector();
    op.onStart(out);
    return { table, op, out };
  }

  it('joins with the current table row and keeps it current', () => {
    const { table, op, out } = setup('inner');
    table.apply([{ ...rec({ cid: 1n, id: 'c1' }), key: '1' }]);
    op.processBatch([rec({ cid: 1n, id: 'o1' }), rec({ cid: 2n, id: 'o2' })], 0);
    table.apply([{ ...rec({ cid: 1n, id: 'c1b' }), key: '1' }]);
    op.processBatch([rec({ cid: 1n, id: 'o3' })], 0);
    expect(out.records.map(pair)).toEqual([
      ['o1', 'c1'],
      ['o3', 'c1b'],
    ]);
  });

  it('LEFT keeps stream records without a match and NULL keys never match', () => {
    const { table, op, out } = setup('left');
    table.apply([rec({ cid: null, id: 'cnull' })]);
    op.processBatch([rec({ cid: null, id: 'o1' }), rec({ cid: 7n, id: 'o2' })], 0);
    expect(out.records.map(pair)).toEqual([
      ['o1', null],
      ['o2', null],
    ]);
  });
});

describe('stream–stream interval join', () => {
  function setup(joinType: JoinType) {
    const ctx = createRuntimeContext(() => 0);
    // right.time − left.time in [-1000, 0]
    const op = new IntervalJoinOperator({
      joinType,
      leftKeys: [(r) => r.fields.k],
      rightKeys: [(r) => r.fields.k],
      lower: -1000,
      upper: 0,
      residual: null,
      rightRelation: 1,
      sourceIds: ['a', 'b'],
      ctx,
    });
    const out = collector();
    op.onStart(out);
    return { op, out };
  }

  it('matches within the bound, inclusive at both ends', () => {
    const { op, out } = setup('inner');
    op.processBatch([rec({ k: 'x', id: 'l1' }, 2000)], 0);
    op.processBatch(
      [
        rec({ k: 'x', id: 'r-early' }, 999),
        rec({ k: 'x', id: 'r1' }, 1000),
        rec({ k: 'x', id: 'r2' }, 2000),
        rec({ k: 'x', id: 'r-late' }, 2001),
      ],
      1,
    );
    expect(out.records.map(pair)).toEqual([
      ['l1', 'r1'],
      ['l1', 'r2'],
    ]);
  });

  it('FULL emits unmatched rows of both sides when they expire', () => {
    const { op, out } = setup('full');
    op.processBatch([rec({ k: 'x', id: 'l1' }, 1000), rec({ k: 'y', id: 'l2' }, 1000)], 0);
    op.processBatch([rec({ k: 'x', id: 'r1' }, 500), rec({ k: 'z', id: 'r2' }, 900)], 1);
    op.onWatermark(2000, 0);
    op.onWatermark(2000, 1);
    expect(out.records.map(pair)).toEqual([
      ['l1', 'r1'],
      [null, 'r2'],
      ['l2', null],
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 1);
    expect(out.records.length).toBe(3);
  });

  it('restores buffered rows from a snapshot', () => {
    const { op } = setup('left');
    op.processBatch([rec({ k: 'x', id: 'l1' }, 1000)], 0);
    const snap = JSON.parse(JSON.stringify(op.onCheckpoint()));
    const b = setup('left');
    b.op.restore(snap);
    b.op.processBatch([rec({ k: 'x', id: 'r1' }, 900)], 1);
    b.op.onWatermark(Number.POSITIVE_INFINITY, 0);
    b.op.onWatermark(Number.POSITIVE_INFINITY, 1);
    expect(b.out.records.map(pair)).toEqual([['l1', 'r1']]);
  });
});
