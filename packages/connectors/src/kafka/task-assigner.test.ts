import { describe, expect, it } from 'vitest';
import { assignTaskPartitions, decodeTaskMember, encodeTaskMember } from './task-assigner.ts';

const task = (index: number, epoch = 1) => ({ index, count: 3, epoch });

describe('the task partition assigner', () => {
  it('gives task i the partitions p % N == i of each topic, whatever the member ids and order', () => {
    const partitions = { a: [5, 4, 3, 2, 1, 0], b: [0, 1] };
    const one = assignTaskPartitions(
      [
        { memberId: 'z', task: task(0) },
        { memberId: 'm', task: task(1) },
        { memberId: 'a', task: task(2) },
      ],
      partitions,
    );
    expect(Object.fromEntries(one)).toEqual({
      z: { a: [0, 3], b: [0] },
      m: { a: [1, 4], b: [1] },
      a: { a: [2, 5] },
    });
    // other member ids, another join order: the same partitions per task (sticky)
    const two = assignTaskPartitions(
      [
        { memberId: 'q', task: task(2) },
        { memberId: 'r', task: task(0) },
        { memberId: 'p', task: task(1) },
      ],
      partitions,
    );
    expect(Object.fromEntries(two)).toEqual({
      q: { a: [2, 5] },
      r: { a: [0, 3], b: [0] },
      p: { a: [1, 4], b: [1] },
    });
  });

  it('leaves a missing task’s partitions unassigned and gives a duplicated task to its newer claim', () => {
    const out = assignTaskPartitions(
      [
        { memberId: 'old', task: task(1, 4) },
        { memberId: 'new', task: task(1, 5) },
        { memberId: 'zero', task: task(0) },
        { memberId: 'stranger', task: null },
      ],
      { a: [0, 1, 2, 3, 4, 5] },
    );
    expect(Object.fromEntries(out)).toEqual({
      old: {},
      new: { a: [1, 4] },
      zero: { a: [0, 3] },
      stranger: {},
    });
  });

  it('round-trips the member userData and rejects garbage', () => {
    expect(decodeTaskMember(encodeTaskMember({ index: 2, count: 3, epoch: 7 }))).toEqual({
      index: 2,
      count: 3,
      epoch: 7,
    });
    expect(decodeTaskMember(Buffer.from('nope'))).toBeNull();
    expect(decodeTaskMember(null)).toBeNull();
  });
});
