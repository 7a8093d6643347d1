/**
 * Kafka → filter/project → Kafka with `'delivery' = 'exactly_once'` under kill -9 of the owning
 * worker while records arrive (real worker processes, the real broker): read with
 * read_committed, the output holds every input exactly once — 0 lost, 0 duplicates. The output
 * written after the last checkpoint sits in a transaction that the next owner aborts (fencing
 * the dead one by producer epoch) and produces again from the matching checkpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTopic,
  deleteTopic,
  kafka,
  produce,
  uniqueName,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const LEASE_MS = 3000;
const TOTAL = 8000;
const workers: WorkerProcess[] = [];
const topics: string[] = [];
let teamId: string;

beforeAll(async () => {
  teamId = await createTeam();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const topic of topics) await deleteTopic(topic);
  await prisma.$disconnect();
});

/** Every id read with read_committed (kafkajs's default isolation), until `quietMs` pass with no new message after at least `count`. */
async function readCommitted(topic: string, count: number, quietMs: number): Promise<number[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('velo-eo-reader'),
    readUncommitted: false,
  });
  const ids: number[] = [];
  let lastAt = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        ids.push((JSON.parse(message.value?.toString() ?? '{}') as { id: number }).id);
        lastAt = Date.now();
      },
    });
    await waitUntil(
      `${count} committed records, then quiet`,
      async () => ids.length >= count && Date.now() - lastAt >= quietMs,
      120_000,
      500,
    );
  } finally {
    await consumer.disconnect();
  }
  return ids;
}

describe('Kafka → Kafka exactly-once under kill -9', () => {
  it('loses nothing and duplicates nothing (read_committed)', async () => {
    const input = await createTopic('velo-eo-job-in', 2);
    const output = await createTopic('velo-eo-job-out', 2);
    topics.push(input, output);
    const sql = `CREATE STREAM kept AS
SELECT id, amount FROM 'kafka://${BROKERS}/${input}?group_id=${uniqueName('g')}'
WHERE amount >= 0.00
INTO 'kafka://${BROKERS}/${output}'
WITH ('delivery' = 'exactly_once');`;
    const jobId = await createJob(teamId, sql, { desiredState: 'RUNNING' });
    const env = { WORKER_TEAMS: teamId, WORKER_LEASE_MS: String(LEASE_MS) };
    const a = spawnWorker(unique('eoa'), env);
    const b = spawnWorker(unique('eob'), env);
    workers.push(a, b);
    const first = await waitUntil(
      'RUNNING',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
        return job.actualState === 'RUNNING' ? job : null;
      },
      40_000,
    );
    // 8000 records over ~8 s; the owner dies after ~3 s, mid-transaction.
    let produced = 0;
    const producing = (async () => {
      while (produced < TOTAL) {
        const batch = Array.from({ length: 200 }, (_, i) => {
          const id = produced + i;
          return { key: `k${id % 13}`, value: `{"id":${id},"amount":${(id % 100) + 0.25}}` };
        });
        await produce(input, batch);
        produced += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const owner = first.ownerWorkerId === a.id ? a : b;
    owner.signal('SIGKILL');
    await owner.exited;
    await producing;

    const ids = await readCommitted(output, TOTAL, 4000);
    const distinct = new Set(ids);
    const lost = Array.from({ length: TOTAL }, (_, i) => i).filter((id) => !distinct.has(id));
    // what the log holds besides the committed records: aborted output and transaction markers
    const admin = kafka.admin();
    await admin.connect();
    const logged = (await admin.fetchTopicOffsets(output)).reduce((n, p) => n + Number(p.high), 0);
    await admin.disconnect();
    console.info(
      `kafka exactly-once crash: ${TOTAL} in, ${ids.length} committed out, ${distinct.size} distinct, ${lost.length} lost, ${ids.length - distinct.size} duplicates; ${logged - ids.length} aborted records and markers in the log`,
    );
    expect(lost).toEqual([]);
    expect(ids.length).toBe(TOTAL);
    expect(distinct.size).toBe(TOTAL);
    const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseEpoch).toBe(first.leaseEpoch + 1);
    expect(job.actualState).toBe('RUNNING');
  }, 240_000);
});
