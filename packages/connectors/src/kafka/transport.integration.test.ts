/**
 * The sink's producer clients against the real broker: @platformatic/kafka (the default) and
 * kafkajs write the same messages — value, key, headers, timestamp — and put every key on the
 * same partition, so switching `producer.client` never reorders a key's records.
 */
import type { EngineRecord } from '@velo/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createSink } from '../registry.ts';
import { BROKERS, consumeAll, createTopic, deleteTopic } from './test-support.ts';

const topics: string[] = [];
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

const N = 300;
const records: EngineRecord[] = Array.from({ length: N }, (_, i) => ({
  fields: { _key: `customer-${i % 37}`, id: BigInt(i), note: `n${i}` },
  headers: { trace: `t-${i}`, source: 'velo' },
  timestamp: 1_700_000_000_000 + i,
  eventTime: 1_700_000_000_000 + i,
}));

async function writeWith(client: 'platformatic' | 'kafkajs') {
  const topic = await createTopic(`velo-transport-${client}`, 6);
  topics.push(topic);
  const sink = await createSink(`kafka://${BROKERS}/${topic}?producer.client=${client}`);
  await sink.writeBatch(['_key', 'id', 'note'], records.slice(0, 150));
  await sink.writeBatch(['_key', 'id', 'note'], records.slice(150));
  await sink.close();
  const read = await consumeAll(topic, N);
  // per partition, in offset order, the records keep their write order
  for (let p = 0; p < 6; p++) {
    const ids = read.filter((m) => m.partition === p).map((m) => JSON.parse(String(m.value)).id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  }
  return read
    .map((m) => ({
      partition: m.partition,
      key: m.key,
      value: m.value?.toString('utf8'),
      headers: m.headers,
    }))
    .sort((a, b) => JSON.parse(a.value ?? '{}').id - JSON.parse(b.value ?? '{}').id);
}

describe('kafka sink producer clients', () => {
  it('platformatic and kafkajs write the same messages to the same partitions', async () => {
    const [fast, reference] = await Promise.all([writeWith('platformatic'), writeWith('kafkajs')]);
    expect(fast).toHaveLength(N);
    expect(fast[7]).toEqual({
      partition: reference[7].partition,
      key: 'customer-7',
      value: '{"id":7,"note":"n7"}',
      headers: { trace: 't-7', source: 'velo' },
    });
    expect(fast).toEqual(reference);
    // 37 keys over 6 partitions: the partitioner really spreads them
    expect(new Set(fast.map((m) => m.partition)).size).toBe(6);
  });
});
