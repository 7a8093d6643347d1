/**
 * A stream–stream join at parallelism 2 on a real worker: both sides are repartitioned by the
 * join key into two internal topics partitioned alike, so task i joins the keys of partition i
 * of both, and the output is the same pairs as at parallelism 1 — every pair once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob } from '../../../packages/api/src/services/jobs/get-job.ts';
import {
  consumeAll,
  createTopic,
  deleteTopic,
  kafka,
  produce,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { spawnWorker, WORKER_START_MS, type WorkerProcess, waitUntil } from './worker-process.ts';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const BASE_TS = 1_700_000_000_000;
const topics: string[] = [];
let worker: WorkerProcess;
let teamId: string;

beforeAll(async () => {
  teamId = await createTeam();
  worker = spawnWorker(unique('ssj'), {
    WORKER_TEAMS: teamId,
    WORKER_MAX_JOBS: '4',
    WORKER_LEASE_MS: '5000',
  });
});

afterAll(async () => {
  await worker?.stop();
  for (const topic of topics) await deleteTopic(topic);
  await prisma.$disconnect();
});

describe('a stream–stream join in parallel', () => {
  it('repartitions both sides by the join key: parallelism 2 gives the pairs of parallelism 1', async () => {
    const orders = await createTopic('velo-ssj-orders', 6);
    const payments = await createTopic('velo-ssj-payments', 4);
    const out1 = await createTopic('velo-ssj-out1', 1);
    const out2 = await createTopic('velo-ssj-out2', 1);
    topics.push(orders, payments, out1, out2);
    // keyed by their own ids, so a customer's orders and payments lie in every partition of both
    const order = (id: number) => ({ id, customer: `c${id % 3}`, ts: BASE_TS + id * 1000 });
    const payment = (pid: number) => ({ pid, customer: `c${pid % 3}`, ts: BASE_TS + pid * 1000 });
    await produce(
      orders,
      Array.from({ length: 300 }, (_, id) => ({
        partition: id % 6,
        key: `o${id}`,
        value: JSON.stringify(order(id)),
      })),
    );
    await produce(
      payments,
      Array.from({ length: 300 }, (_, pid) => ({
        partition: pid % 4,
        key: `p${pid}`,
        value: JSON.stringify(payment(pid)),
      })),
    );
    // a payment of the same customer within 5 s of the order: pid ∈ {id − 3, id, id + 3};
    // an hour of watermark delay keeps every record joinable whatever order the tasks read in
    const sqlInto = (out: string) => `CREATE STREAM paid AS
SELECT o.id, p.pid, o.customer
FROM 'kafka://${BROKERS}/${orders}' o
JOIN 'kafka://${BROKERS}/${payments}' p
  ON o.customer = p.customer AND p.ts BETWEEN o.ts - INTERVAL '5' SECOND AND o.ts + INTERVAL '5' SECOND
INTO 'kafka://${BROKERS}/${out}'
WITH ('event.time.field' = 'ts', 'watermark.delay' = '1h');`;
    const expected: string[] = [];
    for (let id = 0; id < 300; id++)
      for (const pid of [id - 3, id, id + 3])
        if (pid >= 0 && pid < 300)
          expected.push(JSON.stringify({ id, pid, customer: `c${id % 3}` }));
    expected.sort();
    expect(expected).toHaveLength(894);

    await createJob(teamId, sqlInto(out1), { desiredState: 'RUNNING' });
    const two = await createJob(teamId, sqlInto(out2));
    await prisma.job.update({
      where: { id: two },
      data: { parallelism: 2, desiredState: 'RUNNING' },
    });
    const rowsOf = async (topic: string) =>
      (await consumeAll(topic, expected.length, WORKER_START_MS))
        .map((m) => String(m.value))
        .sort();
    expect(await rowsOf(out1)).toEqual(expected);
    expect(await rowsOf(out2)).toEqual(expected);

    // no pair twice: nothing more arrives after the expected count
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const admin = kafka.admin();
    await admin.connect();
    const high = (await admin.fetchTopicOffsets(out2)).reduce((n, o) => n + Number(o.high), 0);
    // both sides' internal topics, two partitions each, one per task
    const internal = (await admin.listTopics()).filter((t) => t.startsWith(`velo-${two}-rp-`));
    const meta = await admin.fetchTopicMetadata({ topics: internal });
    await admin.disconnect();
    topics.push(...internal);
    expect(high).toBe(expected.length);
    expect(meta.topics.map((t) => t.partitions.length)).toEqual([2, 2]);
    await waitUntil(
      'the job RUNNING with both tasks',
      async () =>
        (await prisma.job.findUniqueOrThrow({ where: { id: two } })).actualState === 'RUNNING',
      30_000,
    );
    const view = await getJob({ prisma }, { teamId, id: two });
    expect(view.tasks.map((t) => [t.index, t.state])).toEqual([
      [0, 'RUNNING'],
      [1, 'RUNNING'],
    ]);
  }, 300_000);
});
