import { describe, expect, it } from 'vitest';
import { createRuntimeContext } from '../exec/context.ts';
import type { InternalRecord } from '../exec/record.ts';
import { TableStore } from '../exec/table-store.ts';
import { Decimal } from '../types/decimal.ts';
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

describe('interval join keys and expiry', () => {
  function setup(joinType: JoinType, lower: number, upper: number) {
    const ctx = createRuntimeContext(() => 0);
    const op = new IntervalJoinOperator({
      joinType,
      leftKeys: [(r) => r.fields.k],
      rightKeys: [(r) => r.fields.k],
      lower,
      upper,
      residual: null,
      rightRelation: 1,
      sourceIds: ['a', 'b'],
      ctx,
    });
    const out = collector();
    op.onStart(out);
    return { op, out };
  }

  it('equal numbers of different types join; others do not', () => {
    const { op, out } = setup('inner', -1000, 1000);
    op.processBatch(
      [
        rec({ k: 5n, id: 'int5' }, 0),
        rec({ k: 2n ** 60n, id: 'big' }, 0),
        rec({ k: 1.5, id: 'f1.5' }, 0),
        rec({ k: '5', id: 's5' }, 0),
      ],
      0,
    );
    op.processBatch(
      [
        rec({ k: Decimal.parse('5.00'), id: 'dec5' }, 0),
        rec({ k: 5, id: 'float5' }, 0),
        rec({ k: Decimal.parse(String(2n ** 60n)), id: 'bigdec' }, 0),
        rec({ k: Decimal.parse('1.50'), id: 'dec1.5' }, 0),
        rec({ k: 'n5', id: 'sn5' }, 0),
        rec({ k: 6n, id: 'int6' }, 0),
      ],
      1,
    );
    expect(out.records.map(pair)).toEqual([
      ['int5', 'dec5'],
      ['int5', 'float5'],
      ['big', 'bigdec'],
      ['f1.5', 'dec1.5'],
    ]);
  });

  it('matches exactly the pairs a brute-force model finds, with per-record watermarks', () => {
    // Like the pipeline: each record is followed by its side's watermark (max time − 50).
    for (const joinType of ['inner', 'left', 'right', 'full'] as JoinType[]) {
      const lower = -300;
      const upper = 200;
      const { op, out } = setup(joinType, lower, upper);
      type Ev = { side: 0 | 1; k: bigint; t: number; id: string };
      const evs: Ev[] = [];
      const tNext = [0, 0];
      let seed = 7;
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      for (let i = 0; i < 3000; i++) {
        const side = rnd(2) as 0 | 1;
        tNext[side] += rnd(40);
        evs.push({ side, k: BigInt(rnd(4)), t: tNext[side], id: `${side ? 'r' : 'l'}${i}` });
      }
      const wm = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
      const live: { ev: Ev; matched: boolean; expired: boolean }[][] = [[], []];
      const expected: (string | null)[][] = [];
      const expire = () => {
        for (const e of live[0]) {
          if (!e.expired && e.ev.t + upper < wm[1]) {
            e.expired = true;
            if (!e.matched && (joinType === 'left' || joinType === 'full'))
              expected.push([e.ev.id, null]);
          }
        }
        for (const e of live[1]) {
          if (!e.expired && e.ev.t - lower < wm[0]) {
            e.expired = true;
            if (!e.matched && (joinType === 'right' || joinType === 'full'))
              expected.push([null, e.ev.id]);
          }
        }
      };
      for (const ev of evs) {
        const mine = { ev, matched: false, expired: false };
        for (const o of live[1 - ev.side]) {
          if (o.expired || o.ev.k !== ev.k) continue;
          const d = ev.side === 0 ? o.ev.t - ev.t : ev.t - o.ev.t;
          if (d < lower || d > upper) continue;
          expected.push(ev.side === 0 ? [ev.id, o.ev.id] : [o.ev.id, ev.id]);
          mine.matched = true;
          o.matched = true;
        }
        live[ev.side].push(mine);
        op.processBatch([rec({ k: ev.k, id: ev.id }, ev.t)], ev.side);
        if (ev.t - 50 > wm[ev.side]) {
          wm[ev.side] = ev.t - 50;
          expire();
          op.onWatermark(ev.t - 50, ev.side);
        }
      }
      expect(out.records.map(pair)).toEqual(expected);
      expect(op.stateEntries()).toBe(
        live[0].filter((e) => !e.expired).length + live[1].filter((e) => !e.expired).length,
      );
    }
  });

  it('restores a snapshot whose keys were written as strings', () => {
    const { op } = setup('inner', -1000, 0);
    op.processBatch([rec({ k: 7n, id: 'l1' }, 1000)], 0);
    const snap = JSON.parse(JSON.stringify(op.onCheckpoint()));
    snap.left[0][1] = 'n7';
    const b = setup('inner', -1000, 0);
    b.op.restore(snap);
    b.op.processBatch([rec({ k: 7n, id: 'r1' }, 900)], 1);
    expect(b.out.records.map(pair)).toEqual([['l1', 'r1']]);
  });
});
