/**
 * Consumer lag of a Kafka source against the real broker: records not yet handed out, and
 * seconds between the newest unread message and the last one read (message timestamps set
 * by the producer, one a second).
 */
import type { Source } from '@velo/runtime';
import { afterAll, expect, it } from 'vitest';
import { createSource } from '../registry.ts';
import {
  BROKERS,
  createTopic,
  deleteTopic,
  produce,
  readUntil,
  uniqueName,
} from './test-support.ts';

const topics: string[] = [];
const sources: Source[] = [];
afterAll(async () => {
  await Promise.all(sources.map((s) => s.close()));
  await Promise.all(topics.map(deleteTopic));
});

it('reports the lag in records and in seconds, and 0 once caught up', async () => {
  const topic = await createTopic('velo-lag', 1);
  topics.push(topic);
  const t0 = Date.now() - 3600_000; // an hour ago, one message a second
  await produce(
    topic,
    Array.from({ length: 100 }, (_, i) => ({
      value: `{"n":${i}}`,
      timestamp: String(t0 + i * 1000),
    })),
  );
  const source = await createSource(
    `kafka://${BROKERS}/${topic}?group_id=${uniqueName('g')}&offset=earliest`,
  );
  sources.push(source);
  let read = 0;
  for (let tries = 0; read === 0 && tries < 100; tries++)
    read += (await source.readBatch(10)).records.length;
  expect(read).toBeGreaterThan(0);
  expect(read).toBeLessThan(100);
  const lag = await source.lag?.();
  expect(lag).toHaveLength(1);
  expect(lag?.[0].partition).toBe('0');
  expect(lag?.[0].records).toBe(100 - read);
  // newest unread: message 99; last read: message read-1 → (99 - (read - 1)) seconds, to 0.1 s
  expect(lag?.[0].seconds).toBeCloseTo(99 - (read - 1), 0);
}, 60_000);

it('is 0 records and 0 seconds when everything was read', async () => {
  const topic = await createTopic('velo-lag-done', 1);
  topics.push(topic);
  await produce(
    topic,
    Array.from({ length: 5 }, (_, i) => ({ value: `{"n":${i}}` })),
  );
  const source = await createSource(
    `kafka://${BROKERS}/${topic}?group_id=${uniqueName('g')}&offset=earliest`,
  );
  sources.push(source);
  await readUntil(source, 5);
  expect(await source.lag?.()).toEqual([{ partition: '0', records: 0, seconds: 0 }]);
}, 60_000);
