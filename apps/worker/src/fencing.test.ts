import { describe, expect, it } from 'vitest';
import { FencedError } from './checkpoint-store.ts';
import { fenceSink, LeaseClock } from './fencing.ts';

describe('lease clock', () => {
  it('holds for the lease minus the margin after a renewal, then fences writes', async () => {
    let now = 0;
    const clock = new LeaseClock(10_000, () => now);
    const written: number[] = [];
    const sink = fenceSink(
      {
        uri: 'memory:',
        writeBatch: async (_c, records) => {
          written.push(records.length);
        },
        flush: async () => undefined,
        close: async () => undefined,
      },
      clock,
    );
    now = 7_999;
    await sink.writeBatch([], [{ fields: {}, eventTime: 0 }]);
    clock.renewed(7_000);
    now = 14_999;
    expect(clock.held).toBe(true);
    now = 15_000;
    expect(clock.held).toBe(false);
    await expect(sink.writeBatch([], [{ fields: {}, eventTime: 0 }])).rejects.toBeInstanceOf(
      FencedError,
    );
    await expect(sink.flush()).rejects.toThrow('lease lost; refusing to flush memory:');
    expect(written).toEqual([1]);
  });

  it('never holds again once lost', () => {
    let now = 0;
    const clock = new LeaseClock(10_000, () => now);
    clock.markLost();
    clock.renewed(now);
    expect(clock.held).toBe(false);
    now = 1;
    expect(clock.held).toBe(false);
  });
});
