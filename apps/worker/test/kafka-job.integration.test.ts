/**
 * Kafka → windowed aggregate → Kafka on a real worker, through the tRPC API, reading and writing
 * through a saved connection (`kafka://@name/topic`, resolved and decrypted in the worker):
 * exact output rows, malformed records in job.deadLetters, offsets committed on stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  uniqueLabel,
} from '../../../packages/api/test/harness.ts';
import {
  consumeAll,
  createTopic,
  deleteTopic,
  kafka,
  produce,
  uniqueName,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const topics: string[] = [];
let api: Caller;
let teamId: string;
let worker: WorkerProcess;

beforeAll(async () => {
  const team = await createTeamWithRoles('worker-kafka');
  teamId = team.teamId;
  api = await callerFor(team.owner);
  worker = spawnWorker(uniqueLabel('kw'), { WORKER_TEAMS: teamId, WORKER_LEASE_MS: '5000' });
});

afterAll(async () => {
  await worker?.stop();
  for (const topic of topics) await deleteTopic(topic);
});

describe('a Kafka job', () => {
  it('aggregates exactly, dead-letters malformed records and commits offsets on stop', async () => {
    const input = await createTopic('velo-job-in', 1);
    const output = await createTopic('velo-job-out', 1);
    const dlqTopic = await createTopic('velo-job-dlq', 1);
    topics.push(input, output, dlqTopic);
    const connection = uniqueLabel('cluster');
    await api.connection.create({
      teamId,
      name: connection,
      type: 'kafka',
      config: { brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'] },
    });
    const t0 = 1700000040000;
    const orders = [
      ['c1', '10.25', 0],
      ['c2', '1.10', 5_000],
      ['c1', '0.75', 20_000],
      ['c1', '100.00', 61_000],
      ['c2', '2.20', 62_000],
      ['c2', '0.01', 119_999],
      ['c1', '5.00', 185_000],
    ] as const;
    await produce(input, [
      ...orders.slice(0, 3).map(([c, amount, dt]) => ({
        key: c,
        value: `{"customer":"${c}","amount":${amount},"ts":${t0 + dt}}`,
      })),
      { key: 'bad', value: '{"customer":"c9","amount":' },
      ...orders.slice(3).map(([c, amount, dt]) => ({
        key: c,
        value: `{"customer":"${c}","amount":${amount},"ts":${t0 + dt}}`,
      })),
      { key: 'bad', value: 'not json at all' },
      {
        key: 'big',
        value: `{"customer":"c1","amount":1.00,"pad":"${'x'.repeat(3000)}","ts":${t0 + 1}}`,
      },
      // Behind the watermark by then: late, so a dead letter and not counted.
      { key: 'late', value: `{"customer":"c1","amount":7.00,"ts":${t0 + 2}}` },
    ]);
    const group = uniqueName('job-g');
    const sql = `CREATE STREAM totals AS
SELECT customer, SUM(amount) AS total, COUNT(*) AS n, TUMBLE_START() AS window_start
FROM 'kafka://@${connection}/${input}?group_id=${group}&max.record.bytes=2000'
GROUP BY customer
WINDOW TUMBLING(1m)
EMIT FINAL
INTO 'kafka://@${connection}/${output}'
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis',
      'dlq' = 'kafka://@${connection}/${dlqTopic}');`;
    // job.create samples the saved connection's topic: a misspelt column is refused with its place.
    const misspelt = await errorOf(() =>
      api.job.create({
        teamId,
        name: uniqueLabel('misspelt'),
        sql: sql.replace('SUM(amount)', 'SUM(amountt)'),
      }),
    );
    expect(misspelt.message).toBe('error: column "amountt" does not exist at line 2, column 22');
    const { id } = await api.job.create({ teamId, name: uniqueLabel('kafka-job'), sql });
    await api.job.start({ teamId, id });
    await waitUntil(
      'RUNNING',
      async () => (await api.job.get({ teamId, id })).state === 'RUNNING',
      40_000,
    );
    const rows = (await consumeAll(output, 4, 30_000)).map((m) => m.value?.toString()).sort();
    expect(rows).toEqual([
      '{"customer":"c1","total":"100.00","n":1,"window_start":"2023-11-14T22:15:00.000Z"}',
      '{"customer":"c1","total":"11.00","n":2,"window_start":"2023-11-14T22:14:00.000Z"}',
      '{"customer":"c2","total":"1.10","n":1,"window_start":"2023-11-14T22:14:00.000Z"}',
      '{"customer":"c2","total":"2.21","n":2,"window_start":"2023-11-14T22:15:00.000Z"}',
    ]);
    await api.job.stop({ teamId, id });
    await waitUntil(
      'STOPPED',
      async () => (await api.job.get({ teamId, id })).state === 'STOPPED',
      15_000,
    );
    const dead = await api.job.deadLetters({ teamId, id });
    expect(dead.total).toBe(4);
    expect(
      dead.items.map((d) => [
        d.reason,
        d.position?.replace(/^[^/]*\//, ''),
        d.payloadPreview.slice(0, 40),
      ]),
    ).toEqual([
      [
        'late: late record: event time 2023-11-14T22:14:00.002Z is behind the watermark 2023-11-14T22:17:05.000Z',
        '0@10',
        // Late records are stored as the decoded record (decimals as exact text).
        '{"customer":"c1","amount":"7.00","ts":17',
      ],
      [
        'the message value has 3059 bytes, more than max.record.bytes=2000',
        '0@9',
        '{"customer":"c1","amount":1.00,"pad":"xx',
      ],
      ["invalid JSON: unexpected character 'o' at column 2", '0@8', 'not json at all'],
      [
        'invalid JSON: unexpected end of JSON input at column 27',
        '0@3',
        '{"customer":"c9","amount":',
      ],
    ]);
    expect(dead.items.every((d) => d.reason.length > 0 && d.position !== null)).toBe(true);
    expect(dead.items.every((d) => d.source?.includes(`@${connection}/${input}`))).toBe(true);
    // The same dead letters on the job's 'dlq' topic.
    const onTopic = (await consumeAll(dlqTopic, 4, 20_000)).map(
      (m) => JSON.parse(m.value?.toString() ?? '{}') as Record<string, unknown>,
    );
    expect(onTopic.map((d) => [d.job_id, d.reason]).sort()).toEqual(
      dead.items.map((d) => [id, d.reason]).sort(),
    );
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: group, topics: [input] });
    await admin.disconnect();
    expect(committed[0].partitions.map((p) => [p.partition, p.offset])).toEqual([[0, '11']]);
    // The decrypted secret and broker settings never reach the job's log.
    const logs = await api.job.logs({ teamId, id, limit: 500 });
    expect(logs.items.map((l) => l.message)).toContain('stopped (stop); final checkpoint stored');
  }, 120_000);
});
