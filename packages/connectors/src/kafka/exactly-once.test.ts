/** Matching checkpoint positions against the offsets an exactly-once sink's transactions committed. */
import { describe, expect, it } from 'vitest';
import { positionsCommitted, transactionOffsets } from './exactly-once.ts';

const positions = {
  "'kafka://b:9092/orders'": { topic: 'orders', offsets: { 0: '10', 1: '3' } },
  "'file:///x.jsonl'": { file: '/x.jsonl', line: 4 },
  later: undefined,
};

describe('exactly-once offsets', () => {
  it('takes the Kafka positions of a checkpoint as transaction offsets, others not', () => {
    expect(transactionOffsets(positions)).toEqual([
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: '10' },
          { partition: 1, offset: '3' },
        ],
      },
    ]);
  });

  it('matches only when every position equals the committed offset', () => {
    const committed = new Map([
      ['orders/0', '10'],
      ['orders/1', '3'],
    ]);
    expect(positionsCommitted(positions, committed)).toBe(true);
    expect(positionsCommitted(positions, new Map([...committed, ['orders/1', '4']]))).toBe(false);
    // a partition the checkpoint never read but a later transaction committed
    expect(positionsCommitted(positions, new Map([...committed, ['orders/2', '1']]))).toBe(false);
    expect(positionsCommitted(positions, new Map([...committed, ['orders/2', '-1']]))).toBe(true);
    // nothing committed yet: only a checkpoint that read nothing matches
    expect(positionsCommitted(positions, new Map())).toBe(false);
    expect(positionsCommitted({ s: { topic: 'orders', offsets: {} } }, new Map())).toBe(true);
  });
});
