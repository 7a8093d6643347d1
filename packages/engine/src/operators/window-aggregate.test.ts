import { describe, expect, it } from 'vitest';
import { createRuntimeContext } from '../exec/context.ts';
import { Decimal } from '../types/decimal.ts';
import { GroupingSpec } from './aggregate-state.ts';
import { SessionAggregateOperator } from './session-aggregate.ts';
import { collector, rec, rows } from './test-helpers.ts';
import { WindowAggregateOperator } from './window-aggregate.ts';

const byK = () =>
  new GroupingSpec(
    [(r) => r.fields.k],
    [
      { name: 'COUNT', arg: null, argType: 'ANY', distinct: false },
      { name: 'SUM', arg: (r) => r.fields.v, argType: 'DECIMAL', distinct: false },
    ],
  );

function tumbling(emit: 'final' | 'changes' = 'final', late: 'dlq' | 'drop' = 'dlq') {
  const ctx = createRuntimeContext(() => 0);
  const op = new WindowAggregateOperator({
    grouping: byK(),
    window: { kind: 'tumbling', size: 1000, slide: 1000, gap: 0 },
    emit,
    sourceId: 'in',
    latePolicy: late,
    ctx,
  });
  const out = collector();
  op.onStart(out);
  return { op, out, ctx };
}

const d = (s: string) => Decimal.parse(s);

describe('tumbling window aggregation', () => {
  it('emits one row per group when the watermark reaches the window end', () => {
    const { op, out } = tumbling();
    op.processBatch([rec({ k: 'a', v: d('1.50') }, 0), rec({ k: 'b', v: d('2.00') }, 500)], 0);
    op.processBatch([rec({ k: 'a', v: d('1.25') }, 999)], 0);
    op.onWatermark(999, 0);
    expect(out.records).toEqual([]);
    op.onWatermark(1000, 0);
    expect(rows(out.records)).toEqual([
      { $g0: 'a', $a0: 2, $a1: '2.75', $ws: 0, $we: 1000 },
      { $g0: 'b', $a0: 1, $a1: '2.00', $ws: 0, $we: 1000 },
    ]);
    expect(out.records[0].eventTime).toBe(999);
  });

  it('puts a record at exactly the window end into the next window', () => {
    const { op, out } = tumbling();
    op.processBatch([rec({ k: 'a', v: d('1') }, 1000)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records)).toEqual([{ $g0: 'a', $a0: 1, $a1: '1', $ws: 1000, $we: 2000 }]);
  });

  it('emits nothing for empty windows and closes windows in order', () => {
    const { op, out } = tumbling();
    op.processBatch([rec({ k: 'a', v: d('1') }, 3500), rec({ k: 'a', v: d('2') }, 500)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records).map((r) => r.$ws)).toEqual([0, 3000]);
  });

  it('sends late records to the dead letters with the reason', () => {
    const { op, out, ctx } = tumbling();
    op.processBatch([rec({ k: 'a', v: d('1') }, 1500)], 0);
    op.onWatermark(1500, 0);
    op.processBatch([rec({ k: 'a', v: d('5') }, 200)], 0);
    expect(ctx.late).toBe(1);
    expect(ctx.deadLetters.map((x) => x.reason)).toEqual([
      'late record: event time 1970-01-01T00:00:00.200Z is behind the watermark 1970-01-01T00:00:01.500Z',
    ]);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records)).toEqual([{ $g0: 'a', $a0: 1, $a1: '1', $ws: 1000, $we: 2000 }]);
  });

  it("counts but does not dead-letter late records with 'late.policy'='drop'", () => {
    const { op, ctx } = tumbling('final', 'drop');
    op.onWatermark(5000, 0);
    op.processBatch([rec({ k: 'a', v: d('1') }, 200)], 0);
    expect(ctx.late).toBe(1);
    expect(ctx.deadLetters).toEqual([]);
  });

  it('EMIT CHANGES emits the updated row per record and nothing at close', () => {
    const { op, out } = tumbling('changes');
    op.processBatch([rec({ k: 'a', v: d('1') }, 0), rec({ k: 'a', v: d('2') }, 10)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records).map((r) => [r.$a0, r.$a1])).toEqual([
      [1, '1'],
      [2, '3'],
    ]);
  });

  it('skips NULL arguments and groups NULL keys together', () => {
    const { op, out } = tumbling();
    op.processBatch(
      [rec({ k: null, v: null }, 0), rec({ k: null, v: d('1') }, 1), rec({ k: 'a', v: null }, 2)],
      0,
    );
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records)).toEqual([
      { $g0: null, $a0: 2, $a1: '1', $ws: 0, $we: 1000 },
      { $g0: 'a', $a0: 1, $a1: null, $ws: 0, $we: 1000 },
    ]);
  });

  it('restores from a snapshot and continues with the same output', () => {
    const input = [0, 400, 1200, 1900, 2500, 3100].map((t, i) =>
      rec({ k: i % 2 ? 'a' : 'b', v: d(`${i}.5`) }, t),
    );
    const one = tumbling();
    for (const r of input) {
      one.op.processBatch([r], 0);
      one.op.onWatermark(r.eventTime, 0);
    }
    one.op.onWatermark(Number.POSITIVE_INFINITY, 0);

    const first = tumbling();
    for (const r of input.slice(0, 3)) {
      first.op.processBatch([r], 0);
      first.op.onWatermark(r.eventTime, 0);
    }
    const snap = JSON.parse(JSON.stringify(first.op.onCheckpoint()));
    const second = tumbling();
    second.op.restore(snap);
    for (const r of input.slice(3)) {
      second.op.processBatch([r], 0);
      second.op.onWatermark(r.eventTime, 0);
    }
    second.op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows([...first.out.records, ...second.out.records])).toEqual(rows(one.out.records));
  });
});

describe('sliding window aggregation', () => {
  it('assigns a record to every window containing it', () => {
    const ctx = createRuntimeContext(() => 0);
    const op = new WindowAggregateOperator({
      grouping: byK(),
      window: { kind: 'sliding', size: 1000, slide: 500, gap: 0 },
      emit: 'final',
      sourceId: 'in',
      latePolicy: 'dlq',
      ctx,
    });
    const out = collector();
    op.onStart(out);
    op.processBatch([rec({ k: 'a', v: d('1') }, 700)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records).map((r) => [r.$ws, r.$we])).toEqual([
      [0, 1000],
      [500, 1500],
    ]);
  });
});

describe('session window aggregation', () => {
  function session() {
    const ctx = createRuntimeContext(() => 0);
    const op = new SessionAggregateOperator({
      grouping: byK(),
      gap: 1000,
      emit: 'final',
      sourceId: 'in',
      latePolicy: 'dlq',
      ctx,
    });
    const out = collector();
    op.onStart(out);
    return { op, out, ctx };
  }

  it('extends a session by events within the gap and starts a new one after it', () => {
    const { op, out } = session();
    op.processBatch(
      [
        rec({ k: 'a', v: d('1') }, 0),
        rec({ k: 'a', v: d('1') }, 1000),
        rec({ k: 'a', v: d('1') }, 2001),
      ],
      0,
    );
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records).map((r) => [r.$a0, r.$ws, r.$we])).toEqual([
      [2, 0, 2000],
      [1, 2001, 3001],
    ]);
  });

  it('merges two sessions bridged by an out-of-order event', () => {
    const { op, out } = session();
    op.processBatch([rec({ k: 'a', v: d('1') }, 0), rec({ k: 'a', v: d('2') }, 1800)], 0);
    op.processBatch([rec({ k: 'a', v: d('4') }, 900)], 0);
    op.onWatermark(Number.POSITIVE_INFINITY, 0);
    expect(rows(out.records)).toEqual([{ $g0: 'a', $a0: 3, $a1: '7', $ws: 0, $we: 2800 }]);
  });

  it('closes sessions per key independently', () => {
    const { op, out } = session();
    op.processBatch([rec({ k: 'a', v: d('1') }, 0), rec({ k: 'b', v: d('1') }, 5000)], 0);
    op.onWatermark(1000, 0);
    expect(rows(out.records).map((r) => r.$g0)).toEqual(['a']);
  });
});
