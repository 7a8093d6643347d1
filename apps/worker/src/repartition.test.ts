import { describe, expect, it } from 'vitest';
import {
  forwarderGroup,
  groupingKeyOf,
  internalInputs,
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

  it('keys both sides of a join alike when their join fields are equal', () => {
    const order = groupingKeyOf(Buffer.from('{"id":7,"customer":"c1","n":2.50}'), [
      ['customer'],
      ['n'],
    ]);
    const payment = groupingKeyOf(Buffer.from('{"ref":"c1","count":2.5}'), [['ref'], ['count']]);
    expect(order).toBe('["c1",2.5]');
    expect(payment).toBe(order);
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
    // a join's second side has a topic of its own, even keyed by the same field names
    expect(repartitionTopic('job1', plan, 3, 1)).toMatch(/^velo-job1-rp-[0-9a-f]{8}-n3$/);
    expect(repartitionTopic('job1', plan, 3, 1)).not.toBe(topic);
    expect(internalSourceUri(plan, topic)).toBe(
      `kafka://127.0.0.1:9092/${topic}?event.time.field=ts&offset=earliest`,
    );
  });

  it('gives each side of a join its own topic and its own stage-1 group', () => {
    const side = (uri: string) => ({ sourceUri: uri, keyPaths: [['customer']] });
    const inputs = (a: string, b: string) => internalInputs('j', { inputs: [side(a), side(b)] }, 2);
    const plain = inputs('kafka://b:9092/orders', 'kafka://b:9092/payments');
    expect(new Set(plain.map((i) => i.topic)).size).toBe(2);
    expect(plain.map((i) => i.uri.split('?')[0])).toEqual(
      plain.map((i) => `kafka://b:9092/${i.topic}`),
    );
    expect([0, 1].map((i) => forwarderGroup('j', plain, i))).toEqual([
      'velo-job-j-rp',
      'velo-job-j-rp-1',
    ]);
    const same = inputs('kafka://b:9092/orders?group_id=g', 'kafka://b:9092/payments?group_id=g');
    expect([0, 1].map((i) => forwarderGroup('j', same, i))).toEqual(['g', 'g-1']);
    const own = inputs('kafka://b:9092/orders?group_id=g', 'kafka://b:9092/payments?group_id=h');
    expect([0, 1].map((i) => forwarderGroup('j', own, i))).toEqual(['g', 'h']);
    expect(internalInputs('j', null, 2)).toEqual([]);
  });
});
