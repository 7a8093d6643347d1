/**
 * job.delete against the real broker and PostgreSQL: a job that ran in parallel loses its
 * repartition topics (`velo-<job id>-rp-*`) on the clusters its SQL reads from, found through
 * any of its versions, saved connections included; other jobs' topics stay; an unreachable
 * broker neither fails nor holds up the delete; the audit entry names what was deleted.
 */
import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKERS, deleteTopic, kafka } from '../../../../connectors/src/kafka/test-support.ts';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  prisma,
  TEST_IP,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';
import { deleteJob } from './delete-job.ts';

const created: string[] = [];
let team: TeamFixture;
let editor: Caller;

beforeAll(async () => {
  team = await createTeamWithRoles('rp-cleanup');
  editor = await callerFor(team.editor);
}, 60_000);

afterAll(async () => {
  for (const topic of created) await deleteTopic(topic);
});

const groupBy = (uri: string) =>
  `SELECT customer, COUNT(*) AS n FROM '${uri}' GROUP BY customer INTO 'stdout://'`;

/** A job row with one version per entry (the last is the job's current one). */
async function createJob(versions: { sql: string; parallelism: number }[]): Promise<string> {
  const current = versions[versions.length - 1]!;
  const job = await prisma.job.create({
    data: {
      teamId: team.teamId,
      name: uniqueLabel('rp-job'),
      sql: current.sql,
      version: versions.length,
      parallelism: current.parallelism,
      createdById: team.editor.id,
      versions: {
        create: versions.map((v, i) => ({
          version: i + 1,
          sql: v.sql,
          parallelism: v.parallelism,
          restartPolicy: 'on_failure' as const,
          createdById: team.editor.id,
        })),
      },
    },
  });
  return job.id;
}

async function createTopics(topics: string[]): Promise<void> {
  created.push(...topics);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: 2, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Which of `topics` the broker still has, once its metadata settled (deletion is async). */
async function remaining(topics: string[], expected: string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let left: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      const all = new Set(await admin.listTopics());
      left = topics.filter((t) => all.has(t));
      if (left.join() === expected.join()) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return left;
  } finally {
    await admin.disconnect();
  }
}

async function deleteAudit(jobId: string) {
  return prisma.auditLog.findFirstOrThrow({
    where: { teamId: team.teamId, action: 'job.delete', objectId: jobId },
  });
}

/** The cleanup's own audit entry, written after the deletion (with its entry) committed. */
async function cleanupAudit(jobId: string) {
  return prisma.auditLog.findFirstOrThrow({
    where: { teamId: team.teamId, action: 'job.repartition_topics.delete', objectId: jobId },
  });
}

const actor = () => ({ userId: team.editor.id, ip: TEST_IP });
const otherJobId = () => `c${randomBytes(12).toString('hex')}`;

describe('job.delete and repartition topics', () => {
  it("deletes exactly the job's repartition topics on the cluster its SQL reads from", async () => {
    const source = `kafka://${BROKERS}/${uniqueLabel('rp-orders')}?format=json`;
    const id = await createJob([{ sql: groupBy(source), parallelism: 2 }]);
    const own = [`velo-${id}-rp-aaaaaaaa-n2`, `velo-${id}-rp-bbbbbbbb-n3`];
    const others = [`velo-${otherJobId()}-rp-aaaaaaaa-n2`, `velo-${id}x-rp-aaaaaaaa-n2`];
    await createTopics([...own, ...others]);

    await expect(
      deleteJob({ prisma, actor: actor() }, { teamId: team.teamId, id }),
    ).resolves.toEqual({ id });

    expect(await prisma.job.findUnique({ where: { id } })).toBeNull();
    expect(await remaining([...own, ...others], others)).toEqual(others);
    expect((await deleteAudit(id)).details).toEqual({ name: expect.any(String), version: 1 });
    expect((await cleanupAudit(id)).details).toEqual({ deleted: own });
  });

  it('finds topics through an earlier parallel version reading a saved connection', async () => {
    const connection = uniqueLabel('rp-conn');
    await (await callerFor(team.owner)).connection.create({
      teamId: team.teamId,
      name: connection,
      type: 'kafka',
      config: { brokers: BROKERS.split(',') },
    } as never);
    const id = await createJob([
      { sql: groupBy(`kafka://@${connection}/${uniqueLabel('rp-orders')}`), parallelism: 2 },
      { sql: groupBy('datagen://orders?seed=1'), parallelism: 1 },
    ]);
    const own = [`velo-${id}-rp-cccccccc-n2`];
    await createTopics(own);

    // through the router: the procedure hands the keyring that opens the connection's secret
    await editor.job.delete({ teamId: team.teamId, id });

    expect(await remaining(own, [])).toEqual([]);
    expect((await deleteAudit(id)).details).toMatchObject({ version: 2 });
    expect((await cleanupAudit(id)).details).toEqual({ deleted: own });
  });

  it('deletes the job promptly when the broker in its SQL is unreachable, saying so', async () => {
    const id = await createJob([
      { sql: groupBy(`kafka://127.0.0.1:1/${uniqueLabel('rp-orders')}`), parallelism: 2 },
    ]);
    const started = Date.now();

    await deleteJob({ prisma, actor: actor() }, { teamId: team.teamId, id });

    expect(Date.now() - started).toBeLessThan(7000);
    expect(await prisma.job.findUnique({ where: { id } })).toBeNull();
    const details = (await cleanupAudit(id)).details as Record<string, unknown>;
    expect(details.deleted).toEqual([]);
    expect(details.failed).toEqual([
      {
        cluster: '127.0.0.1:1',
        error: expect.stringMatching(/^Connection refused at 127\.0\.0\.1:1/),
      },
    ]);
  });

  it('gives up on a broker that never answers after the cleanup timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const broker = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const id = await createJob([
        { sql: groupBy(`kafka://${broker}/${uniqueLabel('rp-orders')}`), parallelism: 2 },
      ]);
      const started = Date.now();

      await deleteJob(
        { prisma, actor: actor() },
        { teamId: team.teamId, id },
        { cleanupTimeoutMs: 1000 },
      );

      expect(Date.now() - started).toBeLessThan(4000);
      expect(await prisma.job.findUnique({ where: { id } })).toBeNull();
      expect((await cleanupAudit(id)).details).toEqual({
        deleted: [],
        failed: [{ cluster: broker, error: expect.stringMatching(/^Timed out after 1 s/) }],
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('does not look for topics of a job that never ran in parallel', async () => {
    const id = await createJob([
      { sql: groupBy(`kafka://127.0.0.1:1/${uniqueLabel('rp-orders')}`), parallelism: 1 },
    ]);

    await deleteJob({ prisma, actor: actor() }, { teamId: team.teamId, id });

    expect((await deleteAudit(id)).details).toEqual({ name: expect.any(String), version: 1 });
    expect(
      await prisma.auditLog.count({
        where: { action: 'job.repartition_topics.delete', objectId: id },
      }),
    ).toBe(0);
  });
});
