import { describe, expect, it } from 'vitest';
import { createRuntimeContext } from '../exec/context.ts';
import type { InternalRecord } from '../exec/record.ts';
import { Decimal } from '../types/decimal.ts';
import type { EngineRecord, Value } from '../types/value.ts';
import { type AggregateSpec, GroupingSpec } from './aggregate-state.ts';
import { collector, rec, rows } from './test-helpers.ts';
import { WindowAggregateOperator } from './window-aggregate.ts';

const COUNT_STAR: AggregateSpec = { name: 'COUNT', arg: null, argType: 'ANY', distinct: false };
const COUNT_DISTINCT: AggregateSpec = {
  name: 'COUNT',
  arg: (r) => r.fields.v,
  argType: 'ANY',
  distinct: true,
};
const BOOL_OR: AggregateSpec = {
  name: 'BOOL_OR',
  arg: (r) => r.fields.b,
  argType: 'ANY',
  distinct: false,
};
const NUMERIC: AggregateSpec[] = ['SUM', 'AVG', 'MIN', 'MAX', 'STDDEV'].map((name) => ({
  name,
  arg: (r) => r.fields.n,
  argType: 'ANY',
  distinct: false,
}));
const SUM_DISTINCT: AggregateSpec = {
  name: 'SUM',
  arg: (r) => r.fields.v,
  argType: 'ANY',
  distinct: true,
};
/** FIRST does not merge in any order, so it keeps the operator on the per-window path. */
const FIRST: AggregateSpec = {
  name: 'FIRST',
  arg: (r) => r.fields.v,
  argType: 'ANY',
  distinct: false,
};

function sliding(
  aggs: AggregateSpec[],
  size = 1000,
  slide = 400,
  emit: 'final' | 'changes' = 'final',
  late: 'dlq' | 'drop' = 'dlq',
) {
  const ctx = createRuntimeContext(() => 0);
  const op = new WindowAggregateOperator({
    grouping: new GroupingSpec([(r) => r.fields.k], aggs),
    window: { kind: 'sliding', size, slide, gap: 0 },
    emit,
    sourceId: 'in',
    latePolicy: late,
    ctx,
  });
  const out = collector();
  op.onStart(out);
  return { op, out, ctx };
}

function withKeys(records: EngineRecord[]): unknown[] {
  return records.map((r) => ({
    ...rows([r])[0],
    t: r.eventTime,
    key: (r as InternalRecord).upsertKey,
  }));
}

describe('pane-based sliding windows', () => {
  it('keeps one partial group per pane and emits exact rows at the boundaries', () => {
    // SLIDING(1000, 400): windows start at multiples of 400, panes of gcd = 200 ms
    const { op, out } = sliding([COUNT_STAR, COUNT_DISTINCT]);
    op.processBatch(
      [
        rec({ k: 'a', v: 1n }, 0),
        rec({ k: 'b', v: 1n }, 199),
        rec({ k: 'a', v: 2n }, 200),
        rec({ k: 'a', v: 2n }, 999),
        rec({ k: 'a', v: 3n }, 1000),
      ],
      0,
    );
    expect(op.stateEntries()).toBe(5);
    op.onWatermark(199, 0);
    expect(out.records).toEqual([]);
    op.onWatermark(200, 0);
    expect(withKeys(out.records)).toEqual([
      { $g0: 'a', $a0: 1, $a1: 1, $ws: -800, $we: 200, t: 199, key: '-800@\u0001a' },
      { $g0: 'b', $a0: 1, $a1: 1, $ws: -800, $we: 200, t: 199, key: '-800@\u0001b' },
    ]);
    expect(op.stateEntries()).toBe(5);
    out.records.length = 0;
    op.onWatermark(1000, 0);
    expect(rows(out.records)).toEqual([
      { $g0: 'a', $a0: 2, $a1: 2, $ws: -400, $we: 600 },
      { $g0: 'b', $a0: 1, $a1: 1, $ws: -400, $we: 600 },
      { $g0: 'a', $a0: 3, $a1: 2, $ws: 0, $we: 1000 },
      { $g0: 'b', $a0: 1, $a1: 1, $ws: 0, $we: 1000 },
    ]);
    // panes 0 and 200 have no open window left
    expect(op.stateEntries()).toBe(2);
    out.records.length = 0;
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records)).toEqual([
      { $g0: 'a', $a0: 2, $a1: 2, $ws: 400, $we: 1400 },
      { $g0: 'a', $a0: 2, $a1: 2, $ws: 800, $we: 1800 },
    ]);
    expect(op.stateEntries()).toBe(0);
  });

  it('orders a window’s groups by each key’s first record in that window', () => {
    const { op, out } = sliding([COUNT_STAR]);
    // b arrives first, in a later pane: it leads only the windows holding that pane
    op.processBatch([rec({ k: 'b' }, 900), rec({ k: 'a' }, 100), rec({ k: 'b' }, 50)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records).map((r) => [r.$ws, r.$g0, r.$a0])).toEqual([
      [-800, 'a', 1],
      [-800, 'b', 1],
      [-400, 'a', 1],
      [-400, 'b', 1],
      [0, 'b', 2],
      [0, 'a', 1],
      [400, 'b', 1],
      [800, 'b', 1],
    ]);
  });

  it('accepts records for still-open windows and dead-letters records whose windows all closed', () => {
    const { op, out, ctx } = sliding([COUNT_STAR]);
    op.processBatch([rec({ k: 'a' }, 1100)], 0);
    op.onWatermark(1400, 0);
    expect(rows(out.records)).toEqual([{ $g0: 'a', $a0: 1, $ws: 400, $we: 1400 }]);
    out.records.length = 0;
    // 399 and 400: their last windows end at 1000 and 1400; 800 still has [800, 1800)
    op.processBatch([rec({ k: 'a' }, 399), rec({ k: 'a' }, 400), rec({ k: 'a' }, 800)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records)).toEqual([{ $g0: 'a', $a0: 2, $ws: 800, $we: 1800 }]);
    expect(ctx.late).toBe(2);
    expect(ctx.deadLetters.map((x) => x.reason)).toEqual([
      'late record: event time 1970-01-01T00:00:00.399Z is behind the watermark 1970-01-01T00:00:01.400Z',
      'late record: event time 1970-01-01T00:00:00.400Z is behind the watermark 1970-01-01T00:00:01.400Z',
    ]);
  });

  it('matches the per-window path, also across snapshot and restore', () => {
    let seed = 12345;
    let lateSeen = 0;
    const rnd = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const mixes = ['int', 'decimal', 'float', 'int', 'string'];
    for (const [size, slide] of [
      [1000, 400],
      [1000, 250],
      [900, 600],
      [10000, 2000],
    ]) {
      for (let trial = 0; trial < 5; trial++) {
        const mix = mixes[trial];
        const events: { t: number; k: string; v: bigint; b: boolean; n: Value }[] = [];
        let maxT = 0;
        for (let i = 0; i < 300; i++) {
          const late = i > 150 && rnd(20) === 0;
          const n: Value = !late
            ? rnd(9) === 0
              ? null
              : BigInt(rnd(7) - 2)
            : mix === 'decimal'
              ? Decimal.parse(rnd(2) === 0 ? '1.50' : '2.0')
              : mix === 'float'
                ? 0.1
                : mix === 'string'
                  ? 'x'
                  : 5n;
          const t = Math.max(0, rnd(8) === 0 ? maxT - rnd(2 * size) : maxT + rnd(300) - 200);
          maxT = Math.max(maxT, t);
          events.push({ t, k: `k${rnd(4)}`, v: BigInt(rnd(3)), b: rnd(5) === 0, n });
        }
        const aggs =
          mix === 'string'
            ? [COUNT_STAR, COUNT_DISTINCT, BOOL_OR, NUMERIC[2], NUMERIC[3], SUM_DISTINCT]
            : [COUNT_STAR, COUNT_DISTINCT, BOOL_OR, ...NUMERIC, SUM_DISTINCT];
        const panes = sliding(aggs, size, slide);
        const ref = sliding([...aggs, FIRST], size, slide);
        let restored = panes;
        const outs: EngineRecord[] = [];
        let wm = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < events.length; i++) {
          const e = events[i];
          const r = () => rec({ k: e.k, v: e.v, b: e.b, n: e.n }, e.t);
          restored.op.processBatch([r()], 0);
          ref.op.processBatch([r()], 0);
          if (rnd(3) === 0) {
            wm = Math.max(wm, maxT - rnd(400));
            restored.op.onWatermark(wm, 0);
            ref.op.onWatermark(wm, 0);
          }
          if (rnd(40) === 0) {
            const snap = JSON.parse(JSON.stringify(restored.op.onCheckpoint()));
            outs.push(...restored.out.records);
            const next = sliding(aggs, size, slide);
            next.ctx.late = restored.ctx.late;
            next.ctx.deadLetters.push(...restored.ctx.deadLetters);
            next.op.restore(snap);
            restored = next;
          }
        }
        restored.op.onWatermark(Number.POSITIVE_INFINITY, 0);
        ref.op.onWatermark(Number.POSITIVE_INFINITY, 0);
        outs.push(...restored.out.records);
        const firstName = `$a${aggs.length}`;
        const expected = withKeys(ref.out.records).map((r) => {
          const { [firstName]: _, ...rest } = r as Record<string, unknown>;
          return rest;
        });
        expect(expected.length).toBeGreaterThan(0);
        expect(withKeys(outs)).toEqual(expected);
        expect(restored.ctx.deadLetters.map((x) => x.reason)).toEqual(
          ref.ctx.deadLetters.map((x) => x.reason),
        );
        expect(restored.ctx.late).toBe(ref.ctx.late);
        expect(restored.op.stateEntries()).toBe(0);
        lateSeen += ref.ctx.late;
      }
    }
    expect(lateSeen).toBeGreaterThan(0);
  });

  it('turns back to per-window state at the first value that would merge inexactly', () => {
    const { op, out } = sliding([COUNT_STAR, ...NUMERIC], 1000, 500);
    op.processBatch([rec({ k: 'a', n: 2n }, 700), rec({ k: 'a', n: 3n }, 750)], 0);
    expect(op.stateEntries()).toBe(1); // one pane group
    // SUM/AVG/STDDEV take DECIMALs, but MIN/MAX keep to INTEGERs and strings
    op.processBatch([rec({ k: 'a', n: Decimal.parse('1.5') }, 800)], 0);
    expect(op.stateEntries()).toBe(2); // one group in each of two windows
    op.processBatch([rec({ k: 'a', n: 0.25 }, 900)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    const row = {
      $g0: 'a',
      $a0: 4,
      $a1: 6.75,
      $a2: 1.6875,
      $a3: 0.25,
      $a4: 3,
      $a5: 1.143368561167687,
    };
    expect(rows(out.records)).toEqual([
      { ...row, $ws: 0, $we: 1000 },
      { ...row, $ws: 500, $we: 1500 },
    ]);
  });

  it('keeps EMIT CHANGES on the per-window path', () => {
    const { op, out } = sliding([COUNT_STAR], 1000, 500, 'changes');
    op.processBatch([rec({ k: 'a' }, 700), rec({ k: 'a' }, 800)], 0);
    expect(rows(out.records).map((r) => [r.$ws, r.$a0])).toEqual([
      [0, 1],
      [500, 1],
      [0, 2],
      [500, 2],
    ]);
  });
});
