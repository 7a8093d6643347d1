import { describe, expect, it } from 'vitest';
import {
  groupingKeyOf,
  internalSourceUri,
  partitionOfKey,
  repartitionTopic,
} from './repartition.ts';

const plan = {
  sourceUri: 'kafka://127.0.0.1:9092/orders?group_id=g1&event.time.field=ts',
  keyPaths: [['customer'], ['device', 'id']],
};

describe('repartitioning', () => {
  it('keys a JSON value by its grouping fields, equal values (10.50, 10.5) alike', () => {
    const key = (json: string) => groupingKeyOf(Buffer.from(json), plan.keyPaths);
    expect(key('{"customer":"c1","device":{"id":10.50},"x":1}')).toBe('["c1",10.5]');
    expect(key('{"Customer":"c1","device":{"id":10.5}}')).toBe('["c1",10.5]');
    expect(key('{"device":null}')).toBe('[null,null]');
    expect(key('not json')).toBe('');
    expect(groupingKeyOf(null, plan.keyPaths)).toBe('[null,null]');
  });

  it('sends a key always to the same partition, spreading keys over all of them', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const p = partitionOfKey(`["c${i}"]`, 3);
      expect(partitionOfKey(`["c${i}"]`, 3)).toBe(p);
      seen.add(p);
    }
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('names the internal topic by job, key and parallelism, read from the start by the task group', () => {
    const topic = repartitionTopic('job1', plan, 3);
    expect(topic).toMatch(/^velo-job1-rp-[0-9a-f]{8}-n3$/);
    expect(repartitionTopic('job1', { ...plan, keyPaths: [['other']] }, 3)).not.toBe(topic);
    expect(internalSourceUri(plan, topic)).toBe(
      `kafka://127.0.0.1:9092/${topic}?event.time.field=ts&offset=earliest`,
    );
  });
});
