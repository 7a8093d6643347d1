/**
 * Kafka positions against the real broker: a committed position resumes with nothing lost
 * and nothing read twice, `resumeFrom` seeks, and a consumer-group rebalance in the middle of
 * a run loses nothing.
 */
import type { EngineRecord } from '@velo/engine';
import type { Source } from '@velo/runtime';
import { afterAll, expect, it } from 'vitest';
import { createSource } from '../registry.ts';
import type { KafkaPosition } from './source.ts';
import {
  BROKERS,
  createTopic,
  deleteTopic,
  produce,
  readUntil,
  uniqueName,
} from './test-support.ts';

const topics: string[] = [];
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

async function seeded(prefix: string, partitions: number, count: number, from = 0) {
  const topic = await createTopic(prefix, partitions);
  topics.push(topic);
  await produce(
    topic,
    Array.from({ length: count }, (_, i) => ({
      partition: (from + i) % partitions,
      value: `{"n":${from + i}}`,
    })),
  );
  return topic;
}

const ids = (records: EngineRecord[]) => records.map((r) => Number(r.fields.n));
const sorted = (ns: number[]) => [...ns].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

it('resumes from a committed position: nothing lost, nothing read twice', async () => {
  const topic = await seeded('velo-resume', 2, 100);
  const group = uniqueName('g');
  const uri = `kafka://${BROKERS}/${topic}?group_id=${group}`;
  const first = await createSource(uri);
  const committed: number[] = [];
  let position: unknown;
  while (committed.length < 40) {
    const batch = await first.readBatch(10);
    committed.push(...ids(batch.records));
    position = batch.position;
  }
  await first.commit(position);
  // read on without committing: these must be read again after the restart
  const uncommitted = await readUntil(first, 10);
  expect(uncommitted.records.length).toBeGreaterThanOrEqual(10);
  await first.close();

  const second = await createSource(uri);
  const rest = await readUntil(second, 100 - committed.length);
  await second.close();
  expect(sorted([...committed, ...ids(rest.records)])).toEqual(range(100));
  expect(rest.position).toEqual({ topic, offsets: { '0': '50', '1': '50' } });

  // resumeFrom seeks a fresh group to the checkpointed position
  const third = await createSource(`kafka://${BROKERS}/${topic}?group_id=${uniqueName('g')}`, {
    resumeFrom: position,
  });
  const again = await readUntil(third, 100 - committed.length);
  await third.close();
  expect(sorted(ids(again.records))).toEqual(sorted(ids(rest.records)));
  const p = position as KafkaPosition;
  expect(Number(p.offsets['0'] ?? 0) + Number(p.offsets['1'] ?? 0)).toBe(committed.length);
});

it('loses nothing when a second consumer joins the group mid-run (rebalance)', async () => {
  const partitions = 4;
  const total = 2000;
  const topic = await seeded('velo-rebalance', partitions, 1000);
  const uri = `kafka://${BROKERS}/${topic}?group_id=${uniqueName('g')}`;
  const seen: number[][] = [[], []];
  let stop = false;
  const consume = async (source: Source, into: number[]) => {
    while (!stop) {
      const batch = await source.readBatch(50);
      into.push(...ids(batch.records));
      // every batch is "checkpointed" at once: commit its position
      await source.commit(batch.position);
    }
  };
  const a = await createSource(uri);
  const runA = consume(a, seen[0]);
  const deadline = Date.now() + 60_000;
  while (seen[0].length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const b = await createSource(uri);
  const runB = consume(b, seen[1]);
  // more records arrive while the group rebalances
  await produce(
    topic,
    Array.from({ length: 1000 }, (_, i) => ({
      partition: i % partitions,
      value: `{"n":${1000 + i}}`,
    })),
  );
  const covered = () => new Set([...seen[0], ...seen[1]]).size;
  while (covered() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  stop = true;
  await Promise.all([runA, runB]);
  await Promise.all([a.close(), b.close()]);
  expect(sorted([...new Set([...seen[0], ...seen[1]])])).toEqual(range(total));
  // both members got partitions after the rebalance
  expect(seen[1].length).toBeGreaterThan(0);
  // one member never hands out a record twice (kept partitions are sought, not refetched)
  expect(new Set(seen[0]).size).toBe(seen[0].length);
  expect(new Set(seen[1]).size).toBe(seen[1].length);
}, 90_000);
