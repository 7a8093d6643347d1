import { Decimal } from '@velo/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseStep, divideHalfEven, mergeTaskSeries } from './get-metric-series.ts';

describe('metric series arithmetic', () => {
  it('averages whole numbers exactly as the engine divides (scale 6, half-even)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 3600n }),
        (sum, count) => {
          const engine = Decimal.fromBigInt(sum)
            .div(Decimal.fromBigInt(count))
            .normalize()
            .toString();
          expect(divideHalfEven(sum, count)).toBe(engine);
        },
      ),
      { numRuns: 5000 },
    );
    expect(divideHalfEven(9n, 2n)).toBe('4.5');
    expect(divideHalfEven(1n, 3n)).toBe('0.333333');
    expect(divideHalfEven(5n, 16_000_000n)).toBe('0');
    expect(divideHalfEven(-1n, 3n)).toBe('-0.333333');
  });

  it('picks nice steps within the point cap', () => {
    expect(chooseStep(600, undefined, 1)).toBe(1);
    expect(chooseStep(3600, undefined, 1)).toBe(5);
    expect(chooseStep(3600, 10, 1)).toBe(10);
    expect(chooseStep(24 * 3600, undefined, 60)).toBe(60);
    expect(chooseStep(30 * 24 * 3600, undefined, 60)).toBe(1800);
  });
});

describe('series of the tasks of a parallel job', () => {
  it('sums counters and state, takes the worst latency, keeps user metrics per task', () => {
    const s = (name: string, labels: Record<string, string>, values: (string | null)[]) => ({
      name,
      labels,
      values,
    });
    expect(
      mergeTaskSeries([
        s('records_in', { task: '0' }, ['1.5', null, '2']),
        s('records_in', { task: '1' }, ['2.5', '3', null]),
        s('records_in', {}, ['0.25', null, null]),
        s('consumer_lag', { partition: 't/0', task: '0' }, ['7']),
        s('consumer_lag', { partition: 't/1', task: '1' }, ['9']),
        s('processing_latency_p99_ms', { task: '0' }, ['3.5', '1']),
        s('processing_latency_p99_ms', { task: '1' }, ['12', null]),
        s('user:big', { task: '0' }, ['1']),
        s('user:big', { task: '1' }, ['2']),
      ]),
    ).toEqual([
      s('records_in', {}, ['4.25', '3', '2']),
      s('consumer_lag', { partition: 't/0' }, ['7']),
      s('consumer_lag', { partition: 't/1' }, ['9']),
      s('processing_latency_p99_ms', {}, ['12', '1']),
      s('user:big', { task: '0' }, ['1']),
      s('user:big', { task: '1' }, ['2']),
    ]);
  });
});
