import { describe, expect, it } from 'vitest';
import { createRuntimeContext } from '../exec/context.ts';
import { Decimal } from '../types/decimal.ts';
import { Timestamp } from '../types/value.ts';
import { type FrameSpec, type OverFunctionSpec, OverWindowOperator } from './over-window.ts';
import { collector, rec, rows } from './test-helpers.ts';

const v = (r: { fields: Record<string, unknown> }) => r.fields.v as never;

function run(
  functions: Omit<OverFunctionSpec, 'field'>[],
  frame: FrameSpec,
  input: number[][],
  orderDesc = false,
) {
  const ctx = createRuntimeContext(() => 0);
  const op = new OverWindowOperator({
    partitionBy: [(r) => r.fields.p],
    orderBy: [{ expr: (r) => r.fields.t, desc: orderDesc, nullsFirst: false }],
    frame,
    functions: functions.map((f, i) => ({ ...f, field: `$w${i}` })),
    sourceId: 'in',
    ctx,
  });
  const out = collector();
  op.onStart(out);
  for (const [p, t, x] of input) {
    op.processBatch([rec({ p: `p${p}`, t: new Timestamp(t), v: Decimal.parse(String(x)) }, t)], 0);
  }
  op.onEnd(0);
  return rows(out.records);
}

const fn = (name: string, args: OverFunctionSpec['args'] = [v]) => ({
  name,
  args,
  argType: 'DECIMAL' as const,
  distinct: false,
});
const running: FrameSpec = {
  unit: 'range',
  start: { type: 'unbounded_preceding' },
  end: { type: 'current' },
};

describe('window functions OVER', () => {
  it('ROW_NUMBER, RANK, DENSE_RANK with peers', () => {
    const r = run([fn('ROW_NUMBER', []), fn('RANK', []), fn('DENSE_RANK', [])], running, [
      [1, 10, 1],
      [1, 20, 1],
      [1, 20, 1],
      [1, 30, 1],
    ]);
    expect(r.map((x) => [x.$w0, x.$w1, x.$w2])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 2, 2],
      [4, 4, 3],
    ]);
  });

  it('LAG and LEAD per partition (LEAD waits for the next row)', () => {
    const r = run([fn('LAG'), fn('LEAD')], running, [
      [1, 1, 10],
      [2, 2, 20],
      [1, 3, 11],
    ]);
    expect(r.map((x) => [x.p, x.$w0, x.$w1])).toEqual([
      ['p1', null, '11'],
      ['p1', '10', null],
      ['p2', null, null],
    ]);
  });

  it('running SUM and a ROWS frame', () => {
    const input = [
      [1, 1, 1],
      [1, 2, 2],
      [1, 3, 3],
      [1, 4, 4],
    ];
    expect(run([fn('SUM')], running, input).map((x) => x.$w0)).toEqual(['1', '3', '6', '10']);
    const rows2: FrameSpec = {
      unit: 'rows',
      start: { type: 'preceding', offset: 1 },
      end: { type: 'current' },
    };
    expect(run([fn('SUM')], rows2, input).map((x) => x.$w0)).toEqual(['1', '3', '5', '7']);
  });

  it('RANGE BETWEEN INTERVAL 1 HOUR PRECEDING AND CURRENT ROW', () => {
    const h = 3_600_000;
    const frame: FrameSpec = {
      unit: 'range',
      start: { type: 'preceding', offset: h },
      end: { type: 'current' },
    };
    const r = run([fn('SUM'), fn('COUNT', [])], frame, [
      [1, 0, 1],
      [1, h, 2],
      [1, h + 1, 4],
      [1, 3 * h, 8],
    ]);
    expect(r.map((x) => [x.$w0, x.$w1])).toEqual([
      ['1', 1],
      ['3', 2],
      ['6', 2],
      ['8', 1],
    ]);
  });

  it('FIRST_VALUE, LAST_VALUE, NTH_VALUE and the distribution functions over the whole partition', () => {
    const lit = (n: bigint) => () => n;
    const r = run(
      [
        fn('FIRST_VALUE'),
        fn('LAST_VALUE'),
        fn('NTH_VALUE', [v, lit(2n)]),
        fn('PERCENT_RANK', []),
        fn('CUME_DIST', []),
        fn('NTILE', [lit(2n)]),
      ],
      running,
      [
        [1, 1, 5],
        [1, 2, 6],
        [1, 3, 7],
      ],
    );
    expect(r.map((x) => [x.$w0, x.$w1, x.$w2, x.$w3, x.$w4, x.$w5])).toEqual([
      ['5', '5', null, 0, 1 / 3, 1],
      ['5', '6', '6', 0.5, 2 / 3, 1],
      ['5', '7', '6', 1, 1, 2],
    ]);
  });
});

describe('window function state trimming', () => {
  it('long partitions give the same frames as a brute-force computation', () => {
    const n = 600;
    const input: number[][] = [];
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += (i * 7919) % 5 === 0 ? 0 : ((i * 104729) % 900) + 1;
      input.push([i % 3, t, (i * 31) % 17]);
    }
    const hour = 1500;
    const rangeFrame: FrameSpec = {
      unit: 'range',
      start: { type: 'preceding', offset: hour },
      end: { type: 'current' },
    };
    const rowsFrame: FrameSpec = {
      unit: 'rows',
      start: { type: 'preceding', offset: 3 },
      end: { type: 'current' },
    };
    const got = run([fn('SUM'), fn('COUNT', []), fn('LAG')], rangeFrame, input);
    const gotRows = run([fn('SUM')], rowsFrame, input);
    const byP = new Map<string, number[][]>();
    const expected: unknown[][] = [];
    const expectedRows: unknown[] = [];
    for (const row of input) {
      const p = `p${row[0]}`;
      const list = byP.get(p) ?? [];
      list.push(row);
      byP.set(p, list);
      // RANGE: rows of the partition so far with t in [t - hour, t] (peers that arrived count).
      const inFrame = list.filter((r) => r[1] >= row[1] - hour && r[1] <= row[1]);
      const prev = list.length > 1 ? String(list[list.length - 2][2]) : null;
      expected.push([p, String(inFrame.reduce((s, r) => s + r[2], 0)), inFrame.length, prev]);
      expectedRows.push(String(list.slice(-4).reduce((s, r) => s + r[2], 0)));
    }
    expect(got.map((x) => [x.p, x.$w0, x.$w1, x.$w2])).toEqual(expected);
    expect(gotRows.map((x) => x.$w0)).toEqual(expectedRows);
  });
});

describe('ORDER BY ASC and DESC with ROWS and RANGE frames', () => {
  // Partition p1 in event-time order; two peers at t = 2000.
  const input = [
    [1, 1000, 1],
    [1, 2000, 2],
    [1, 2000, 3],
    [1, 4000, 4],
    [1, 7000, 5],
  ];
  const frame = (unit: FrameSpec['unit'], start: FrameSpec['start'], end: FrameSpec['end']) => ({
    unit,
    start,
    end,
  });
  const current = { type: 'current' } as const;
  const rows1 = frame('rows', { type: 'preceding', offset: 1 }, current);
  const range2s = frame('range', { type: 'preceding', offset: 2000 }, current);
  const range2sFollowing = frame('range', current, { type: 'following', offset: 2000 });
  const tv = (r: Record<string, unknown>[]) => r.map((x) => [(x.t as Timestamp).ms, x.$w0]);
  const ts = (ms: number) => ms;

  it('ASC ROWS 1 PRECEDING', () => {
    expect(run([fn('SUM')], rows1, input).map((x) => x.$w0)).toEqual(['1', '3', '5', '7', '9']);
  });

  it('ASC RANGE INTERVAL PRECEDING counts the peers that have arrived (emitted at once)', () => {
    expect(run([fn('SUM')], range2s, input).map((x) => x.$w0)).toEqual(['1', '3', '6', '9', '5']);
    expect(run([fn('SUM')], running, input).map((x) => x.$w0)).toEqual(['1', '3', '6', '10', '15']);
  });

  it('ASC RANGE … INTERVAL FOLLOWING waits for the rows it needs', () => {
    expect(run([fn('SUM')], range2sFollowing, input).map((x) => x.$w0)).toEqual([
      '6',
      '9',
      '9',
      '4',
      '5',
    ]);
  });

  it('DESC ROWS 1 PRECEDING: the preceding row is the next larger value', () => {
    expect(tv(run([fn('SUM')], rows1, input, true))).toEqual([
      [ts(7000), '5'],
      [ts(4000), '9'],
      [ts(2000), '6'],
      [ts(2000), '5'],
      [ts(1000), '4'],
    ]);
  });

  it('DESC RANGE INTERVAL PRECEDING covers [t, t + interval], peers included', () => {
    expect(tv(run([fn('SUM')], range2s, input, true))).toEqual([
      [ts(7000), '5'],
      [ts(4000), '4'],
      [ts(2000), '9'],
      [ts(2000), '9'],
      [ts(1000), '6'],
    ]);
    const r = run([fn('FIRST_VALUE'), fn('LAST_VALUE'), fn('COUNT', [])], range2s, input, true);
    expect(r.map((x) => [x.$w0, x.$w1, x.$w2])).toEqual([
      ['5', '5', 1],
      ['4', '4', 1],
      ['4', '3', 3],
      ['4', '3', 3],
      ['2', '1', 3],
    ]);
  });

  it('DESC RANGE … INTERVAL FOLLOWING covers [t - interval, t]', () => {
    expect(run([fn('SUM')], range2sFollowing, input, true).map((x) => x.$w0)).toEqual([
      '5',
      '9',
      '6',
      '6',
      '1',
    ]);
  });

  it('DESC default frame and ranking', () => {
    const r = run(
      [fn('SUM'), fn('ROW_NUMBER', []), fn('RANK', []), fn('DENSE_RANK', []), fn('LAG')],
      running,
      input,
      true,
    );
    expect(r.map((x) => [x.$w0, x.$w1, x.$w2, x.$w3, x.$w4])).toEqual([
      ['5', 1, 1, 1, null],
      ['9', 2, 2, 2, '5'],
      ['14', 3, 3, 3, '4'],
      ['14', 4, 3, 3, '2'],
      ['15', 5, 5, 4, '3'],
    ]);
  });
});
