/**
 * A job of parallelism 3 over a 6-partition topic on two real worker processes: its tasks are
 * claimed separately and spread over both workers, are members of one consumer group with task
 * i reading partitions p % 3 == i, store their own checkpoints, and a stateless filter's output
 * holds every input record exactly once. kill -9 of one worker: its tasks move to the other and
 * resume from their own checkpoints (nothing lost; records after the last checkpoint may repeat,
 * at-least-once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob } from '../../../packages/api/src/services/jobs/get-job.ts';
import { getOutputTail } from '../../../packages/api/src/services/jobs/get-output-tail.ts';
import { listJobRuns } from '../../../packages/api/src/services/jobs/list-job-runs.ts';
import { getMetricSeries } from '../../../packages/api/src/services/metrics/get-metric-series.ts';
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
const topics: string[] = [];
const workers: WorkerProcess[] = [];
let teamId: string;

beforeAll(async () => {
  teamId = await createTeam();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const topic of topics) await deleteTopic(topic);
  await prisma.$disconnect();
});

/** Records n..n+count-1, spread over the partitions (id % partitions); amount = id % 10. */
function orders(from: number, count: number, partitions = 6) {
  return Array.from({ length: count }, (_, k) => {
    const id = from + k;
    return {
      partition: id % partitions,
      key: `k${id}`,
      value: JSON.stringify({ id, amount: id % 10, ts: 1700000000000 + id }),
    };
  });
}

let workerB: WorkerProcess | null = null;

/** Worker B: room for 4 tasks, a 5 s lease (started by the first test, or by the one run alone). */
function startWorkerB(): WorkerProcess {
  workerB = spawnWorker(unique('par-b'), {
    WORKER_TEAMS: teamId,
    WORKER_MAX_JOBS: '4',
    WORKER_LEASE_MS: '5000',
    WORKER_METRICS_FLUSH_MS: '1000',
  });
  workers.push(workerB);
  return workerB;
}

/** Stops the team's jobs so worker B (room for 4) is free for the next test's jobs. */
async function idleWorkerB(): Promise<WorkerProcess> {
  await prisma.job.updateMany({ where: { teamId }, data: { desiredState: 'STOPPED' } });
  const b = workerB ?? startWorkerB();
  await waitUntil(
    'worker B idle',
    async () =>
      (await prisma.job.count({ where: { ownerWorkerId: b.id } })) +
        (await prisma.jobTask.count({ where: { ownerWorkerId: b.id } })) ===
      0,
    30_000,
  );
  return b;
}

/** Sets the parallelism and asks the job to run, at once (a worker must not claim it before). */
async function runWith(jobId: string, parallelism: number): Promise<void> {
  await prisma.job.update({ where: { id: jobId }, data: { parallelism, desiredState: 'RUNNING' } });
}

/** Where each task of the job runs: task 0 is the Job row's owner, the others JobTask rows. */
async function taskOwners(jobId: string): Promise<(string | null)[]> {
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
  const tasks = await prisma.jobTask.findMany({ where: { jobId }, orderBy: { taskIndex: 'asc' } });
  return [job.ownerWorkerId, ...tasks.map((t) => t.ownerWorkerId)];
}

describe('job parallelism', () => {
  it('runs 3 tasks on two workers, one consumer group, every record once; a killed worker’s tasks move', async () => {
    const input = await createTopic('velo-par-in', 6);
    const output = await createTopic('velo-par-out', 1);
    topics.push(input, output);
    const group = `velo-par-${unique('g')}`;
    const sql = `CREATE STREAM big AS
SELECT id, amount FROM 'kafka://${BROKERS}/${input}?group_id=${group}'
WHERE amount >= 5
INTO 'kafka://${BROKERS}/${output}'
WITH ('event.time.field' = 'ts');`;
    const jobId = await createJob(teamId, sql);
    await runWith(jobId, 3);
    await produce(input, orders(0, 600));

    // Worker A has room for 2 tasks, so the third runs on worker B (room for 4: all three after A dies, and the next test's job).
    // a 5 s lease: tasks starting on a loaded 2-core machine can stall an event loop past 2 s
    const a = spawnWorker(unique('par-a'), {
      WORKER_TEAMS: teamId,
      WORKER_MAX_JOBS: '2',
      WORKER_LEASE_MS: '5000',
    });
    workers.push(a);
    await waitUntil(
      'worker A runs 2 tasks',
      async () => (await taskOwners(jobId)).filter((o) => o === a.id).length === 2,
      WORKER_START_MS,
    );
    const b = startWorkerB();
    await waitUntil(
      'the job RUNNING with all 3 tasks',
      async () =>
        (await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).actualState === 'RUNNING',
      WORKER_START_MS,
    );
    const owners = await taskOwners(jobId);
    expect(owners.filter((o) => o === a.id)).toHaveLength(2);
    expect(owners.filter((o) => o === b.id)).toHaveLength(1);
    const tasks = await prisma.jobTask.findMany({
      where: { jobId },
      orderBy: { taskIndex: 'asc' },
    });
    expect(tasks.map((t) => [t.taskIndex, t.actualState])).toEqual([
      [1, 'RUNNING'],
      [2, 'RUNNING'],
    ]);
    // job.get shows each task and where it runs
    const view = await getJob({ prisma }, { teamId, id: jobId });
    expect(view.tasks.map((t) => [t.index, t.state, t.ownerWorkerId])).toEqual(
      owners.map((owner, index) => [index, 'RUNNING', owner]),
    );

    // One group, three members, task i holding partitions p % 3 == i.
    const admin = kafka.admin();
    await admin.connect();
    const [described] = (await admin.describeGroups([group])).groups;
    await admin.disconnect();
    expect(described.protocol).toBe('VeloTaskAssigner');
    expect(described.members).toHaveLength(3);

    const firstExpected = orders(0, 600)
      .map((o) => JSON.parse(o.value) as { id: number; amount: number })
      .filter((o) => o.amount >= 5);
    const first = await consumeAll(output, firstExpected.length, 60_000);
    const firstIds = first.map((m) => (JSON.parse(String(m.value)) as { id: number }).id);
    expect(firstIds.sort((x, y) => x - y)).toEqual(firstExpected.map((o) => o.id));

    // the live output tail (job.outputSample) holds every task's newest 50 records: task i
    // read the partitions p % 3 == i, so ids with id % 3 == i
    const tail = await waitUntil(
      'every task’s records in the output tail',
      async () => {
        const t = await getOutputTail({ prisma }, { teamId, id: jobId });
        return t.records.length === 150 ? t : null;
      },
      20_000,
      500,
    );
    const perTask = [0, 0, 0];
    for (const r of tail.records) perTask[Number(r.cells[0].v) % 3]++;
    expect(perTask).toEqual([50, 50, 50]);

    // each task's rebalances are in the job's log (job.logs), with the partitions it reads
    const rebalances = await waitUntil(
      'each task’s assignment in the job log',
      async () => {
        const rows = await prisma.jobLog.findMany({
          where: { jobId, message: { startsWith: 'rebalance:' } },
        });
        const seen = new Set(rows.map((r) => r.message));
        return seen.size >= 3 ? [...seen].sort() : null;
      },
      20_000,
      500,
    );
    expect(rebalances).toEqual([
      `rebalance: reading partitions 0, 3 of ${input}`,
      `rebalance: reading partitions 1, 4 of ${input}`,
      `rebalance: reading partitions 2, 5 of ${input}`,
    ]);

    // every task stores its own checkpoints
    await waitUntil(
      'a checkpoint of each task',
      async () =>
        (
          await prisma.checkpoint.groupBy({
            by: ['taskIndex'],
            where: { jobId },
          })
        ).length === 3,
      20_000,
    );
    const positions = await prisma.checkpoint.findMany({
      where: { jobId },
      orderBy: { epoch: 'desc' },
      distinct: ['taskIndex'],
    });
    const partitionsOf = (taskIndex: number) =>
      Object.keys(
        (
          Object.values(
            positions.find((p) => p.taskIndex === taskIndex)?.sourcePosition as Record<
              string,
              { offsets: Record<string, string> }
            >,
          )[0] ?? { offsets: {} }
        ).offsets,
      )
        .map(Number)
        .sort();
    expect([partitionsOf(0), partitionsOf(1), partitionsOf(2)]).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);

    // kill -9 worker A: its two tasks move to B (which has room for all three)
    a.signal('SIGKILL');
    await a.exited;
    await produce(input, orders(600, 600));
    await waitUntil(
      'all 3 tasks on worker B, RUNNING',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
        const now = await taskOwners(jobId);
        return job.actualState === 'RUNNING' && now.every((o) => o === b.id);
      },
      90_000,
      250,
    );
    const allExpected = orders(0, 1200)
      .map((o) => JSON.parse(o.value) as { id: number; amount: number })
      .filter((o) => o.amount >= 5)
      .map((o) => o.id);
    const seen = new Map<number, number>();
    await waitUntil(
      'every record of both rounds in the output',
      async () => {
        const read = await consumeAllAvailable(output);
        seen.clear();
        for (const id of read) seen.set(id, (seen.get(id) ?? 0) + 1);
        return allExpected.every((id) => seen.has(id));
      },
      120_000,
      2000,
    );
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual(allExpected);
    const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
    console.info(`parallelism: kill -9 of a worker with 2 of 3 tasks; ${duplicates} duplicates`);
    // the run history (job.runs) names each task
    const runs = await listJobRuns({ prisma }, { teamId, id: jobId, limit: 100 });
    expect(new Set(runs.map((r) => r.taskIndex))).toEqual(new Set([0, 1, 2]));
  }, 400_000);

  it('refuses at start SQL whose state would be split between tasks (the API refuses it too)', async () => {
    // written straight to the database: job.create/update/start refuse it before a worker could
    const sql = `SELECT product, COUNT(*) AS n FROM 'datagen://orders?seed=1&rate=100' GROUP BY product`;
    const jobId = await createJob(teamId, sql, { restartPolicy: 'never' });
    await runWith(jobId, 2);
    const failed = await waitUntil(
      'FAILED',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
        return job.actualState === 'FAILED' ? job : null;
      },
      WORKER_START_MS,
    );
    expect(failed.lastError).toBe(
      'parallelism 2 is not possible: GROUP BY on columns other than the message key _key needs repartitioning by the grouping key, and repartitioning needs a Kafka source',
    );
  }, 200_000);

  it('repartitions GROUP BY on a non-key column: parallelism 3 gives the rows of parallelism 1', async () => {
    const b = await idleWorkerB();
    const input = await createTopic('velo-rp-in', 6);
    const out1 = await createTopic('velo-rp-out1', 1);
    const out3 = await createTopic('velo-rp-out3', 1);
    topics.push(input, out1, out3);
    // keyed by id, so each customer's records lie in every partition
    const records = Array.from({ length: 700 }, (_, id) => ({
      partition: id % 6,
      key: `k${id}`,
      value: `{"id":${id},"customer":"c${id % 7}","amount":${id % 13}.25}`,
    }));
    await produce(input, records);
    const sqlInto = (out: string) => `CREATE STREAM totals AS
SELECT customer, COUNT(*) AS n, SUM(amount) AS total
FROM 'kafka://${BROKERS}/${input}'
GROUP BY customer
INTO 'kafka://${BROKERS}/${out}';`;
    const one = await createJob(teamId, sqlInto(out1), { desiredState: 'RUNNING' });
    const three = await createJob(teamId, sqlInto(out3));
    await runWith(three, 3);
    const expected = new Map<string, string>();
    for (let c = 0; c < 7; c++) {
      const mine = records.map((_, id) => id).filter((id) => id % 7 === c);
      const cents = mine.reduce((sum, id) => sum + (id % 13) * 100 + 25, 0);
      expected.set(
        `c${c}`,
        JSON.stringify({
          customer: `c${c}`,
          n: mine.length,
          total: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        }),
      );
    }
    /** The last row per customer on a topic (the running aggregate's final answer). */
    const finalRows = async (topic: string) => {
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      const total = offsets.reduce((n, o) => n + Number(o.high), 0);
      const last = new Map<string, string>();
      if (total === 0) return last;
      for (const m of await consumeAll(topic, total, 30_000)) {
        const row = JSON.parse(String(m.value)) as { customer: string };
        last.set(row.customer, String(m.value));
      }
      return last;
    };
    const sorted = (m: Map<string, string>) => [...m.entries()].sort();
    for (const out of [out1, out3]) {
      await waitUntil(
        `the final rows on ${out}`,
        async () =>
          JSON.stringify(sorted(await finalRows(out))) === JSON.stringify(sorted(expected)),
        WORKER_START_MS,
        2000,
      );
    }
    expect(sorted(await finalRows(out3))).toEqual(sorted(await finalRows(out1)));
    // every task ran stage 2 over its own partition of the internal topic
    const view = await getJob({ prisma }, { teamId, id: three });
    expect(view.tasks.map((t) => [t.index, t.state, t.ownerWorkerId])).toEqual([
      [0, 'RUNNING', b.id],
      [1, 'RUNNING', b.id],
      [2, 'RUNNING', b.id],
    ]);
    const admin = kafka.admin();
    await admin.connect();
    const internal = (await admin.listTopics()).filter((t) => t.startsWith(`velo-${three}-rp-`));
    const [meta] = (await admin.fetchTopicMetadata({ topics: internal })).topics;
    await admin.disconnect();
    expect([internal.length, meta.partitions.length]).toEqual([1, 3]);
    topics.push(...internal);
    expect(one).not.toBe(three);
  }, 400_000);

  it('exactly-once sinks: one transactional id per task, each committing its own partitions', async () => {
    await idleWorkerB();
    const input = await createTopic('velo-eo-in', 4);
    const output = await createTopic('velo-eo-out', 1);
    topics.push(input, output);
    await produce(input, orders(0, 400, 4));
    const jobId = await createJob(
      teamId,
      `CREATE STREAM big AS
SELECT id, amount FROM 'kafka://${BROKERS}/${input}'
WHERE amount >= 5
INTO 'kafka://${BROKERS}/${output}'
WITH ('delivery' = 'exactly_once');`,
    );
    await runWith(jobId, 2);
    const expectedIds = orders(0, 400, 4)
      .map((o) => JSON.parse(o.value) as { id: number; amount: number })
      .filter((o) => o.amount >= 5)
      .map((o) => o.id);
    // read_committed (kafkajs's default): the commit markers take offsets, so read by count
    const out = await consumeAll(output, expectedIds.length, WORKER_START_MS);
    const ids = out.map((m) => (JSON.parse(String(m.value)) as { id: number }).id);
    expect(ids.sort((x, y) => x - y)).toEqual(expectedIds);
    // each task's transactions committed the offsets of its own partitions (p % 2 == task)
    const admin = kafka.admin();
    await admin.connect();
    const committed = async (task: number) =>
      (
        await admin.fetchOffsets({ groupId: `velo-${jobId}-t${task}-s0`, topics: [input] })
      )[0].partitions
        .filter((p) => p.offset !== '-1')
        .map((p) => [p.partition, p.offset])
        .sort();
    await waitUntil(
      'both tasks committed their transactions',
      async () => (await committed(0)).length === 2 && (await committed(1)).length === 2,
      30_000,
    );
    const [t0, t1] = [await committed(0), await committed(1)];
    await admin.disconnect();
    expect([t0.map(([p]) => p), t1.map(([p]) => p)]).toEqual([
      [0, 2],
      [1, 3],
    ]);
  }, 300_000);

  it('every task reports its metrics: the job’s records_in series counts all tasks’ records', async () => {
    const b = await idleWorkerB();
    const input = await createTopic('velo-pm-in', 6);
    const output = await createTopic('velo-pm-out', 1);
    topics.push(input, output);
    const from = Date.now() - 5000;
    await produce(input, orders(0, 600));
    const jobId = await createJob(
      teamId,
      `CREATE STREAM copy AS SELECT id, amount FROM 'kafka://${BROKERS}/${input}'
INTO 'kafka://${BROKERS}/${output}';`,
    );
    await runWith(jobId, 3);
    await consumeAll(output, 600, WORKER_START_MS);
    // as the job's dashboard reads it: metrics.series, one series, per-second values
    const recordsIn = () =>
      getMetricSeries(
        { prisma },
        { teamId, jobId, names: ['records_in'], from, to: Date.now() + 1000, step: 1 },
      );
    const total = (r: Awaited<ReturnType<typeof recordsIn>>) =>
      r.series.reduce((n, s) => n + s.values.reduce((m, v) => m + Number(v ?? 0), 0), 0);
    const read = await waitUntil(
      'records_in counts 600',
      async () => {
        const r = await recordsIn();
        return total(r) >= 600 ? r : null;
      },
      30_000,
      1000,
    );
    expect(read.series.map((s) => [s.name, s.labels])).toEqual([['records_in', {}]]);
    expect(total(read)).toBe(600);
    // each task wrote its own share: 200 records of its 2 partitions
    const stored = await prisma.metricSeries.findMany({
      where: { jobId, name: 'records_in' },
      select: { labels: true },
    });
    expect(stored.map((s) => (s.labels as { task: string }).task).sort()).toEqual(['0', '1', '2']);
    // worker B's /metrics carries its tasks, one series each: Prometheus sums them by job
    const port = await waitUntil('metrics port of worker B', () => {
      const line = b.lines.find((l) => /metrics on :\d+/.test(l));
      return line ? Number(/metrics on :(\d+)/.exec(line)?.[1]) : null;
    });
    const perTask = (text: string, name: string, extra = '') =>
      text
        .split('\n')
        .filter(
          (l) => l.startsWith(`${name}{`) && l.includes(`job="${jobId}"`) && l.includes(extra),
        )
        .map((l) => [/task="(\d+)"/.exec(l)?.[1], Number(l.split(' ').pop())])
        .sort();
    const text = await waitUntil(
      'every task counted on /metrics',
      async () => {
        const t = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const counts = perTask(t, 'velo_records_in_total');
        return counts.reduce((n, [, v]) => n + Number(v), 0) === 600 ? t : null;
      },
      30_000,
      500,
    );
    expect(perTask(text, 'velo_records_in_total')).toEqual([
      ['0', 200],
      ['1', 200],
      ['2', 200],
    ]);
    // the job's status is task 0's (one job, not three, in "jobs by state")
    expect(perTask(text, 'velo_job_status', 'state="RUNNING"')).toEqual([['0', 1]]);
  }, 300_000);

  it('a stream joined to a Kafka table: parallelism 2 gives the rows of parallelism 1', async () => {
    await idleWorkerB();
    const stream = await createTopic('velo-jn-orders', 6);
    const table = await createTopic('velo-jn-customers', 3);
    const out1 = await createTopic('velo-jn-out1', 1);
    const out2 = await createTopic('velo-jn-out2', 1);
    topics.push(stream, table, out1, out2);
    // the table side, keyed by customer id, spread over its partitions
    await produce(
      table,
      Array.from({ length: 7 }, (_, c) => ({
        partition: c % 3,
        key: `c${c}`,
        value: JSON.stringify({ id: `c${c}`, name: `Customer ${c}` }),
      })),
    );
    const records = Array.from({ length: 600 }, (_, id) => ({
      partition: id % 6,
      key: `k${id}`,
      value: JSON.stringify({ id, customer: `c${id % 7}`, amount: id % 10 }),
    }));
    await produce(stream, records);
    const sqlInto = (out: string) => `CREATE STREAM enriched AS
SELECT o.id, o.amount, c.name
FROM 'kafka://${BROKERS}/${stream}' o JOIN 'kafka://${BROKERS}/${table}' c ON o.customer = c.id
INTO 'kafka://${BROKERS}/${out}';`;
    await createJob(teamId, sqlInto(out1), { desiredState: 'RUNNING' });
    const two = await createJob(teamId, sqlInto(out2));
    await runWith(two, 2);
    const expected = records
      .map((_, id) => JSON.stringify({ id, amount: id % 10, name: `Customer ${id % 7}` }))
      .sort();
    const rowsOf = async (topic: string) =>
      (await consumeAll(topic, expected.length, WORKER_START_MS))
        .map((m) => String(m.value))
        .sort();
    expect(await rowsOf(out1)).toEqual(expected);
    expect(await rowsOf(out2)).toEqual(expected);
    // both tasks run, each over its own partitions of the stream
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
    // each stream partition's lag comes from the task reading it (p % 2); the table side, read
    // whole by every task, reports none (so the job's lag does not count it twice)
    const lagSeries = async () =>
      (
        await prisma.metricSeries.findMany({
          where: { jobId: two, name: 'consumer_lag' },
          select: { labels: true },
        })
      )
        .map((s) => s.labels as { partition: string; task: string })
        .map((l) => `${l.partition}@${l.task}`)
        .sort();
    const lag = await waitUntil(
      'the lag of every stream partition stored',
      async () => {
        const seen = await lagSeries();
        return seen.length >= 6 ? seen : null;
      },
      30_000,
      500,
    );
    expect(lag).toEqual([0, 1, 2, 3, 4, 5].map((p) => `${stream}/${p}@${p % 2}`));
  }, 300_000);

  it('two stream sources in one job: each has its own group, both split between the tasks', async () => {
    await idleWorkerB();
    const inA = await createTopic('velo-2s-a', 4);
    const inB = await createTopic('velo-2s-b', 4);
    const outA = await createTopic('velo-2s-out-a', 1);
    const outB = await createTopic('velo-2s-out-b', 1);
    topics.push(inA, inB, outA, outB);
    await produce(inA, orders(0, 200, 4));
    await produce(inB, orders(1000, 200, 4));
    const jobId = await createJob(
      teamId,
      `CREATE STREAM a AS SELECT id FROM 'kafka://${BROKERS}/${inA}' INTO 'kafka://${BROKERS}/${outA}';
CREATE STREAM b AS SELECT id FROM 'kafka://${BROKERS}/${inB}' INTO 'kafka://${BROKERS}/${outB}';`,
    );
    await runWith(jobId, 2);
    const ids = async (topic: string) =>
      (await consumeAll(topic, 200, WORKER_START_MS))
        .map((m) => (JSON.parse(String(m.value)) as { id: number }).id)
        .sort((x, y) => x - y);
    expect(await ids(outA)).toEqual(orders(0, 200, 4).map((_, k) => k));
    expect(await ids(outB)).toEqual(orders(1000, 200, 4).map((_, k) => 1000 + k));
  }, 300_000);
});

/** Every record id on the topic now (reads to the high watermarks). */
async function consumeAllAvailable(topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const messages = await consumeAll(topic, total, 30_000);
  return messages.map((m) => (JSON.parse(String(m.value)) as { id: number }).id);
}
