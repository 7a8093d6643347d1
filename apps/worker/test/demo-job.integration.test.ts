/** `npm start`'s demo job: seeded for the demo team, RUNNING on a worker within seconds. */

import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../packages/api/src/services/seed/seed-demo.ts';
import {
  DEMO_JOB_NAME,
  demoJobOutputPath,
} from '../../../packages/api/src/services/seed/seed-demo-job.ts';
import { prisma } from './db-fixtures.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

let worker: WorkerProcess | undefined;

afterAll(async () => {
  await worker?.stop();
  await prisma.$disconnect();
});

describe('demo job', () => {
  it('runs on a worker started after the seed', async () => {
    const { team } = await seedDemo(prisma);
    const job = await prisma.job.findUniqueOrThrow({
      where: { teamId_name: { teamId: team.id, name: DEMO_JOB_NAME } },
    });
    // Another test may have stopped it; `npm start` seeds it wanting to run.
    await prisma.job.update({ where: { id: job.id }, data: { desiredState: 'RUNNING' } });
    worker = spawnWorker('demo-worker', {
      WORKER_TEAMS: team.id,
      WORKER_LEASE_MS: '5000',
      VELO_FILE_ROOT: dirname(dirname(demoJobOutputPath())),
    });
    const running = await waitUntil(
      'demo job RUNNING',
      async () => {
        const row = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
        return row.actualState === 'RUNNING' ? row : null;
      },
      40_000,
    );
    expect([running.ownerWorkerId, running.lastError]).toEqual(['demo-worker', null]);
  }, 60_000);
});
