/**
 * One job run in-process against real PostgreSQL: a bounded datagen job runs to its end with
 * exact output, a final checkpoint and its JobRun row; the run hooks see its states.
 */
import { mkdir, rm } from 'node:fs/promises';
import { egressPolicyFromEnv } from '@velo/connectors/egress';
import { generateSecretKey, loadKeyring } from '@velo/db';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, prisma, unique } from '../test/db-fixtures.ts';
import { expectedLines, readOutput } from '../test/expected-windows.ts';
import { LeaseClock } from './fencing.ts';
import { JobRunner } from './job-runner.ts';
import { claimJobs } from './lease.ts';

const DIR = '/tmp/velo-worker-tests';
const SOURCE = 'datagen://orders?seed=4&rate=1000&limit=5000';
const SELECT = `SELECT product, SUM(amount) AS amount, COUNT(*) AS orders, TUMBLE_START() AS window_start
FROM '${SOURCE}'
GROUP BY product
WINDOW TUMBLING(1s)
EMIT FINAL`;

afterAll(() => prisma.$disconnect());

describe('a job run', () => {
  it('runs a bounded job to its end: exact output, final checkpoint, hooks see each state', async () => {
    await mkdir(DIR, { recursive: true });
    const out = `${DIR}/${unique('runner')}.jsonl`;
    const teamId = await createTeam();
    const jobId = await createJob(
      teamId,
      `CREATE STREAM s AS\n${SELECT}\nINTO 'file://${out}?format=jsonl'\nWITH ('event.time.field' = 'ts');`,
      { desiredState: 'RUNNING' },
    );
    const [claimed] = await claimJobs(prisma, 'runner-test', 1, 30_000, [teamId]);
    const events: string[] = [];
    const keyring = loadKeyring({ current: generateSecretKey() });
    const runner = new JobRunner(
      {
        prisma,
        keyring: () => keyring,
        logger: pino({ level: 'silent' }),
        workerId: 'runner-test',
        checkpointsKept: 3,
        dlqPayloadMaxBytes: 1024,
        egress: egressPolicyFromEnv({ VELO_FILE_ROOT: DIR }),
        hooksFor: () => ({
          setState: (state) => events.push(`state ${state}`),
          recordCheckpoint: () => events.push('checkpoint'),
          close: () => {
            events.push('close');
          },
        }),
      },
      claimed,
      new LeaseClock(30_000),
    );
    expect(await runner.done).toEqual({ kind: 'ended' });
    expect(events).toEqual([
      'state STARTING',
      'state RUNNING',
      'checkpoint',
      'state STOPPED',
      'close',
    ]);
    expect(await readOutput(out)).toEqual(expectedLines(SELECT, SOURCE, 5000));
    const run = await prisma.jobRun.findFirstOrThrow({ where: { jobId } });
    expect([run.finalState, run.workerId, run.leaseEpoch, run.error]).toEqual([
      'STOPPED',
      'runner-test',
      1,
      null,
    ]);
    const checkpoint = await prisma.checkpoint.findFirstOrThrow({ where: { jobId } });
    expect(checkpoint.sourcePosition).toEqual({ [SOURCE]: { emitted: 5000, eventNumber: 5000 } });
    expect(checkpoint.recordsIn).toBe(5000n);
    await rm(out, { force: true });
  });

  it('refuses a file outside the file root before opening it', async () => {
    const teamId = await createTeam();
    await createJob(teamId, "SELECT * FROM 'file:///etc/hostname?format=csv&header=false'", {
      desiredState: 'RUNNING',
    });
    const [claimed] = await claimJobs(prisma, 'runner-test-2', 1, 30_000, [teamId]);
    const keyring = loadKeyring({ current: generateSecretKey() });
    const runner = new JobRunner(
      {
        prisma,
        keyring: () => keyring,
        logger: pino({ level: 'silent' }),
        workerId: 'runner-test-2',
        checkpointsKept: 3,
        dlqPayloadMaxBytes: 1024,
        egress: egressPolicyFromEnv({ VELO_FILE_ROOT: DIR }),
      },
      claimed,
      new LeaseClock(30_000),
    );
    expect(await runner.done).toEqual({
      kind: 'failed',
      error: `/etc/hostname is outside the file root ${DIR} (VELO_FILE_ROOT)`,
      atStart: true,
    });
  });
});
