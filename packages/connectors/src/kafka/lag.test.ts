/**
 * KafkaLagProbe's rate limit: a measurement that could not tell the lag in seconds (nothing
 * assigned yet, or nothing read from a lagging partition) is retried at the next call instead
 * of being reported for the whole interval. The admin is a stub: only its offsets matter here
 * (lag.integration.test.ts measures against the real broker).
 */
import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaLagProbe, type PartitionReadState } from './lag.ts';

function stubAdmin(high: number, calls: { n: number }): Admin {
  return {
    fetchTopicOffsets: async () => {
      calls.n++;
      return [{ partition: 0, offset: String(high), high: String(high), low: '0' }];
    },
    // Every time has a message at offset 0 (< high): the newest lies at the search's top.
    fetchTopicOffsetsByTimestamp: async () => [{ partition: 0, offset: '0' }],
  } as unknown as Admin;
}

describe('KafkaLagProbe', () => {
  it('measures again at the next call until the lag in seconds is known', async () => {
    const calls = { n: 0 };
    let now = 1_000_000;
    const probe = new KafkaLagProbe(
      async () => stubAdmin(100, calls),
      't',
      5000,
      () => now,
    );
    // Not assigned yet: nothing to report, and no wait before the next try.
    expect(await probe.measure(new Map())).toEqual([]);
    // Assigned and lagging, but nothing read yet: records known, seconds not.
    const unread = new Map<number, PartitionReadState>([[0, { next: 40 }]]);
    expect(await probe.measure(unread)).toEqual([{ partition: '0', records: 60, seconds: 0 }]);
    now += 1000;
    const read = new Map<number, PartitionReadState>([
      [0, { next: 50, lastTimestamp: now - 3000 }],
    ]);
    const measured = await probe.measure(read);
    expect(calls.n).toBe(3);
    expect(measured[0].records).toBe(50);
    expect(measured[0].seconds).toBeGreaterThan(0);
    // A complete measurement holds for the interval.
    now += 1000;
    expect(await probe.measure(read)).toBe(measured);
    expect(calls.n).toBe(3);
    now += 5000;
    await probe.measure(read);
    expect(calls.n).toBe(4);
  });
});
