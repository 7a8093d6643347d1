/**
 * Kafka consumer lag in seconds on a real worker (issue 8): a Kafka → Kafka job is stopped
 * while records keep arriving in its source topic; started again, its first lag readings on
 * /metrics and in the stored series behind `metrics.series` show the backlog's age in seconds,
 * and both fall back to ~0 once the job has caught up. The job's output is exact afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetricSeries } from '../../../packages/api/src/services/metrics/get-metric-series.ts';
import {
  consumeAll,
  createTopic,
  deleteTopic,
  kafka,
  produce,
  uniqueName,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { spawnWorker, WORKER_START_MS, type WorkerProcess, waitUntil } from './worker-process.ts';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
/** How long the job stays stopped while records arrive. */
const STOPPED_MS = 8000;
let worker: WorkerProcess | undefined;
const topics: string[] = [];
let teamId: string;

beforeAll(async () => {
  teamId = await createTeam();
});

afterAll(async () => {
  await worker?.stop();
  for (const topic of topics) await deleteTopic(topic);
  await prisma.$disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = (id: number) => ({ value: `{"id":${id},"amount":${(id % 100) + 0.25}}` });

/** The job's samples of one metric on /metrics, by their remaining labels. */
async function scrape(port: number, jobId: string, metric: string): Promise<number[]> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`) && l.includes(`job="${jobId}"`))
    .map((l) => Number(l.split(' ').pop()));
}

async function actualState(jobId: string): Promise<string> {
  return (await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).actualState;
}

describe('consumer lag in seconds', () => {
  it('rises while the job is stopped and records arrive, falls to ~0 after it starts again', async () => {
    const input = await createTopic('velo-lag-in', 1);
    const output = await createTopic('velo-lag-out', 1);
    topics.push(input, output);
    const sql = `CREATE STREAM kept AS
SELECT id, amount FROM 'kafka://${BROKERS}/${input}?group_id=${uniqueName('lag')}'
WHERE amount >= 0.00
INTO 'kafka://${BROKERS}/${output}';`;
    const jobId = await createJob(teamId, sql, { desiredState: 'RUNNING' });
    worker = spawnWorker(unique('lag'), {
      WORKER_TEAMS: teamId,
      WORKER_METRICS_FLUSH_MS: '300',
      // Working off the backlog keeps the worker's event loop busy: with the tests' 2 s lease a
      // loaded machine can miss a renewal, the run is fenced and restarts (duplicates).
      WORKER_LEASE_MS: '10000',
    });
    const port = await waitUntil(
      'metrics port',
      () => {
        const line = worker?.lines.find((l) => /metrics on :\d+/.test(l));
        return line ? Number(/metrics on :(\d+)/.exec(line)?.[1]) : null;
      },
      WORKER_START_MS,
    );
    await waitUntil(
      'RUNNING',
      async () => (await actualState(jobId)) === 'RUNNING',
      WORKER_START_MS,
    );

    // Running and caught up: the lag is reported, and it is 0.
    let produced = 0;
    await produce(
      input,
      Array.from({ length: 100 }, (_, i) => record(i)),
    );
    produced = 100;
    let seen = '';
    await waitUntil(
      'first 100 records read, lag 0',
      async () => {
        const read = await scrape(port, jobId, 'velo_records_in_total');
        const lag = await scrape(port, jobId, 'velo_consumer_lag_seconds');
        seen = `records in ${read}, lag ${lag} s`;
        return read[0] === 100 && lag[0] === 0;
      },
      30_000,
      200,
    ).catch((e) => {
      throw new Error(`${e.message} (${seen}; worker: ${worker?.lines.slice(-5).join(' | ')})`);
    });

    await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
    await waitUntil('STOPPED', async () => (await actualState(jobId)) === 'STOPPED', 15_000);
    // A stopped job is not on /metrics: nobody reads its partitions, so nobody measures lag.
    expect(await scrape(port, jobId, 'velo_consumer_lag_seconds')).toEqual([]);

    // Records keep arriving for STOPPED_MS (their CreateTime spreads over that time).
    const stoppedAt = Date.now();
    while (Date.now() - stoppedAt < STOPPED_MS) {
      await produce(
        input,
        Array.from({ length: 4000 }, (_, i) => record(produced + i)),
      );
      produced += 4000;
      await sleep(100);
    }
    const restartedAt = Date.now();
    await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'RUNNING' } });

    // While it catches up: the highest lag seen on /metrics, then back to ~0.
    let maxSeconds = 0;
    let maxRecords = 0;
    let finalSeconds = Number.NaN;
    let seenLag = '';
    await waitUntil(
      'caught up with lag ~0',
      async () => {
        const seconds = await scrape(port, jobId, 'velo_consumer_lag_seconds');
        const records = await scrape(port, jobId, 'velo_consumer_lag');
        seenLag = `lag ${records} records, ${seconds} s; max ${maxSeconds} s`;
        if (seconds.length === 0) return false;
        maxSeconds = Math.max(maxSeconds, ...seconds);
        maxRecords = Math.max(maxRecords, ...records);
        finalSeconds = seconds[0];
        return maxSeconds > 0 && records[0] === 0 && seconds[0] < 0.5;
      },
      WORKER_START_MS,
      100,
    ).catch(async (e) => {
      const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      throw new Error(
        `${e.message} (${seenLag}; job ${job.actualState} ${job.lastError ?? ''}; worker: ${worker?.lines.slice(-6).join(' | ')})`,
      );
    });
    console.info(
      `consumer lag: ${produced - 100} records arrived during a ${STOPPED_MS} ms stop; ` +
        `after restart /metrics showed up to ${maxSeconds} s and ${maxRecords} records of lag, then ${finalSeconds} s`,
    );
    // The backlog spans the stop: the lag in seconds reflects it (well over a second).
    expect(maxSeconds).toBeGreaterThanOrEqual(1);
    expect(maxSeconds).toBeLessThanOrEqual((Date.now() - stoppedAt) / 1000);
    expect(maxRecords).toBeGreaterThan(0);
    expect(finalSeconds).toBeLessThan(0.5);

    // The stored series (metrics.series at 1 s): high after the restart, ~0 at the end.
    const storedLag = async () => {
      const series = await getMetricSeries(
        { prisma },
        {
          teamId,
          jobId,
          names: ['consumer_lag_seconds'],
          from: restartedAt - 1000,
          to: Date.now() + 1000,
          step: 1,
        },
      );
      expect(series.resolution).toBe(1);
      expect(series.series.map((s) => s.labels)).toEqual([{ partition: `${input}/0` }]);
      return series.series[0].values.filter((v): v is string => v !== null).map(Number);
    };
    const stored = await waitUntil(
      'stored lag back to ~0',
      async () => {
        const values = await storedLag();
        return values.length > 0 && values[values.length - 1] < 0.5 ? values : null;
      },
      20_000,
      300,
    );
    expect(Math.max(...stored)).toBeGreaterThanOrEqual(1);

    // Nothing lost over the stop (Kafka → Kafka is at-least-once: duplicates are counted).
    const admin = kafka.admin();
    await admin.connect();
    const size = async () =>
      (await admin.fetchTopicOffsets(output)).reduce((sum, p) => sum + Number(p.high), 0);
    let last = -1;
    await waitUntil(
      'output complete and quiet',
      async () => {
        const now = await size();
        const quiet = now >= produced && now === last;
        last = now;
        return quiet;
      },
      60_000,
      1000,
    );
    await admin.disconnect();
    const all = await consumeAll(output, last, 60_000);
    const ids = new Set(all.map((m) => (JSON.parse(String(m.value)) as { id: number }).id));
    const runs = await prisma.jobRun.findMany({ where: { jobId }, orderBy: { startedAt: 'asc' } });
    console.info(
      `consumer lag: ${produced} in, ${all.length} out, ${ids.size} distinct; runs: ` +
        runs.map((r) => `${r.finalState ?? r.state} ${r.error ?? ''}`.trim()).join(' | '),
    );
    expect(ids.size).toBe(produced);
    // Duplicates only come from a run that ended without its final checkpoint (the graceful
    // stop checkpoints and commits): with just the stopped run and the running one, none.
    if (runs.map((r) => r.finalState ?? r.state).join() === 'STOPPED,RUNNING')
      expect(all.length).toBe(produced);
  }, 300_000);
});
